import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { isMaintenanceFinished, maintenanceTransition } from '../domain/lifecycle';
import type { Component, Maintenance, Update } from '../domain/model';
import type { NoticeDraft, NoticeKind } from '../domain/notices';
import { completingStatus, startingStatus } from '../domain/settle';
import type { ComponentStatus, MaintenanceStatus } from '../domain/status';
import { impactOfStatuses, MAINTENANCE_STATUSES } from '../domain/status';
import { checkWindow } from '../domain/window';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import type { StatusChange } from '../store/components';
import { statusChangeStatements } from '../store/components';
import { componentsHeldByOpenIncidents } from '../store/incidents';
import { findMaintenance, insertMaintenanceStatements, listMaintenances, saveMaintenanceStatements } from '../store/maintenances';
import { insertNoticeStatement } from '../store/notices';
import { insertUpdateStatements } from '../store/updates';
import { loadComponents, newUpdate, noticeComponents } from './affected';
import { commit } from './commit';
import { ComponentStatusMap, ImpactSchema, Instant, Name, Text } from './schemas';

const MAX_REMINDER_MINUTES = 60 * 24 * 60;

const Reminders = z
  .array(z.int().min(1).max(MAX_REMINDER_MINUTES, 'at most 60 days before'))
  .max(10, 'at most 10 reminders')
  .refine((r) => new Set(r).size === r.length, 'reminders must differ');

export const MaintenanceInput = z.strictObject({
  name: Name,
  body: Text.trim().default(''),
  scheduled_for: Instant,
  scheduled_until: Instant,
  components: ComponentStatusMap.default({}),
  reminders: Reminders.default([1440, 60]),
  auto_start: z.boolean().default(true),
  auto_complete: z.boolean().default(true),
  still_working: Text.trim().nullable().optional(),
  impact: ImpactSchema.optional(),
  deliver_notifications: z.boolean().default(true),
});
export type MaintenanceInput = z.infer<typeof MaintenanceInput>;

export const MaintenancePatch = z.strictObject({
  name: Name.optional(),
  body: Text.trim().optional(),
  scheduled_for: Instant.optional(),
  scheduled_until: Instant.optional(),
  components: ComponentStatusMap.optional(),
  reminders: Reminders.optional(),
  auto_start: z.boolean().optional(),
  auto_complete: z.boolean().optional(),
  still_working: Text.trim().nullable().optional(),
  impact: ImpactSchema.optional(),
  deliver_notifications: z.boolean().default(true),
});
export type MaintenancePatch = z.infer<typeof MaintenancePatch>;

export const MaintenanceUpdateInput = z.strictObject({
  status: z.enum(MAINTENANCE_STATUSES),
  body: Text.trim().default(''),
  deliver_notifications: z.boolean().default(true),
});
export type MaintenanceUpdateInput = z.infer<typeof MaintenanceUpdateInput>;

/** Statuspage's own wording for the updates it writes by itself. */
const AUTOMATIC_BODY: Partial<Record<MaintenanceStatus, string>> = {
  in_progress: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
  completed: 'The scheduled maintenance has been completed.',
  cancelled: 'This scheduled maintenance has been cancelled.',
};

const AUDIT_VERB: Partial<Record<NoticeKind, string>> = { started: 'start', completed: 'complete', cancelled: 'cancel' };

export async function getMaintenance(ctx: Ctx, id: string): Promise<Maintenance> {
  const maintenance = await findMaintenance(ctx.db, id);
  if (!maintenance) throw new NotFound('Maintenance', id);
  return maintenance;
}

const windowOf = (m: Maintenance) => ({ scheduled_for: m.scheduledFor, scheduled_until: m.scheduledUntil });

function plannedList(m: Maintenance, components: Map<string, Component>): NoticeDraft['payload']['components'] {
  return m.components.map((p) => ({
    id: p.componentId,
    name: components.get(p.componentId)?.name ?? p.componentId,
    status: p.plannedStatus,
  }));
}

function maintenanceNotice(
  m: Maintenance,
  kind: NoticeKind,
  update: Update | null,
  deliver: boolean,
  components: NoticeDraft['payload']['components'],
  extra: Partial<NoticeDraft['payload']> = {},
): NoticeDraft {
  return {
    subjectType: 'maintenance',
    subjectId: m.id,
    kind,
    updateId: update?.id ?? null,
    deliver,
    payload: {
      name: m.name,
      body: update?.body ?? '',
      components,
      still_working: m.stillWorking,
      window: windowOf(m),
      sequence: m.sequence,
      status: m.status,
      ...extra,
    },
  };
}

export async function createMaintenance({ ctx, input }: { ctx: Ctx; input: MaintenanceInput }): Promise<Maintenance> {
  checkWindow({ scheduledFor: input.scheduled_for, scheduledUntil: input.scheduled_until });
  if (input.scheduled_until <= ctx.now) throw new Invalid('scheduled_until is in the past: this maintenance would already be over');
  const components = await loadComponents(ctx, Object.keys(input.components));
  const at = ctx.now.toISOString();
  const planned = Object.entries(input.components).map(([componentId, plannedStatus]) => ({
    componentId,
    plannedStatus,
    priorStatus: null,
  }));
  const id = ctx.newId();
  const update = newUpdate(
    ctx,
    { status: 'scheduled' as MaintenanceStatus, body: input.body, deliverNotifications: input.deliver_notifications },
    [],
    components,
  );
  const maintenance: Maintenance = {
    id,
    name: input.name,
    status: 'scheduled',
    impact: input.impact ?? impactOfStatuses(planned.map((p) => p.plannedStatus)),
    scheduledFor: input.scheduled_for.toISOString(),
    scheduledUntil: input.scheduled_until.toISOString(),
    stillWorking: input.still_working ?? null,
    autoStart: input.auto_start,
    autoComplete: input.auto_complete,
    sequence: 0,
    windowSetAt: at,
    createdAt: at,
    updatedAt: at,
    startedAt: null,
    monitoringAt: null,
    resolvedAt: null,
    cancelledAt: null,
    revision: ctx.newId(),
    components: planned,
    reminders: [...input.reminders].sort((a, b) => b - a),
    updates: [update],
  };
  await commit(ctx, [
    ...insertMaintenanceStatements(ctx.db, maintenance),
    ...insertUpdateStatements(ctx.db, 'maintenance', id, update),
    insertNoticeStatement(
      ctx.db,
      ctx.newId(),
      at,
      maintenanceNotice(maintenance, 'scheduled', update, input.deliver_notifications, plannedList(maintenance, components)),
    ),
    auditStatement(ctx, 'maintenance.create', 'maintenance', id, input),
  ]);
  return maintenance;
}

/**
 * Edits a maintenance. Moving the window of one that has not started reschedules it (new
 * sequence, reminders move with it, subscribers are told "previously … now …"); one that runs
 * may only move its end.
 */
export async function editMaintenance({ ctx, id, input }: { ctx: Ctx; id: string; input: MaintenancePatch }): Promise<Maintenance> {
  const current = await getMaintenance(ctx, id);
  const at = ctx.now.toISOString();
  const scheduledFor = (input.scheduled_for ?? new Date(current.scheduledFor)).toISOString();
  const scheduledUntil = (input.scheduled_until ?? new Date(current.scheduledUntil)).toISOString();
  const moved = scheduledFor !== current.scheduledFor || scheduledUntil !== current.scheduledUntil;
  if (isMaintenanceFinished(current.status) && (moved || input.components || input.reminders)) {
    throw new Conflict(`maintenance ${id} is ${current.status}; its window and components can no longer change`);
  }
  if (current.status !== 'scheduled' && (scheduledFor !== current.scheduledFor || input.components)) {
    throw new Conflict(`maintenance ${id} has started; only its end can move`, { status: current.status });
  }
  if (moved) {
    checkWindow({ scheduledFor: new Date(scheduledFor), scheduledUntil: new Date(scheduledUntil) });
    if (Date.parse(scheduledUntil) <= ctx.now.getTime()) throw new Invalid('scheduled_until is in the past');
  }
  const components = await loadComponents(ctx, Object.keys(input.components ?? {}));
  const next: Maintenance = {
    ...current,
    name: input.name ?? current.name,
    impact: input.impact ?? current.impact,
    stillWorking: input.still_working !== undefined ? input.still_working : current.stillWorking,
    autoStart: input.auto_start ?? current.autoStart,
    autoComplete: input.auto_complete ?? current.autoComplete,
    scheduledFor,
    scheduledUntil,
    sequence: moved ? current.sequence + 1 : current.sequence,
    windowSetAt: moved ? at : current.windowSetAt,
    updatedAt: at,
    revision: ctx.newId(),
    components: input.components
      ? Object.entries(input.components).map(([componentId, plannedStatus]) => ({ componentId, plannedStatus, priorStatus: null }))
      : current.components,
    reminders: input.reminders ? [...input.reminders].sort((a, b) => b - a) : current.reminders,
  };
  const statements = [...saveMaintenanceStatements(ctx.db, next, current.revision)];
  if (moved) {
    const body =
      input.body || `Rescheduled: previously ${current.scheduledFor} → ${current.scheduledUntil}, now ${scheduledFor} → ${scheduledUntil}.`;
    const update = newUpdate(ctx, { status: current.status, body, deliverNotifications: input.deliver_notifications }, [], components);
    statements.push(
      ...insertUpdateStatements(ctx.db, 'maintenance', id, update),
      insertNoticeStatement(
        ctx.db,
        ctx.newId(),
        at,
        maintenanceNotice(next, 'rescheduled', update, input.deliver_notifications, plannedList(next, components), {
          previous: windowOf(current),
        }),
      ),
    );
    next.updates = [update, ...current.updates];
  }
  statements.push(auditStatement(ctx, moved ? 'maintenance.reschedule' : 'maintenance.edit', 'maintenance', id, input));
  await commit(ctx, statements);
  return next;
}

/**
 * Moves a maintenance to `input.status` with an update. Starting applies each planned status
 * (an incident that holds a component worse keeps it); completing lets each component return to
 * where it was, unless an operator or an incident changed it meanwhile.
 */
export async function addMaintenanceUpdate({
  ctx,
  id,
  input,
}: {
  ctx: Ctx;
  id: string;
  input: MaintenanceUpdateInput;
}): Promise<Maintenance> {
  return advanceMaintenance(ctx, await getMaintenance(ctx, id), input);
}

export async function advanceMaintenance(ctx: Ctx, current: Maintenance, input: MaintenanceUpdateInput): Promise<Maintenance> {
  const transition = maintenanceTransition(current.status, input.status);
  if (!transition.ok) {
    throw new Conflict(`cannot move maintenance ${current.id} from ${current.status} to ${input.status}: ${transition.reason}`, {
      from: current.status,
      to: input.status,
    });
  }
  const at = ctx.now.toISOString();
  const components = await loadComponents(ctx, []);
  const starting = current.status === 'scheduled' && input.status === 'in_progress';
  const completing = input.status === 'completed';
  const changes: StatusChange[] = [];
  let planned = current.components;
  if (starting || completing) {
    const [incidentHolds, running] = await Promise.all([
      componentsHeldByOpenIncidents(ctx.db),
      listMaintenances(ctx.db, { limit: 50, statuses: ['in_progress', 'verifying'] }),
    ]);
    const otherPlanned = (componentId: string): ComponentStatus | null =>
      running
        .filter((m) => m.id !== current.id)
        .flatMap((m) => m.components)
        .find((p) => p.componentId === componentId)?.plannedStatus ?? null;
    planned = current.components.map((p) => {
      const component = components.get(p.componentId);
      if (!component) return p;
      const holds = { incidents: incidentHolds.get(p.componentId) ?? [], maintenance: otherPlanned(p.componentId) };
      const newStatus = starting
        ? startingStatus(p.plannedStatus, holds)
        : completingStatus(component.status, p.plannedStatus, p.priorStatus, holds);
      changes.push({ componentId: p.componentId, oldStatus: component.status, newStatus });
      return starting ? { ...p, priorStatus: component.status } : p;
    });
  }
  const body = input.body || AUTOMATIC_BODY[input.status] || '';
  const update = newUpdate(ctx, { status: input.status, body, deliverNotifications: input.deliver_notifications }, changes, components);
  const next: Maintenance = {
    ...current,
    status: input.status,
    updatedAt: at,
    startedAt: starting ? at : current.startedAt,
    monitoringAt: input.status === 'verifying' && !current.monitoringAt ? at : current.monitoringAt,
    resolvedAt: completing ? at : current.resolvedAt,
    cancelledAt: input.status === 'cancelled' ? at : current.cancelledAt,
    revision: ctx.newId(),
    components: planned,
    updates: [update, ...current.updates],
  };
  const kind: NoticeKind = starting ? 'started' : completing ? 'completed' : input.status === 'cancelled' ? 'cancelled' : 'update';
  const noticeList = changes.length > 0 ? noticeComponents(changes, components) : plannedList(next, components);
  await commit(ctx, [
    ...saveMaintenanceStatements(ctx.db, next, current.revision),
    ...insertUpdateStatements(ctx.db, 'maintenance', current.id, update),
    ...statusChangeStatements(ctx.db, changes, { type: 'maintenance', id: current.id, at }),
    insertNoticeStatement(ctx.db, ctx.newId(), at, maintenanceNotice(next, kind, update, input.deliver_notifications, noticeList)),
    auditStatement(ctx, `maintenance.${AUDIT_VERB[kind] ?? 'update'}`, 'maintenance', current.id, input),
  ]);
  return next;
}
