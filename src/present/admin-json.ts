// Admin API wire format: snake_case, Statuspage's field names where Statuspage has the field.
import type { AffectedComponent, Component, ComponentGroup, Incident, Maintenance, PageSettings, Update } from '../domain/model';
import type { AuditEntry } from '../store/audit';
import type { StatusLogEntry } from '../store/components';
import type { Notice } from '../store/notices';

export const pageJson = (p: PageSettings) => ({
  id: p.pageId,
  name: p.name,
  translations: p.translations,
  url: p.url,
  time_zone: p.timeZone,
  default_locale: p.defaultLocale,
  logo_url: p.logoUrl,
  support_url: p.supportUrl,
  updated_at: p.updatedAt,
});

export const componentJson = (c: Component) => ({
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

export const groupJson = (g: ComponentGroup, components: Component[] = []) => ({
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

const affectedJson = (a: AffectedComponent) => ({ code: a.componentId, name: a.name, old_status: a.oldStatus, new_status: a.newStatus });

export const updateJson = (u: Update) => ({
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

export const incidentJson = (i: Incident) => ({
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

export const maintenanceJson = (m: Maintenance) => ({
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
  prior_statuses: Object.fromEntries(m.components.filter((p) => p.priorStatus).map((p) => [p.componentId, p.priorStatus])),
  created_at: m.createdAt,
  updated_at: m.updatedAt,
  started_at: m.startedAt,
  monitoring_at: m.monitoringAt,
  resolved_at: m.resolvedAt,
  cancelled_at: m.cancelledAt,
  incident_updates: m.updates.map(updateJson),
});

export const auditJson = (a: AuditEntry) => ({
  id: a.id,
  at: a.at,
  actor: a.actor,
  action: a.action,
  target_type: a.targetType,
  target_id: a.targetId,
  details: a.details,
});

export const noticeJson = (n: Notice) => ({
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

export const statusLogJson = (e: StatusLogEntry) => ({
  component_id: e.componentId,
  old_status: e.oldStatus,
  new_status: e.newStatus,
  changed_at: e.changedAt,
  cause_type: e.causeType,
  cause_id: e.causeId,
});
