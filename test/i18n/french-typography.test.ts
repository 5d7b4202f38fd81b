import { describe, expect, it } from 'vitest';
import type { UpdateFacts } from '../../src/domain/model';
import type { NoticePayload } from '../../src/domain/notices';
import { formatDate, formatDateRange, formatDuration, formatMonth, formatTime, MESSAGES } from '../../src/i18n';
import { FEED_WORDS } from '../../src/i18n/feeds';
import { MAIL } from '../../src/i18n/mail';
import { STATUS_WORDS } from '../../src/i18n/status-words';
import { SUBSCRIBE_WORDS } from '../../src/i18n/subscribe';
import { automaticUpdateText } from '../../src/i18n/update-facts';
import { renderMail } from '../../src/notify/compose';
import { confirmationContent, type Links, noticeContent, type Reader } from '../../src/notify/content';
import { formatInstant, formatTimeLeft, formatWindow } from '../../src/notify/when';
import type { Notice } from '../../src/store/notices';
import { type Fault, frenchTypographyFaults, visibleText } from './french-typography-check';

// Every French word Forewarn writes, held to the typography rules of issue 13: the catalogues
// (every string, every function called), the formatters, and every e-mail as the real renderer
// writes it (subject, text part, HTML part). The sample values are chosen to catch what a
// catalogue does with them: a page name that starts with a vowel ("de Acme"), dates on the
// first of a month ("1 décembre").

const PAGE = 'Acme Intel';
const WINDOW = formatWindow('2026-12-01T07:00:00.000Z', '2026-12-01T11:00:00.000Z', 'fr', 'Europe/Paris');

/** A value every catalogue function can take: a string ("Acme Intel") that is also MailFacts. */
const SAMPLE = Object.assign(new String(PAGE), {
  name: 'Opération «\u202fOrion\u202f»',
  page: PAGE,
  window: WINDOW,
  lead: formatTimeLeft(61 * 60_000, 'fr'),
  status: 'Analyse en cours',
});

/** Every string of a catalogue, by its path, functions called with the sample. */
function strings(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    strings(fn(...Array(fn.length).fill(SAMPLE)), `${path}()`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) strings(inner, `${path}.${key}`, out);
  }
  return out;
}

const faultsOf = (texts: [string, string][], strict: boolean): { where: string; fault: Fault }[] =>
  texts.flatMap(([where, text]) => frenchTypographyFaults(text, { strict }).map((fault) => ({ where, fault })));

describe('every French string of every catalogue', () => {
  it('is set by the typography rules, in the house convention (U+00A0 before ":", U+202F before ; ! ? and in « »)', () => {
    const texts = [
      ...strings(MESSAGES.fr, 'page'),
      ...strings(MAIL.fr, 'mail'),
      ...strings(SUBSCRIBE_WORDS.fr, 'subscribe'),
      ...strings(STATUS_WORDS.fr, 'status'),
      ...strings(FEED_WORDS.fr, 'feeds'),
    ];
    // The walk reached the catalogues' functions, with the sample in them.
    expect(texts.find(([where]) => where === 'mail.notices.maintenance-moved-earlier.lead()')?.[1]).toContain('d’Acme Intel');
    expect(texts.length).toBeGreaterThan(250);
    expect(faultsOf(texts, true)).toEqual([]);
  });

  it('and the updates Forewarn writes itself', () => {
    const windows = {
      previous: { scheduled_for: '2026-11-01T07:00:00.000Z', scheduled_until: '2026-11-01T11:00:00.000Z' },
      window: { scheduled_for: '2026-12-01T07:00:00.000Z', scheduled_until: '2026-12-01T11:00:00.000Z' },
    };
    const facts: UpdateFacts[] = [
      { automatic: 'in_progress' },
      { automatic: 'completed' },
      { automatic: 'cancelled' },
      ...(['earlier', 'later', 'extended', 'shortened'] as const).map((shift) => ({
        automatic: 'rescheduled' as const,
        shift,
        ...windows,
      })),
    ];
    const texts = facts.map((f): [string, string] => [JSON.stringify(f), automaticUpdateText(f, 'fr', 'Europe/Paris')]);
    expect(faultsOf(texts, true)).toEqual([]);
  });

  it('and what the formatters write in French', () => {
    const at = '2026-12-01T07:00:00.000Z';
    const texts: [string, string][] = [
      ['formatWindow', WINDOW],
      ['formatInstant', formatInstant(at, 'fr', 'Europe/Paris')],
      ['formatTime', formatTime(at, 'fr-FR', 'Europe/Paris')],
      ['formatTime long', formatTime(at, 'fr-FR', 'Europe/Paris', 'long')],
      ['formatDate', formatDate('2026-12-01', 'fr-FR')],
      ['formatDateRange', formatDateRange('2026-11-28', '2026-12-01', 'fr-FR')],
      ['formatDateRange one month', formatDateRange('2026-12-01', '2026-12-14', 'fr-FR')],
      ['formatDuration', formatDuration(26 * 3_600_000, 'fr-FR')],
      ['formatTimeLeft', formatTimeLeft(30_000, 'fr')],
      ['history range', MESSAGES.fr.history.range(formatMonth('2026-10', 'fr-FR'), formatMonth('2026-12', 'fr-FR'))],
    ];
    expect(texts.at(-1)?.[1]).toBe('d’octobre 2026 à décembre 2026');
    expect(faultsOf(texts, false)).toEqual([]);
  });
});

// ---- The e-mails, as the renderer writes them ----

const links: Links = {
  publicUrl: 'https://status.example.com',
  pageName: PAGE,
  manage: 'https://status.example.com/manage/t0k3n',
  unsubscribe: 'https://status.example.com/unsubscribe/t0k3n',
};
const readers: Reader[] = [
  { locale: 'fr', timeZone: 'Europe/Paris', follows: null },
  { locale: 'fr', timeZone: 'America/Martinique', follows: ['Robots d’indexation', 'API publique'] },
];

const components: NoticePayload['components'] = [
  { id: 'c1', name: 'Robots d’indexation', status: 'under_maintenance' },
  { id: 'c2', name: 'API publique', status: 'degraded_performance' },
];
// The operator's text, written in French as it should be: the check is about Forewarn's words.
const maintenance: NoticePayload = {
  name: 'Migration du centre de données, étape 2',
  body: 'Les **baies** sont réservées\u202f; l’équipe est sur place. Des questions\u202f? Écrivez-nous\u00a0: ops@example.fr',
  components,
  still_working: 'La connexion et les tableaux de bord en lecture seule',
  window: { scheduled_for: '2026-12-01T07:00:00.000Z', scheduled_until: '2026-12-01T11:00:00.000Z' },
};
const incident: NoticePayload = {
  name: 'Erreurs de l’API',
  body: 'Nous analysons des erreurs 502 sur l’API publique.',
  components: [{ id: 'c2', name: 'API publique', status: 'major_outage' }],
};

let sequence = 0;
const notice = (subjectType: 'maintenance' | 'incident', kind: Notice['kind'], payload: Partial<NoticePayload>): Notice => ({
  id: `n${++sequence}`,
  dedupeKey: `k${sequence}`,
  subjectType,
  subjectId: subjectType === 'maintenance' ? 'm1' : 'i1',
  kind,
  updateId: null,
  deliver: true,
  createdAt: '2026-11-01T08:00:00.000Z',
  payload: { ...(subjectType === 'maintenance' ? maintenance : incident), ...payload },
});

const previous = { scheduled_for: '2026-11-01T07:00:00.000Z', scheduled_until: '2026-11-01T11:00:00.000Z' };
const NOTICES: Notice[] = [
  notice('maintenance', 'scheduled', { sequence: 0 }),
  notice('maintenance', 'reminder', { minutes_before: 60 }),
  notice('maintenance', 'started', { actual: { started_at: '2026-12-01T06:45:00.000Z', ended_at: null } }),
  notice('maintenance', 'update', { body: 'La copie des bases avance\u00a0: 60\u202f% fait.' }),
  notice('maintenance', 'completed', { actual: { started_at: '2026-12-01T06:45:00.000Z', ended_at: '2026-12-01T10:30:00.000Z' } }),
  notice('maintenance', 'rescheduled', { previous }),
  ...(['earlier', 'later', 'extended', 'shortened'] as const).map((shift) => notice('maintenance', 'rescheduled', { previous, shift })),
  notice('maintenance', 'cancelled', { body: 'Les nouvelles baies sont en retard.' }),
  notice('incident', 'created', { status: 'investigating' }),
  notice('incident', 'update', { status: 'monitoring', body: 'Un correctif est en place\u202f; nous surveillons.' }),
  notice('incident', 'resolved', { status: 'resolved', body: 'Tout fonctionne à nouveau.' }),
  notice('incident', 'postmortem', { status: 'postmortem', body: 'Une mise à jour du répartiteur de charge a échoué.' }),
];

describe('every French e-mail, as the renderer writes it', () => {
  it('is set by the typography rules in its subject, its text part and its HTML part, for every kind of notice and reader', () => {
    const faults: { where: string; fault: Fault }[] = [];
    const check = (label: string, content: ReturnType<typeof noticeContent>) => {
      const mail = renderMail(content);
      const texts: [string, string][] = [
        [`${label} subject`, mail.subject],
        [`${label} text`, mail.text],
        [`${label} html`, visibleText(mail.html)],
      ];
      if (content.event) texts.push([`${label} event`, `${content.event.summary}\n${content.event.description}`]);
      faults.push(...faultsOf(texts, false));
      return mail;
    };
    const mails = readers.flatMap((reader) =>
      NOTICES.map((n) =>
        check(
          `${n.subjectType}-${n.kind}${n.payload.shift ? `-${n.payload.shift}` : ''} (${reader.timeZone})`,
          noticeContent(n, reader, links),
        ),
      ),
    );
    const recipient = {
      subscriber: { email: 'chloe@example.fr', locale: 'fr' as const, timeZone: 'Europe/Paris', allComponents: true, components: [] },
      componentNames: new Map(),
    };
    mails.push(check('confirmation', confirmationContent(recipient, { ...links, confirm: 'https://status.example.com/confirm/t0k3n' })));
    mails.push(check('already subscribed', confirmationContent(recipient, links)));

    // The check read real e-mails: French, with the first of a month and the page's name elided in them.
    expect(mails).toHaveLength(NOTICES.length * readers.length + 2);
    expect(mails[0]!.text).toContain('mardi 1er décembre 2026');
    expect(mails[0]!.html).toContain('d’Acme Intel');
    expect(faults).toEqual([]);
  });
});
