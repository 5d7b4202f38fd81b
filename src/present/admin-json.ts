// Admin API wire format: snake_case, Statuspage's field names where Statuspage has the field. Each
// zod schema is the one definition of its shape: the presenter returns its inferred type, and the
// OpenAPI document describes the answers from it, so the two cannot drift.
import { z } from 'zod';
import type {
  AffectedComponent,
  Component,
  ComponentGroup,
  Incident,
  Maintenance,
  PageSettings,
  Update,
  UpdateFacts,
} from '../domain/model';
import { INCIDENT_NOTICE_KINDS, MAINTENANCE_NOTICE_KINDS, type NoticeKind, type NoticePayload } from '../domain/notices';
import { covers, type Scope } from '../domain/scopes';
import type { AuditEntry } from '../store/audit';
import type { StatusLogEntry } from '../store/components';
import type { Notice } from '../store/notices';
import {
  type Assert,
  ComponentStatusJson,
  ImpactJson,
  IncidentStatusJson,
  instant,
  LocaleJson,
  MaintenanceStatusJson,
  type Same,
  translationsOf,
} from './wire-schema';

export const PageJson = z
  .object({
    id: z.string(),
    name: z.string(),
    translations: translationsOf(['name']),
    url: z.string(),
    time_zone: z.string().describe('IANA time zone the page shows times in'),
    default_locale: LocaleJson,
    logo_url: z.string().nullable(),
    support_url: z.string().nullable(),
    privacy_url: z.string().nullable().describe('the privacy policy the subscription pages and the e-mails link to'),
    legal_url: z.string().nullable().describe('the legal notice (publisher, company details) every footer links to'),
    updated_at: instant(),
  })
  .meta({ id: 'Page' });
export type PageJson = z.infer<typeof PageJson>;

export const pageJson = (p: PageSettings): PageJson => ({
  id: p.pageId,
  name: p.name,
  translations: p.translations,
  url: p.url,
  time_zone: p.timeZone,
  default_locale: p.defaultLocale,
  logo_url: p.logoUrl,
  support_url: p.supportUrl,
  privacy_url: p.privacyUrl,
  legal_url: p.legalUrl,
  updated_at: p.updatedAt,
});

export const ComponentJson = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    translations: translationsOf(['name', 'description']),
    status: ComponentStatusJson,
    group_id: z.string().nullable(),
    position: z.number().int(),
    only_show_if_degraded: z.boolean(),
    showcase: z.boolean(),
    start_date: z.string().nullable().describe('YYYY-MM-DD: the first day uptime counts'),
    created_at: instant(),
    updated_at: instant(),
  })
  .meta({ id: 'Component' });
export type ComponentJson = z.infer<typeof ComponentJson>;

export const componentJson = (c: Component): ComponentJson => ({
  id: c.id,
  name: c.name,
  description: c.description,
  translations: c.translations,
  status: c.status,
  group_id: c.groupId,
  position: c.position,
  only_show_if_degraded: c.onlyShowIfDegraded,
  showcase: c.showcase,
  start_date: c.startDate,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

export const GroupJson = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    translations: translationsOf(['name', 'description']),
    position: z.number().int(),
    collapsed: z.boolean(),
    components: z.array(z.string()).describe('ids of its components, in page order'),
    created_at: instant(),
    updated_at: instant(),
  })
  .meta({ id: 'ComponentGroup' });
export type GroupJson = z.infer<typeof GroupJson>;

export const groupJson = (g: ComponentGroup, components: Component[] = []): GroupJson => ({
  id: g.id,
  name: g.name,
  description: g.description,
  translations: g.translations,
  position: g.position,
  collapsed: g.collapsed,
  components: components.filter((c) => c.groupId === g.id).map((c) => c.id),
  created_at: g.createdAt,
  updated_at: g.updatedAt,
});

const AffectedComponentJson = z.object({
  code: z.string().describe('the component id'),
  name: z.string(),
  old_status: ComponentStatusJson,
  new_status: ComponentStatusJson,
});

const WindowJson = z.object({ scheduled_for: instant(), scheduled_until: instant() });

const UpdateFactsJson = z
  .union([
    z.object({ automatic: z.enum(['in_progress', 'completed', 'cancelled', 'resolved']) }),
    z.object({
      automatic: z.literal('rescheduled'),
      shift: z.enum(['earlier', 'later', 'extended', 'shortened']),
      previous: WindowJson,
      window: WindowJson,
    }),
  ])
  .describe('Set on the updates Forewarn writes by itself: what happened, each reader gets their own wording of it');
export type UpdateFactsIsExact = Assert<Same<z.infer<typeof UpdateFactsJson>, UpdateFacts>>;

const updateOf = <S extends z.ZodType<string>>(status: S) =>
  z.object({
    id: z.string(),
    status,
    body: z.string(),
    translations: translationsOf(['body']),
    facts: UpdateFactsJson.nullable(),
    created_at: instant(),
    display_at: instant(),
    deliver_notifications: z.boolean(),
    affected_components: z.array(AffectedComponentJson),
  });

export const IncidentUpdateJson = updateOf(IncidentStatusJson).meta({ id: 'IncidentUpdate' });
export const MaintenanceUpdateJson = updateOf(MaintenanceStatusJson).meta({ id: 'MaintenanceUpdate' });

const affectedJson = (a: AffectedComponent) => ({ code: a.componentId, name: a.name, old_status: a.oldStatus, new_status: a.newStatus });

export const updateJson = <S extends string>(u: Update<S>) => ({
  id: u.id,
  status: u.status,
  body: u.body,
  translations: u.translations,
  facts: u.facts,
  created_at: u.createdAt,
  display_at: u.displayAt,
  deliver_notifications: u.deliverNotifications,
  affected_components: u.affectedComponents.map(affectedJson),
});

export const IncidentJson = z
  .object({
    id: z.string(),
    name: z.string(),
    status: IncidentStatusJson,
    impact: ImpactJson,
    created_at: instant(),
    updated_at: instant(),
    started_at: instant(),
    monitoring_at: instant().nullable(),
    resolved_at: instant().nullable(),
    postmortem_body: z.string().nullable(),
    translations: translationsOf(['name', 'postmortem_body']),
    postmortem_published_at: instant().nullable(),
    components: z
      .record(z.string(), ComponentStatusJson)
      .describe('the status the incident holds each affected component in, by component id'),
    incident_updates: z.array(IncidentUpdateJson).describe('newest first'),
  })
  .meta({ id: 'Incident' });
export type IncidentJson = z.infer<typeof IncidentJson>;

export const incidentJson = (i: Incident): IncidentJson => ({
  id: i.id,
  name: i.name,
  status: i.status,
  impact: i.impact,
  created_at: i.createdAt,
  updated_at: i.updatedAt,
  started_at: i.startedAt,
  monitoring_at: i.monitoringAt,
  resolved_at: i.resolvedAt,
  postmortem_body: i.postmortemBody,
  translations: i.translations,
  postmortem_published_at: i.postmortemPublishedAt,
  components: Object.fromEntries(i.components.map((h) => [h.componentId, h.status])),
  incident_updates: i.updates.map(updateJson),
});

export const MaintenanceJson = z
  .object({
    id: z.string(),
    name: z.string(),
    status: MaintenanceStatusJson,
    impact: ImpactJson,
    scheduled_for: instant(),
    scheduled_until: instant(),
    still_working: z.string().nullable().describe('what keeps working during the window'),
    translations: translationsOf(['name', 'still_working']),
    auto_start: z.boolean(),
    auto_complete: z.boolean(),
    reminders: z.array(z.number().int()).describe('minutes before the start, largest first'),
    sequence: z.number().int().describe('moves with each reschedule (the iCalendar SEQUENCE)'),
    components: z.record(z.string(), ComponentStatusJson).describe('the planned status of each affected component, by component id'),
    prior_statuses: z
      .record(z.string(), ComponentStatusJson)
      .describe('the status each affected component had when the maintenance started, by component id'),
    created_at: instant(),
    updated_at: instant(),
    started_at: instant().nullable(),
    monitoring_at: instant().nullable(),
    resolved_at: instant().nullable(),
    cancelled_at: instant().nullable(),
    incident_updates: z.array(MaintenanceUpdateJson).describe('newest first'),
  })
  .meta({ id: 'Maintenance' });
export type MaintenanceJson = z.infer<typeof MaintenanceJson>;

export const maintenanceJson = (m: Maintenance): MaintenanceJson => ({
  id: m.id,
  name: m.name,
  status: m.status,
  impact: m.impact,
  scheduled_for: m.scheduledFor,
  scheduled_until: m.scheduledUntil,
  still_working: m.stillWorking,
  translations: m.translations,
  auto_start: m.autoStart,
  auto_complete: m.autoComplete,
  reminders: m.reminders,
  sequence: m.sequence,
  components: Object.fromEntries(m.components.map((p) => [p.componentId, p.plannedStatus])),
  prior_statuses: Object.fromEntries(m.components.flatMap((p) => (p.priorStatus ? [[p.componentId, p.priorStatus]] : []))),
  created_at: m.createdAt,
  updated_at: m.updatedAt,
  started_at: m.startedAt,
  monitoring_at: m.monitoringAt,
  resolved_at: m.resolvedAt,
  cancelled_at: m.cancelledAt,
  incident_updates: m.updates.map(updateJson),
});

export const AuditJson = z
  .object({
    id: z.number().int(),
    at: instant(),
    actor: z.string(),
    action: z.string(),
    target_type: z.string(),
    target_id: z.string().nullable(),
    details: z.unknown().describe('what the action changed, as the action records it'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditJson = z.infer<typeof AuditJson>;

/**
 * The log as a caller of `scope` may read it. Below write, a subscriber's entries keep what
 * happened and when, not which subscriber nor their choices (language, zone, components): the
 * id is in every link of their e-mails, so with it the details are theirs, personal data as their
 * address is, which read scope does not see either.
 */
export function auditFor(scope: Scope | null, entries: readonly AuditEntry[]): AuditEntry[] {
  if (scope && covers(scope, 'write')) return [...entries];
  return entries.map((e) => (e.targetType === 'subscriber' ? { ...e, targetId: null, details: {} } : e));
}

export const auditJson = (a: AuditEntry): AuditJson => ({
  id: a.id,
  at: a.at,
  actor: a.actor,
  action: a.action,
  target_type: a.targetType,
  target_id: a.targetId,
  details: a.details,
});

const NoticePayloadJson = z
  .object({
    name: z.string(),
    body: z.string(),
    components: z.array(z.object({ id: z.string(), name: z.string(), status: ComponentStatusJson })),
    still_working: z.string().nullable().optional(),
    window: WindowJson.optional(),
    previous: WindowJson.optional(),
    minutes_before: z.number().int().optional(),
    sequence: z.number().int().optional(),
    status: z.string().optional(),
    shift: z.enum(['earlier', 'later', 'extended', 'shortened']).optional(),
    actual: z.object({ started_at: instant().nullable(), ended_at: instant().nullable() }).optional(),
    translations: translationsOf(['name', 'body', 'still_working']).optional(),
    component_translations: z.record(z.string(), z.partialRecord(LocaleJson, z.string())).optional(),
  })
  .meta({ id: 'NoticePayload', description: 'What the notice tells, fixed when it was recorded' });
export type NoticePayloadIsExact = Assert<Same<z.infer<typeof NoticePayloadJson>, NoticePayload>>;

const NOTICE_KINDS = [...new Set<NoticeKind>([...MAINTENANCE_NOTICE_KINDS, ...INCIDENT_NOTICE_KINDS])] as [NoticeKind, ...NoticeKind[]];

export const NoticeJson = z
  .object({
    id: z.string(),
    key: z.string().describe('unique: the same moment is never recorded twice'),
    subject_type: z.enum(['incident', 'maintenance']),
    subject_id: z.string(),
    kind: z.enum(NOTICE_KINDS),
    update_id: z.string().nullable(),
    deliver: z.boolean().describe('false: recorded for the history, sent to nobody'),
    created_at: instant(),
    payload: NoticePayloadJson,
  })
  .meta({ id: 'Notice' });
export type NoticeJson = z.infer<typeof NoticeJson>;

export const noticeJson = (n: Notice): NoticeJson => ({
  id: n.id,
  key: n.dedupeKey,
  subject_type: n.subjectType,
  subject_id: n.subjectId,
  kind: n.kind,
  update_id: n.updateId,
  deliver: n.deliver,
  created_at: n.createdAt,
  payload: n.payload,
});

export const StatusLogJson = z
  .object({
    component_id: z.string(),
    old_status: ComponentStatusJson.nullable().describe('null: the component was created with new_status'),
    new_status: ComponentStatusJson,
    changed_at: instant(),
    cause_type: z
      .enum(['operator', 'incident', 'maintenance'])
      .describe('who changed it: an operator, or the incident or maintenance cause_id'),
    cause_id: z.string().nullable(),
  })
  .meta({ id: 'StatusChange' });
export type StatusLogJson = z.infer<typeof StatusLogJson>;

export const statusLogJson = (e: StatusLogEntry): StatusLogJson => ({
  component_id: e.componentId,
  old_status: e.oldStatus,
  new_status: e.newStatus,
  changed_at: e.changedAt,
  cause_type: e.causeType,
  cause_id: e.causeId,
});
