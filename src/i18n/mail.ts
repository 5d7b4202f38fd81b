// What the e-mails say, in English and French. Templates (templates/) hold the layout only.
import type { Locale } from '../domain/model';
import { formatList } from './format';
import { fr } from './mail-fr';
import type { StatusWords } from './status-words';
import { STATUS_WORDS } from './status-words';

export type NoticeMailName =
  | 'maintenance-scheduled'
  | 'maintenance-reminder'
  | 'maintenance-started'
  | 'maintenance-update'
  | 'maintenance-completed'
  | 'maintenance-rescheduled'
  | 'maintenance-moved-earlier'
  | 'maintenance-moved-later'
  | 'maintenance-extended'
  | 'maintenance-shortened'
  | 'maintenance-cancelled'
  | 'incident-created'
  | 'incident-update'
  | 'incident-resolved'
  | 'incident-postmortem';

/** What a subject line or lead may mention. */
export interface MailFacts {
  name: string;
  page: string;
  /** The window, formatted: "Saturday 5 December 2026, 08:00 → … (Europe/Paris)". */
  window: string;
  /** How far ahead, for reminders: "24 hours" (formatLead), or what is really left (formatTimeLeft). */
  lead: string;
  /** The incident status, localised. */
  status: string;
}

interface NoticeWords {
  subject: (f: MailFacts) => string;
  heading: (f: MailFacts) => string;
  lead: (f: MailFacts) => string;
}

export interface MailCatalogue {
  notices: Record<NoticeMailName, NoticeWords>;
  confirmation: {
    subject: (f: MailFacts) => string;
    heading: string;
    lead: (f: MailFacts) => string;
    cta: string;
    note: string;
    alreadySubject: (f: MailFacts) => string;
    alreadyHeading: string;
    alreadyLead: (f: MailFacts) => string;
    alreadyCta: string;
    alreadyNote: string;
    reason: (f: MailFacts) => string;
  };
  /**
   * What a label takes before its value in running text ("When: …", "Quand : …"): the text
   * parts and the .ics description write `label + colon + ' ' + value`.
   */
  colon: string;
  labels: {
    when: string;
    /** The actual times, once known (an early start, a late end). */
    startedAt: string;
    endedAt: string;
    previously: string;
    wasPlanned: string;
    components: string;
    stillWorking: string;
    status: string;
    viewMaintenance: string;
    viewIncident: string;
    manage: string;
    unsubscribe: string;
    /** The footer's links to the operator's privacy policy and legal notice, where set. */
    privacy: string;
    legal: string;
    cancelledEvent: (name: string) => string;
  };
  /** Why the reader gets the e-mail: the page's, or only some of its components' (their names). */
  reason: { all: (page: string) => string; some: (page: string, components: readonly string[]) => string };
  componentStatus: StatusWords['componentStatus'];
  incidentStatus: StatusWords['incidentStatus'];
}

const en: MailCatalogue = {
  notices: {
    'maintenance-scheduled': {
      subject: (f) => `[Scheduled] ${f.name}`,
      heading: (f) => `Scheduled maintenance: ${f.name}`,
      lead: (f) => `${f.page} has planned maintenance: ${f.window}.`,
    },
    'maintenance-reminder': {
      subject: (f) => `[Reminder] ${f.name} starts in ${f.lead}`,
      heading: (f) => `Starts in ${f.lead}: ${f.name}`,
      lead: (f) => `A reminder: this maintenance of ${f.page} starts in ${f.lead}.`,
    },
    'maintenance-started': {
      subject: (f) => `[In progress] ${f.name}`,
      heading: (f) => `In progress: ${f.name}`,
      lead: (f) => `The maintenance of ${f.page} has started. It is planned to last until the end of the window below.`,
    },
    'maintenance-update': {
      subject: (f) => `[Update] ${f.name}`,
      heading: (f) => `Update: ${f.name}`,
      lead: (f) => `News of the maintenance of ${f.page}.`,
    },
    'maintenance-completed': {
      subject: (f) => `[Completed] ${f.name}`,
      heading: (f) => `Completed: ${f.name}`,
      lead: (f) => `The maintenance of ${f.page} is over.`,
    },
    // Said when how the window moved is not known; each known shift has its own words below.
    'maintenance-rescheduled': {
      subject: (f) => `[Rescheduled] ${f.name}`,
      heading: (f) => `Rescheduled: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} has been rescheduled. It now takes place ${f.window}.`,
    },
    'maintenance-moved-earlier': {
      subject: (f) => `[Moved earlier] ${f.name}`,
      heading: (f) => `Moved earlier: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} has been brought forward. It now takes place ${f.window}.`,
    },
    'maintenance-moved-later': {
      subject: (f) => `[Postponed] ${f.name}`,
      heading: (f) => `Postponed: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} has been postponed. It now takes place ${f.window}.`,
    },
    'maintenance-extended': {
      subject: (f) => `[Extended] ${f.name}`,
      heading: (f) => `Extended: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} will end later than planned. It now takes place ${f.window}.`,
    },
    'maintenance-shortened': {
      subject: (f) => `[Shortened] ${f.name}`,
      heading: (f) => `Shortened: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} will end earlier than planned. It now takes place ${f.window}.`,
    },
    'maintenance-cancelled': {
      subject: (f) => `[Cancelled] ${f.name}`,
      heading: (f) => `Cancelled: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} will not take place.`,
    },
    'incident-created': {
      subject: (f) => `[${f.status}] ${f.name}`,
      heading: (f) => `Incident: ${f.name}`,
      lead: (f) => `${f.page} has an incident.`,
    },
    'incident-update': {
      subject: (f) => `[${f.status}] ${f.name}`,
      heading: (f) => `Update: ${f.name}`,
      lead: (f) => `News of the incident on ${f.page}.`,
    },
    'incident-resolved': {
      subject: (f) => `[Resolved] ${f.name}`,
      heading: (f) => `Resolved: ${f.name}`,
      lead: (f) => `The incident on ${f.page} is resolved.`,
    },
    'incident-postmortem': {
      subject: (f) => `[Postmortem] ${f.name}`,
      heading: (f) => `Postmortem: ${f.name}`,
      lead: (f) => `What happened during the incident on ${f.page}, and what we are changing.`,
    },
  },
  confirmation: {
    subject: (f) => `Confirm your subscription to ${f.page}`,
    heading: 'Confirm your subscription',
    lead: (f) => `Someone, probably you, asked to receive the status updates of ${f.page} at this address.`,
    cta: 'Confirm my subscription',
    note: 'If it was not you, ignore this e-mail: nothing else will be sent to you.',
    alreadySubject: (f) => `Your subscription to ${f.page}`,
    alreadyHeading: 'You are already subscribed',
    alreadyLead: (f) => `Someone, probably you, asked to subscribe this address to ${f.page}. It already receives its updates.`,
    alreadyCta: 'Manage my subscription',
    alreadyNote: 'Nothing has changed. If it was not you, you can ignore this e-mail.',
    reason: (f) => `You receive this e-mail because this address was entered on the status page of ${f.page}.`,
  },
  colon: ':',
  labels: {
    when: 'When',
    startedAt: 'Started',
    endedAt: 'Ended',
    previously: 'Previously',
    wasPlanned: 'Was planned for',
    components: 'Affected components',
    stillWorking: 'What still works',
    status: 'Status',
    viewMaintenance: 'View the maintenance',
    viewIncident: 'View the incident',
    manage: 'Manage your subscription',
    unsubscribe: 'Unsubscribe',
    privacy: 'Privacy',
    legal: 'Legal notice',
    cancelledEvent: (name) => `Cancelled: ${name}`,
  },
  reason: {
    all: (page) => `You receive this e-mail because you subscribed to the status updates of ${page}.`,
    some: (page, components) =>
      `You receive this e-mail because you subscribed to the status updates of ${page} for ${formatList(components, 'en-GB')}.`,
  },
  componentStatus: STATUS_WORDS.en.componentStatus,
  incidentStatus: STATUS_WORDS.en.incidentStatus,
};

export const MAIL: Record<Locale, MailCatalogue> = { en, fr };
