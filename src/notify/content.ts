// What one e-mail says: the template, the subject and the values it is filled with, for one
// notice and one reader (language, time zone, what they follow), or for one confirmation.

import type { Locale } from '../domain/model';
import { COMPONENT_STATUS_INFO, INCIDENT_STATUSES, type IncidentStatus } from '../domain/status';
import type { Subscriber } from '../domain/subscribers';
import type { MailFacts, NoticeMailName } from '../i18n/mail';
import { MAIL } from '../i18n/mail';
import type { Notice } from '../store/notices';
import { escapeHtml, type View } from './render';
import type { TemplateName } from './templates.generated';
import { formatInstant, formatLead, formatWindow } from './when';

export interface Recipient {
  subscriber: Pick<Subscriber, 'email' | 'locale' | 'timeZone' | 'allComponents' | 'components'>;
  /** Component id → name, for "you follow …". */
  componentNames: ReadonlyMap<string, string>;
}

export interface Links {
  publicUrl: string;
  pageName: string;
  /** Absent for people who have not confirmed: there is nothing to manage yet. */
  manage?: string;
  unsubscribe?: string;
}

export interface MailContent {
  template: TemplateName;
  subject: string;
  view: View;
  /** For the .ics attachment of maintenance e-mails. */
  event?: { summary: string; description: string };
}

// Bodies the services write when an operator gave none (Statuspage's wording, in English):
// the lead already says as much in the subscriber's language, so they are not repeated.
const AUTOMATIC_BODIES = [
  /^Scheduled maintenance is currently in progress\. We will provide updates as necessary\.$/,
  /^The scheduled maintenance has been completed\.$/,
  /^This scheduled maintenance has been cancelled\.$/,
  /^Rescheduled: previously \S+ → \S+, now \S+ → \S+\.$/,
];

const operatorText = (body: string): string | null => {
  const text = body.trim();
  return text && !AUTOMATIC_BODIES.some((re) => re.test(text)) ? text : null;
};

const paragraphs = (text: string): string =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

const isIncidentStatus = (s: unknown): s is IncidentStatus => (INCIDENT_STATUSES as readonly unknown[]).includes(s);

/**
 * All a notice's e-mail reads of its subscriber: subscribers with the same reader get the same
 * e-mail but for their links (assemble.ts renders it once per reader and batch).
 */
export interface Reader {
  locale: Locale;
  timeZone: string;
  /** The names of the components they follow, or null when they follow everything. */
  follows: string | null;
}

export function readerOf(r: Recipient): Reader {
  const { locale, timeZone, allComponents, components } = r.subscriber;
  const follows = allComponents || components.length === 0 ? null : components.map((id) => r.componentNames.get(id) ?? id).join(', ');
  return { locale, timeZone, follows };
}

/** Equal for readers who get the same e-mail, different otherwise. */
export const readerKey = (reader: Reader): string => JSON.stringify([reader.locale, reader.timeZone, reader.follows]);

function footer(reader: Reader, links: Links): View {
  const t = MAIL[reader.locale];
  return {
    reason: reader.follows === null ? t.reason.all(links.pageName) : t.reason.some(links.pageName, reader.follows),
    manage_url: links.manage,
    manage_label: t.labels.manage,
    unsubscribe_url: links.unsubscribe,
    unsubscribe_label: t.labels.unsubscribe,
  };
}

export function noticeContent(notice: Notice, reader: Reader, links: Links): MailContent {
  const { locale, timeZone } = reader;
  const t = MAIL[locale];
  const p = notice.payload;
  const name = `${notice.subjectType}-${notice.kind}` as NoticeMailName;
  const words = t.notices[name];
  if (!words) throw new Error(`no e-mail for a ${notice.subjectType} ${notice.kind} notice`);
  const window = p.window ? formatWindow(p.window.scheduled_for, p.window.scheduled_until, locale, timeZone) : '';
  const facts: MailFacts = {
    name: p.name,
    page: links.pageName,
    window,
    lead: p.minutes_before ? formatLead(p.minutes_before, locale) : '',
    status: isIncidentStatus(p.status) ? t.incidentStatus[p.status] : '',
  };
  const message = operatorText(p.body);
  const components = p.components.map((c) => ({
    name: c.name,
    status: t.componentStatus[c.status] ?? c.status,
    color: COMPONENT_STATUS_INFO[c.status]?.color ?? '#7b8794',
  }));
  const isMaintenance = notice.subjectType === 'maintenance';
  const previous = notice.kind === 'rescheduled' ? p.previous : notice.kind === 'cancelled' ? p.window : undefined;
  const lead = words.lead(facts);
  const view: View = {
    lang: locale,
    subject: words.subject(facts),
    preheader: lead,
    page_name: links.pageName,
    page_url: links.publicUrl,
    heading: words.heading(facts),
    lead,
    when_label: t.labels.when,
    when: window,
    previously_label: notice.kind === 'cancelled' ? t.labels.wasPlanned : t.labels.previously,
    previously: previous ? formatWindow(previous.scheduled_for, previous.scheduled_until, locale, timeZone) : '',
    components_label: t.labels.components,
    components,
    still_working_label: t.labels.stillWorking,
    still_working: p.still_working ?? '',
    message,
    message_html: message ? paragraphs(message) : '',
    status_label: t.labels.status,
    status: facts.status,
    at: formatInstant(notice.createdAt, locale, timeZone),
    cta_label: isMaintenance ? t.labels.viewMaintenance : t.labels.viewIncident,
    cta_url: `${links.publicUrl}/${isMaintenance ? 'maintenances' : 'incidents'}/${notice.subjectId}`,
    ...footer(reader, links),
  };
  const content: MailContent = { template: name, subject: String(view.subject), view };
  if (isMaintenance) {
    const lines = [
      lead,
      ...components.map((c) => `- ${c.name}: ${c.status}`),
      ...(p.still_working ? [`${t.labels.stillWorking}: ${p.still_working}`] : []),
      String(view.cta_url),
    ];
    content.event = { summary: notice.kind === 'cancelled' ? t.labels.cancelledEvent(p.name) : p.name, description: lines.join('\n') };
  }
  return content;
}

/**
 * The one e-mail an unconfirmed address gets: a link to confirm. An address that is already
 * subscribed gets its manage link instead, so the form never tells who is subscribed.
 */
export function confirmationContent(r: Recipient, links: Links & { confirm?: string }): MailContent {
  const { locale } = r.subscriber;
  const c = MAIL[locale].confirmation;
  const facts: MailFacts = { name: '', page: links.pageName, window: '', lead: '', status: '' };
  const already = !links.confirm;
  const lead = already ? c.alreadyLead(facts) : c.lead(facts);
  const subject = already ? c.alreadySubject(facts) : c.subject(facts);
  return {
    template: 'confirmation',
    subject,
    view: {
      lang: locale,
      subject,
      preheader: lead,
      page_name: links.pageName,
      page_url: links.publicUrl,
      heading: already ? c.alreadyHeading : c.heading,
      lead,
      cta_label: already ? c.alreadyCta : c.cta,
      cta_url: links.confirm ?? links.manage,
      note: already ? c.alreadyNote : c.note,
      reason: c.reason(facts),
    },
  };
}
