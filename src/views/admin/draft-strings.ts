// The admin UI's words for drafts and their preview (English only, like views/admin/strings.ts).
import type { Locale, SubjectType } from '../../domain/model';
import { LANGUAGE } from './translated-fields';

const subscribers = (n: number) => `${n} ${n === 1 ? 'subscriber' : 'subscribers'}`;

export const D = {
  title: 'Drafts',
  intro:
    'Incidents and maintenance written but not published: nobody sees them on the public page and nobody is e-mailed until you publish.',
  none: 'No drafts.',
  published: 'Published drafts',
  kind: 'What',
  kindOf: { maintenance: 'Maintenance', incident: 'Incident' } satisfies Record<SubjectType, string>,
  edited: 'Last saved',
  by: 'By',
  when: 'When',
  publishedAt: 'Published',
  draftTitle: (type: SubjectType, name: string) => `Draft ${type === 'maintenance' ? 'maintenance' : 'incident'}: ${name}`,
  editTitle: (name: string) => `Edit draft: ${name}`,
  saveDraft: 'Save draft',
  preview: 'Preview',
  publish: 'Publish…',
  formHint:
    'Save draft and Preview keep it unpublished: nothing shows on the public page and nobody is e-mailed until you publish it from the draft.',
  edit: 'Edit',
  delete: 'Delete draft',
  deleteConfirm: 'Delete this draft? It cannot be brought back.',
  unpublished: 'Not published: nothing of it is public, nobody has been e-mailed.',
  previewHeading: 'Preview',
  cards: 'On the status page',
  cardIn: (locale: Locale) => `Card in ${LANGUAGE[locale]}`,
  cardFrame: (locale: Locale) => `Status page card preview in ${LANGUAGE[locale]}`,
  mails: 'E-mails',
  mailIn: (locale: Locale, n: number) => `In ${LANGUAGE[locale]}: to ${subscribers(n)}`,
  mailFrame: (locale: Locale) => `E-mail preview in ${LANGUAGE[locale]}`,
  mailSubject: 'Subject',
  textPart: 'Plain-text part',
  sample: 'As a subscriber of every component reads it, with times in the page’s zone; each subscriber gets it in their own zone.',
  audience: (total: number, byLocale: Record<Locale, number>) =>
    `Publishing now e-mails ${subscribers(total)} (${(Object.entries(byLocale) as [Locale, number][])
      .map(([l, n]) => `${n} in ${LANGUAGE[l]}`)
      .join(', ')}).`,
  audienceByLanguage: (byLocale: Record<Locale, number>) =>
    (Object.entries(byLocale) as [Locale, number][]).map(([l, n]) => `${LANGUAGE[l]}: ${subscribers(n)}`).join('; '),
  noMessage: 'No message.',
  silent: 'Notify subscribers is off: publishing e-mails nobody.',
  cannotPublish: 'It cannot be published as it is:',
  editToFix: 'Edit the draft to fix it.',
  publishTitle: (name: string) => `Publish “${name}”?`,
  publishConfirm: (n: number | null) => (n === null || n === 0 ? 'Publish' : `Publish and e-mail ${subscribers(n)}`),
  publishedAlready: 'This draft has been published.',
  saved: 'Draft saved.',
  facts: {
    window: 'Window',
    components: 'Components',
    status: 'Status',
  },
};
