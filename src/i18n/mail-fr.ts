// What the e-mails say, in French (the shape and the English are in mail.ts).

import { formatList } from './format';
import type { MailCatalogue } from './mail';
import { STATUS_WORDS } from './status-words';
import { au, de, french, NBSP, SINGULAR } from './typography';

// French typography is set by `french` (typography.ts): the catalogue is written with plain
// spaces before ":" and plain apostrophes, and reads with the no-break spaces and ’ it needs.
/**
 * A maintenance's subject tag: `[Maintenance planifiée] Migration du centre de données`, but
 * `[Planifiée] Maintenance du réseau` when the name already says it is a maintenance (the tag then
 * agrees with the name rather than repeat its first word).
 */
const maintenanceTag = (state: string, name: string): string =>
  /^maintenance(?![\p{L}\p{N}])/iu.test(name.trim()) ? `[${state.charAt(0).toUpperCase()}${state.slice(1)}]` : `[Maintenance ${state}]`;

export const fr: MailCatalogue = {
  notices: {
    'maintenance-scheduled': {
      subject: (f) => `${maintenanceTag('planifiée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance planifiée : ${f.name}`,
      lead: (f) => french`${f.page} a planifié une maintenance : ${f.window}.`,
    },
    'maintenance-reminder': {
      subject: (f) => french`[Rappel] ${f.name} commence dans ${f.lead}`,
      heading: (f) => french`Dans ${f.lead} : ${f.name}`,
      lead: (f) => french`Pour rappel, cette maintenance ${de(f.page)} commence dans ${f.lead}.`,
    },
    'maintenance-started': {
      subject: (f) => `${maintenanceTag('en cours', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance en cours : ${f.name}`,
      lead: (f) => french`La maintenance ${de(f.page)} a commencé. Elle doit durer jusqu'à la fin de la période ci-dessous.`,
    },
    'maintenance-update': {
      subject: (f) => french`[Mise à jour] ${f.name}`,
      heading: (f) => french`Mise à jour : ${f.name}`,
      lead: (f) => french`Point sur la maintenance ${de(f.page)}.`,
    },
    'maintenance-completed': {
      subject: (f) => `${maintenanceTag('terminée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance terminée : ${f.name}`,
      lead: (f) => french`La maintenance ${de(f.page)} est terminée.`,
    },
    // Said when how the window moved is not known; each known shift has its own words below.
    'maintenance-rescheduled': {
      subject: (f) => french`[Nouvelle date] ${f.name}`,
      heading: (f) => french`Nouvelle date : ${f.name}`,
      lead: (f) => french`Cette maintenance ${de(f.page)} a changé d'horaire. Elle a désormais lieu ${f.window}.`,
    },
    'maintenance-moved-earlier': {
      subject: (f) => `${maintenanceTag('avancée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance avancée : ${f.name}`,
      lead: (f) => french`Cette maintenance ${de(f.page)} a été avancée. Elle a désormais lieu ${f.window}.`,
    },
    'maintenance-moved-later': {
      subject: (f) => `${maintenanceTag('reportée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance reportée : ${f.name}`,
      lead: (f) => french`Cette maintenance ${de(f.page)} a été reportée. Elle a désormais lieu ${f.window}.`,
    },
    'maintenance-extended': {
      subject: (f) => `${maintenanceTag('prolongée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance prolongée : ${f.name}`,
      lead: (f) => french`Cette maintenance ${de(f.page)} se terminera plus tard que prévu. Elle a désormais lieu ${f.window}.`,
    },
    'maintenance-shortened': {
      subject: (f) => `${maintenanceTag('écourtée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance écourtée : ${f.name}`,
      lead: (f) => french`Cette maintenance ${de(f.page)} se terminera plus tôt que prévu. Elle a désormais lieu ${f.window}.`,
    },
    'maintenance-cancelled': {
      subject: (f) => `${maintenanceTag('annulée', f.name)} ${f.name}`,
      heading: (f) => french`Maintenance annulée : ${f.name}`,
      lead: (f) => french`Cette maintenance ${de(f.page)} n'aura pas lieu.`,
    },
    'incident-created': {
      subject: (f) => french`[${f.status}] ${f.name}`,
      heading: (f) => french`Incident : ${f.name}`,
      lead: (f) => french`${f.page} rencontre un incident.`,
    },
    'incident-update': {
      subject: (f) => french`[${f.status}] ${f.name}`,
      heading: (f) => french`Mise à jour : ${f.name}`,
      lead: (f) => french`Point sur l'incident ${de(f.page)}.`,
    },
    'incident-resolved': {
      subject: (f) => french`[Incident résolu] ${f.name}`,
      heading: (f) => french`Incident résolu : ${f.name}`,
      lead: (f) => french`L'incident ${de(f.page)} est résolu.`,
    },
    'incident-postmortem': {
      subject: (f) => french`[Post-mortem] ${f.name}`,
      heading: (f) => french`Post-mortem : ${f.name}`,
      lead: (f) => french`Ce qui s'est passé pendant l'incident ${de(f.page)}, et ce que nous changeons.`,
    },
  },
  confirmation: {
    subject: (f) => french`Confirmez votre abonnement ${au(f.page)}`,
    heading: 'Confirmez votre abonnement',
    lead: (f) =>
      french`Quelqu'un, sans doute vous, a demandé à recevoir à cette adresse les notifications de la page d'état ${de(f.page)}.`,
    cta: 'Confirmer mon abonnement',
    note: french`Si ce n'était pas vous, ignorez cet e-mail : vous ne recevrez rien d'autre.`,
    alreadySubject: (f) => french`Votre abonnement ${au(f.page)}`,
    alreadyHeading: 'Cette adresse est déjà abonnée',
    alreadyLead: (f) =>
      french`Quelqu'un, sans doute vous, a demandé à abonner cette adresse ${au(f.page)}. Elle en reçoit déjà les notifications.`,
    alreadyCta: 'Gérer mon abonnement',
    alreadyNote: french`Rien n'a changé. Si ce n'était pas vous, vous pouvez ignorer cet e-mail.`,
    reason: (f) => french`Vous recevez cet e-mail parce que cette adresse a été saisie sur la page d'état ${de(f.page)}.`,
  },
  colon: `${NBSP}:`,
  labels: {
    when: 'Quand',
    startedAt: 'Début réel',
    endedAt: 'Fin réelle',
    previously: 'Auparavant',
    wasPlanned: 'Était prévue',
    components: 'Composants concernés',
    stillWorking: 'Ce qui fonctionne encore',
    status: 'État',
    viewMaintenance: 'Voir la maintenance',
    viewIncident: french`Voir l'incident`,
    manage: 'Gérer votre abonnement',
    unsubscribe: 'Se désabonner',
    privacy: 'Confidentialité',
    legal: 'Mentions légales',
    cancelledEvent: (name) => french`Maintenance annulée : ${name}`,
  },
  // "Cette adresse est abonnée" rather than "vous êtes abonné": true of every reader.
  reason: {
    all: (page) => french`Vous recevez cet e-mail parce que cette adresse est abonnée aux notifications de la page d'état ${de(page)}.`,
    some: (page, components) =>
      french`Vous recevez cet e-mail parce que cette adresse est abonnée aux notifications de la page d'état ${de(page)}, pour ${
        SINGULAR.fr(components.length) ? 'le composant' : 'les composants'
      } ${formatList(components, 'fr-FR')}.`,
  },
  componentStatus: STATUS_WORDS.fr.componentStatus,
  incidentStatus: STATUS_WORDS.fr.incidentStatus,
};
