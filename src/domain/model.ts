// The aggregates of Forewarn, as services and presenters see them. Times are Date-free ISO strings
// in UTC so that they cross KV, queues and JSON unchanged.
import type { Translations } from './localized';
import type { ComponentStatus, Impact, IncidentStatus, MaintenanceStatus } from './status';

export type Locale = 'en' | 'fr';
export const LOCALES = ['en', 'fr'] as const satisfies readonly Locale[];

export interface PageSettings {
  pageId: string;
  name: string;
  url: string;
  timeZone: string;
  defaultLocale: Locale;
  logoUrl: string | null;
  supportUrl: string | null;
  /** The operator's privacy policy, linked where the subscription pages collect an address. */
  privacyUrl: string | null;
  /** The operator's legal notice (who publishes the page: « mentions légales »), linked from every footer. */
  legalUrl: string | null;
  updatedAt: string;
  translations: Translations<'name'>;
}

export interface ComponentGroup {
  id: string;
  name: string;
  description: string | null;
  position: number;
  collapsed: boolean;
  createdAt: string;
  updatedAt: string;
  translations: Translations<'name' | 'description'>;
}

export interface Component {
  id: string;
  groupId: string | null;
  name: string;
  description: string | null;
  position: number;
  status: ComponentStatus;
  onlyShowIfDegraded: boolean;
  showcase: boolean;
  startDate: string | null;
  createdAt: string;
  updatedAt: string;
  translations: Translations<'name' | 'description'>;
}

export interface AffectedComponent {
  componentId: string;
  name: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

export interface Update<S extends string = string> {
  id: string;
  status: S;
  body: string;
  createdAt: string;
  displayAt: string;
  deliverNotifications: boolean;
  affectedComponents: AffectedComponent[];
  translations: Translations<'body'>;
  /** Set on the updates Forewarn writes by itself: each reader gets their wording from these. */
  facts: UpdateFacts | null;
}

/** A maintenance window, as ISO instants. */
export interface Window {
  scheduled_for: string;
  scheduled_until: string;
}

/**
 * How a reschedule moved the window: its start earlier or later, or (same start, or already
 * running) its end later or earlier. Each has its own wording.
 */
export type WindowShift = 'earlier' | 'later' | 'extended' | 'shortened';

export type UpdateFacts =
  | { automatic: 'in_progress' | 'completed' | 'cancelled' | 'resolved' }
  | { automatic: 'rescheduled'; shift: WindowShift; previous: Window; window: Window };

export interface Incident {
  id: string;
  name: string;
  status: IncidentStatus;
  impact: Impact;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  postmortemBody: string | null;
  postmortemPublishedAt: string | null;
  revision: string;
  translations: Translations<'name' | 'postmortem_body'>;
  /** The status this incident holds each affected component in. */
  components: { componentId: string; status: ComponentStatus }[];
  updates: Update<IncidentStatus>[];
}

export interface PlannedComponent {
  componentId: string;
  plannedStatus: ComponentStatus;
  /** The status the component had when the maintenance started; null before. */
  priorStatus: ComponentStatus | null;
}

export interface Maintenance {
  id: string;
  name: string;
  status: MaintenanceStatus;
  impact: Impact;
  scheduledFor: string;
  scheduledUntil: string;
  stillWorking: string | null;
  autoStart: boolean;
  autoComplete: boolean;
  sequence: number;
  /** When the current window was set (creation or last reschedule). */
  windowSetAt: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  monitoringAt: string | null;
  resolvedAt: string | null;
  cancelledAt: string | null;
  revision: string;
  translations: Translations<'name' | 'still_working'>;
  components: PlannedComponent[];
  /** Minutes before the start, largest first. */
  reminders: number[];
  updates: Update<MaintenanceStatus>[];
}

export type SubjectType = 'incident' | 'maintenance';
