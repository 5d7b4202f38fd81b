// The Statuspage public API v2 as Atlassian documents it: the "Status API" reference every
// Statuspage page serves at /api/v2 (https://metastatuspage.com/api/v2, endpoints summary,
// status, components, incidents, incidents/unresolved, scheduled-maintenances, …/upcoming,
// …/active), with key sets checked against real responses in test/fixtures/statuspage/ (copies of real responses)
// (GitHub 2020 and 2024, Discord). The four `scheduled_*` reminder and automation fields are
// those of Atlassian's incident object (developer.statuspage.io, "Incident"), which the public
// maintenance object is a view of. Strict objects: a missing, extra or mistyped key fails.
import { z } from 'zod';

/** ISO 8601 with milliseconds and an offset, as Statuspage writes it. */
const Timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:Z|[+-]\d{2}:\d{2})$/, 'ISO 8601 with offset');
const Id = z.string().min(1);

export const ComponentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
export const Indicator = z.enum(['none', 'minor', 'major', 'critical', 'maintenance']);
const Impact = z.enum(['none', 'minor', 'major', 'critical', 'maintenance']);
export const IncidentStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
export const MaintenanceStatus = z.enum(['scheduled', 'in_progress', 'verifying', 'completed']);

export const Page = z.strictObject({
  id: Id,
  name: z.string(),
  url: z.url(),
  time_zone: z.string(),
  updated_at: Timestamp,
});

export const Status = z.strictObject({ indicator: Indicator, description: z.string() });

const componentFields = {
  id: Id,
  name: z.string(),
  status: ComponentStatus,
  created_at: Timestamp,
  updated_at: Timestamp,
  position: z.int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.iso.date().nullable(),
  group_id: Id.nullable(),
  page_id: Id,
  only_show_if_degraded: z.boolean(),
};

export const Component = z.union([
  z.strictObject({ ...componentFields, group: z.literal(false) }),
  z.strictObject({ ...componentFields, group: z.literal(true), group_id: z.null(), components: z.array(Id) }),
]);

const AffectedComponent = z.strictObject({ code: Id, name: z.string(), old_status: ComponentStatus, new_status: ComponentStatus });

const updateOf = <S extends z.ZodType>(status: S) =>
  z.strictObject({
    id: Id,
    status,
    body: z.string(),
    incident_id: Id,
    created_at: Timestamp,
    updated_at: Timestamp,
    display_at: Timestamp,
    affected_components: z.array(AffectedComponent).nullable(),
    deliver_notifications: z.boolean(),
    custom_tweet: z.string().nullable(),
    tweet_id: z.string().nullable(),
  });

const eventFields = {
  id: Id,
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
  monitoring_at: Timestamp.nullable(),
  resolved_at: Timestamp.nullable(),
  impact: Impact,
  shortlink: z.url(),
  started_at: Timestamp,
  page_id: Id,
  components: z.array(Component),
};

export const Incident = z.strictObject({
  ...eventFields,
  status: IncidentStatus,
  incident_updates: z.array(updateOf(IncidentStatus)),
  reminder_intervals: z.string().nullable(),
});

export const ScheduledMaintenance = z.strictObject({
  ...eventFields,
  status: MaintenanceStatus,
  incident_updates: z.array(updateOf(MaintenanceStatus)),
  scheduled_for: Timestamp,
  scheduled_until: Timestamp,
  scheduled_remind_prior: z.boolean(),
  scheduled_reminded_at: Timestamp.nullable(),
  scheduled_auto_in_progress: z.boolean(),
  scheduled_auto_completed: z.boolean(),
});

export const Summary = z.strictObject({
  page: Page,
  components: z.array(Component),
  incidents: z.array(Incident),
  scheduled_maintenances: z.array(ScheduledMaintenance),
  status: Status,
});
export const StatusDocument = z.strictObject({ page: Page, status: Status });
export const ComponentsDocument = z.strictObject({ page: Page, components: z.array(Component) });
export const IncidentsDocument = z.strictObject({ page: Page, incidents: z.array(Incident) });
export const MaintenancesDocument = z.strictObject({ page: Page, scheduled_maintenances: z.array(ScheduledMaintenance) });

/** Each endpoint and the document it must return. */
export const V2_ENDPOINTS = {
  '/api/v2/summary.json': Summary,
  '/api/v2/status.json': StatusDocument,
  '/api/v2/components.json': ComponentsDocument,
  '/api/v2/incidents.json': IncidentsDocument,
  '/api/v2/incidents/unresolved.json': IncidentsDocument,
  '/api/v2/scheduled-maintenances.json': MaintenancesDocument,
  '/api/v2/scheduled-maintenances/upcoming.json': MaintenancesDocument,
  '/api/v2/scheduled-maintenances/active.json': MaintenancesDocument,
} as const;
