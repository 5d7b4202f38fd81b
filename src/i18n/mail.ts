// What the e-mails say, in English and French. Templates (templates/) hold the layout only.
import type { Locale } from '../domain/model';
import type { StatusWords } from './status-words';
import { STATUS_WORDS } from './status-words';

export type NoticeMailName =
  | 'maintenance-scheduled'
  | 'maintenance-reminder'
  | 'maintenance-started'
  | 'maintenance-update'
  | 'maintenance-completed'
  | 'maintenance-rescheduled'
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
  /** How far ahead, for reminders: "24 hours". */
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
  labels: {
    when: string;
    previously: string;
    wasPlanned: string;
    components: string;
    stillWorking: string;
    status: string;
    viewMaintenance: string;
    viewIncident: string;
    manage: string;
    unsubscribe: string;
    cancelledEvent: (name: string) => string;
  };
  reason: { all: (page: string) => string; some: (page: string, components: string) => string };
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
    'maintenance-rescheduled': {
      subject: (f) => `[Rescheduled] ${f.name}`,
      heading: (f) => `Rescheduled: ${f.name}`,
      lead: (f) => `This maintenance of ${f.page} has moved. It now takes place ${f.window}.`,
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
  labels: {
    when: 'When',
    previously: 'Previously',
    wasPlanned: 'Was planned for',
    components: 'Affected components',
    stillWorking: 'What still works',
    status: 'Status',
    viewMaintenance: 'View the maintenance',
    viewIncident: 'View the incident',
    manage: 'Manage your subscription',
    unsubscribe: 'Unsubscribe',
    cancelledEvent: (name) => `Cancelled: ${name}`,
  },
  reason: {
    all: (page) => `You receive this e-mail because you subscribed to the status updates of ${page}.`,
    some: (page, components) => `You receive this e-mail because you subscribed to the status updates of ${page} for ${components}.`,
  },
  componentStatus: STATUS_WORDS.en.componentStatus,
  incidentStatus: STATUS_WORDS.en.incidentStatus,
};

const fr: MailCatalogue = {
  notices: {
    'maintenance-scheduled': {
      subject: (f) => `[Planifiée] ${f.name}`,
      heading: (f) => `Maintenance planifiée : ${f.name}`,
      lead: (f) => `${f.page} a planifié une maintenance : ${f.window}.`,
    },
    'maintenance-reminder': {
      subject: (f) => `[Rappel] ${f.name} commence dans ${f.lead}`,
      heading: (f) => `Dans ${f.lead} : ${f.name}`,
      lead: (f) => `Pour rappel, cette maintenance de ${f.page} commence dans ${f.lead}.`,
    },
    'maintenance-started': {
      subject: (f) => `[En cours] ${f.name}`,
      heading: (f) => `En cours : ${f.name}`,
      lead: (f) => `La maintenance de ${f.page} a commencé. Elle doit durer jusqu’à la fin de la période ci-dessous.`,
    },
    'maintenance-update': {
      subject: (f) => `[Mise à jour] ${f.name}`,
      heading: (f) => `Mise à jour : ${f.name}`,
      lead: (f) => `Des nouvelles de la maintenance de ${f.page}.`,
    },
    'maintenance-completed': {
      subject: (f) => `[Terminée] ${f.name}`,
      heading: (f) => `Terminée : ${f.name}`,
      lead: (f) => `La maintenance de ${f.page} est terminée.`,
    },
    'maintenance-rescheduled': {
      subject: (f) => `[Reportée] ${f.name}`,
      heading: (f) => `Reportée : ${f.name}`,
      lead: (f) => `Cette maintenance de ${f.page} a changé de date. Elle a désormais lieu ${f.window}.`,
    },
    'maintenance-cancelled': {
      subject: (f) => `[Annulée] ${f.name}`,
      heading: (f) => `Annulée : ${f.name}`,
      lead: (f) => `Cette maintenance de ${f.page} n’aura pas lieu.`,
    },
    'incident-created': {
      subject: (f) => `[${f.status}] ${f.name}`,
      heading: (f) => `Incident : ${f.name}`,
      lead: (f) => `${f.page} rencontre un incident.`,
    },
    'incident-update': {
      subject: (f) => `[${f.status}] ${f.name}`,
      heading: (f) => `Mise à jour : ${f.name}`,
      lead: (f) => `Des nouvelles de l’incident de ${f.page}.`,
    },
    'incident-resolved': {
      subject: (f) => `[Résolu] ${f.name}`,
      heading: (f) => `Résolu : ${f.name}`,
      lead: (f) => `L’incident de ${f.page} est résolu.`,
    },
    'incident-postmortem': {
      subject: (f) => `[Post-mortem] ${f.name}`,
      heading: (f) => `Post-mortem : ${f.name}`,
      lead: (f) => `Ce qui s’est passé pendant l’incident de ${f.page}, et ce que nous changeons.`,
    },
  },
  confirmation: {
    subject: (f) => `Confirmez votre abonnement à ${f.page}`,
    heading: 'Confirmez votre abonnement',
    lead: (f) => `Quelqu’un, sans doute vous, a demandé à recevoir à cette adresse les nouvelles de l’état de ${f.page}.`,
    cta: 'Confirmer mon abonnement',
    note: 'Si ce n’était pas vous, ignorez cet e-mail : vous ne recevrez rien d’autre.',
    alreadySubject: (f) => `Votre abonnement à ${f.page}`,
    alreadyHeading: 'Vous êtes déjà abonné',
    alreadyLead: (f) => `Quelqu’un, sans doute vous, a demandé à abonner cette adresse à ${f.page}. Elle en reçoit déjà les nouvelles.`,
    alreadyCta: 'Gérer mon abonnement',
    alreadyNote: 'Rien n’a changé. Si ce n’était pas vous, vous pouvez ignorer cet e-mail.',
    reason: (f) => `Vous recevez cet e-mail parce que cette adresse a été saisie sur la page d’état de ${f.page}.`,
  },
  labels: {
    when: 'Quand',
    previously: 'Auparavant',
    wasPlanned: 'Était prévue',
    components: 'Composants concernés',
    stillWorking: 'Ce qui fonctionne encore',
    status: 'État',
    viewMaintenance: 'Voir la maintenance',
    viewIncident: 'Voir l’incident',
    manage: 'Gérer votre abonnement',
    unsubscribe: 'Se désabonner',
    cancelledEvent: (name) => `Annulée : ${name}`,
  },
  reason: {
    all: (page) => `Vous recevez cet e-mail parce que vous êtes abonné aux nouvelles de l’état de ${page}.`,
    some: (page, components) => `Vous recevez cet e-mail parce que vous êtes abonné aux nouvelles de l’état de ${page} pour ${components}.`,
  },
  componentStatus: STATUS_WORDS.fr.componentStatus,
  // The e-mails have always said these two differently from the page (tests pin both wordings).
  incidentStatus: { ...STATUS_WORDS.fr.incidentStatus, investigating: 'Analyse en cours', identified: 'Cause identifiée' },
};

export const MAIL: Record<Locale, MailCatalogue> = { en, fr };
