// What one e-mail says: the template, the subject and the values it is filled with, for one
// notice and one reader (language, time zone, what they follow), or for one confirmation.

import { inLocale } from '../domain/localized';
import type { Locale, WindowShift } from '../domain/model';
import type { NoticePayload } from '../domain/notices';
import { COMPONENT_STATUS_INFO, INCIDENT_STATUSES, type IncidentStatus } from '../domain/status';
import type { Subscriber } from '../domain/subscribers';
import type { MailFacts, NoticeMailName } from '../i18n/mail';
import { MAIL } from '../i18n/mail';
import { legacyFacts } from '../i18n/update-facts';
import type { Notice } from '../store/notices';
import { renderMarkdown } from '../views/markdown';
import { markdownToText } from './markdown-text';
import type { View } from './render';
import type { TemplateName } from './templates.generated';
import { formatInstant, formatTimeLeft, formatWindow } from './when';

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
  /** The operator's privacy policy and legal notice, where the page sets them. */
  privacy?: string;
  legal?: string;
}

export interface MailContent {
  template: TemplateName;
  subject: string;
  view: View;
  /** For the .ics attachment of maintenance e-mails. */
  event?: { summary: string; description: string };
}

// Bodies older versions wrote when an operator gave none (Statuspage's wording, in English): the
// lead already says as much in the subscriber's language, so they are not repeated.
export const operatorText = (body: string): string | null => {
  const text = body.trim();
  return text && legacyFacts(text) === null ? text : null;
};

/** The operator's words of a notice in the reader's language, where they wrote them in it. */
export function payloadIn(p: NoticePayload, locale: Locale): NoticePayload {
  const t = p.translations;
  return {
    ...p,
    name: inLocale(p.name, t, 'name', locale),
    body: inLocale(p.body, t, 'body', locale),
    still_working: p.still_working ? inLocale(p.still_working, t, 'still_working', locale) : p.still_working,
    components: p.components.map((c) => ({ ...c, name: p.component_translations?.[c.id]?.[locale] || c.name })),
  };
}

/** Each way a window can move has its own words; older notices without a shift keep the neutral ones. */
const SHIFT_MAIL: Record<WindowShift, NoticeMailName> = {
  earlier: 'maintenance-moved-earlier',
  later: 'maintenance-moved-later',
  extended: 'maintenance-extended',
  shortened: 'maintenance-shortened',
};

const isIncidentStatus = (s: unknown): s is IncidentStatus => (INCIDENT_STATUSES as readonly unknown[]).includes(s);

/**
 * All a notice's e-mail reads of its subscriber: subscribers with the same reader get the same
 * e-mail but for their links (assemble.ts renders it once per reader and batch).
 */
export interface Reader {
  locale: Locale;
  timeZone: string;
  /** The names of the components they follow, or null when they follow everything. */
  follows: readonly string[] | null;
}

export function readerOf(r: Recipient): Reader {
  const { locale, timeZone, allComponents, components } = r.subscriber;
  const follows = allComponents || components.length === 0 ? null : components.map((id) => r.componentNames.get(id) ?? id);
  return { locale, timeZone, follows };
}

/** Equal for readers who get the same e-mail, different otherwise. */
export const readerKey = (reader: Reader): string => JSON.stringify([reader.locale, reader.timeZone, reader.follows]);

function footer(reader: Reader, links: Links): View {
  const t = MAIL[reader.locale];
  return {
    reason: reader.follows?.length ? t.reason.some(links.pageName, reader.follows) : t.reason.all(links.pageName),
    manage_url: links.manage,
    manage_label: t.labels.manage,
    unsubscribe_url: links.unsubscribe,
    unsubscribe_label: t.labels.unsubscribe,
    policies: policiesOf(reader.locale, links),
  };
}

/** The footer's line of links to the page's privacy policy and legal notice, or null when it sets neither. */
function policiesOf(locale: Locale, links: Links): View | null {
  const t = MAIL[locale].labels;
  const set = [
    { policy_url: links.privacy, policy_label: t.privacy },
    { policy_url: links.legal, policy_label: t.legal },
  ].filter((link) => link.policy_url);
  return set.length === 0 ? null : { links: set.map((link, i) => ({ ...link, sep: i === 0 ? '' : ' · ' })) };
}

/**
 * `now`: when the e-mail is written, for how long is left before a reminded start (never more
 * than there is: a reminder sent a minute late says so).
 */
export function noticeContent(notice: Notice, reader: Reader, links: Links, now: Date = new Date(notice.createdAt)): MailContent {
  const { locale, timeZone } = reader;
  const t = MAIL[locale];
  const p = payloadIn(notice.payload, locale);
  const template = `${notice.subjectType}-${notice.kind}` as TemplateName;
  const name = notice.kind === 'rescheduled' && p.shift ? SHIFT_MAIL[p.shift] : (template as NoticeMailName);
  const words = t.notices[name];
  if (!words) throw new Error(`no e-mail for a ${notice.subjectType} ${notice.kind} notice`);
  // Once the work started (or ended) at another time than planned, that time is what is shown.
  const from = p.actual?.started_at ?? p.window?.scheduled_for;
  const until = p.actual?.ended_at ?? p.window?.scheduled_until;
  const window = from && until ? formatWindow(from, until, locale, timeZone) : '';
  const left = p.window ? Date.parse(p.window.scheduled_for) - now.getTime() : 0;
  const facts: MailFacts = {
    name: p.name,
    page: links.pageName,
    window,
    lead: notice.kind === 'reminder' ? formatTimeLeft(left, locale) : '',
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
    colon: MAIL[locale].colon,
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
    message: message ? markdownToText(message) : '',
    message_html: message ? renderMarkdown(message) : '',
    status_label: t.labels.status,
    status: facts.status,
    at: formatInstant(notice.createdAt, locale, timeZone),
    cta_label: isMaintenance ? t.labels.viewMaintenance : t.labels.viewIncident,
    cta_url: `${links.publicUrl}/${isMaintenance ? 'maintenances' : 'incidents'}/${notice.subjectId}`,
    ...footer(reader, links),
  };
  const content: MailContent = { template, subject: String(view.subject), view };
  if (isMaintenance) {
    const lines = [
      lead,
      ...components.map((c) => `- ${c.name}${MAIL[locale].colon} ${c.status}`),
      ...(p.still_working ? [`${t.labels.stillWorking}${MAIL[locale].colon} ${p.still_working}`] : []),
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
      colon: MAIL[locale].colon,
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
      policies: policiesOf(locale, links),
    },
  };
}
