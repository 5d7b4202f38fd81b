// The names of statuses in each language: one catalogue for the public page, the e-mails and
// (in English) the admin UI.
import type { Locale } from '../domain/model';
import type { ComponentStatus, IncidentStatus, MaintenanceStatus } from '../domain/status';

export interface StatusWords {
  componentStatus: Record<ComponentStatus, string>;
  incidentStatus: Record<IncidentStatus, string>;
  maintenanceStatus: Record<MaintenanceStatus, string>;
}

export const STATUS_WORDS: Record<Locale, StatusWords> = {
  en: {
    componentStatus: {
      operational: 'Operational',
      degraded_performance: 'Degraded performance',
      partial_outage: 'Partial outage',
      major_outage: 'Major outage',
      under_maintenance: 'Under maintenance',
    },
    incidentStatus: {
      investigating: 'Investigating',
      identified: 'Identified',
      monitoring: 'Monitoring',
      resolved: 'Resolved',
      postmortem: 'Postmortem',
    },
    maintenanceStatus: {
      scheduled: 'Scheduled',
      in_progress: 'In progress',
      verifying: 'Verifying',
      completed: 'Completed',
      cancelled: 'Cancelled',
    },
  },
  fr: {
    componentStatus: {
      operational: 'Opérationnel',
      degraded_performance: 'Performances dégradées',
      partial_outage: 'Panne partielle',
      major_outage: 'Panne majeure',
      under_maintenance: 'En maintenance',
    },
    incidentStatus: {
      investigating: 'Analyse en cours',
      identified: 'Cause identifiée',
      monitoring: 'Sous surveillance',
      resolved: 'Résolu',
      postmortem: 'Post-mortem',
    },
    maintenanceStatus: {
      scheduled: 'Planifiée',
      in_progress: 'En cours',
      verifying: 'En vérification',
      completed: 'Terminée',
      cancelled: 'Annulée',
    },
  },
};
