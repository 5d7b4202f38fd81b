import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { isMaintenanceFinished, maintenanceTransition } from '../domain/lifecycle';
import { mergeTranslations } from '../domain/localized';
import type { Component, Maintenance, Update, UpdateFacts } from '../domain/model';
import { componentUpdateDrafts, type NoticeDraft, type NoticeKind, noticeMoment } from '../domain/notices';
import { completingStatus, startingStatus } from '../domain/settle';
import type { ComponentStatus, MaintenanceStatus } from '../domain/status';
import { impactOfStatuses, MAINTENANCE_STATUSES } from '../domain/status';
import { checkWindow, windowShift } from '../domain/window';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import type { StatusChange } from '../store/components';
import { statusChangeStatements } from '../store/components';
import { componentsHeldByOpenIncidents } from '../store/incidents';
import { findMaintenance, insertMaintenanceStatements, listMaintenances, saveMaintenanceStatements } from '../store/maintenances';
import { announcedMaintenances, insertComponentNoticeStatement, insertNoticeStatement } from '../store/notices';
import { insertUpdateStatements } from '../store/updates';
import { componentNameTranslations, loadComponents, newUpdate, noticeComponents, noticeTranslations } from './affected';
import { commit } from './commit';
import { ComponentStatusMap, ImpactSchema, Instant, Name, Text, TranslatedName, TranslatedText, translationsOf } from './schemas';
import { checkTranslations } from './translations';

const MAX_REMINDER_MINUTES = 60 * 24 * 60;

const MaintenanceTranslations = translationsOf({
  name: TranslatedName,
  body: TranslatedText(20_000),
  still_working: TranslatedText(20_000),
});

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
  translations: MaintenanceTranslations,
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
  translations: MaintenanceTranslations,
});
export type MaintenancePatch = z.infer<typeof MaintenancePatch>;

export const MaintenanceUpdateInput = z.strictObject({
  status: z.enum(MAINTENANCE_STATUSES),
  body: Text.trim().default(''),
  deliver_notifications: z.boolean().default(true),
  translations: translationsOf({ body: TranslatedText(20_000) }),
});
export type MaintenanceUpdateInput = z.infer<typeof MaintenanceUpdateInput>;

/**
 * The moments Forewarn writes an update for by itself when the operator wrote none: stored as
 * facts, so every reader gets the sentence in their language (src/i18n/update-facts.ts).
 */
const automaticFacts = (status: MaintenanceStatus): UpdateFacts | null =>
  status === 'in_progress' || status === 'completed' || status === 'cancelled' ? { automatic: status } : null;

/** Only the body of a translation goes into an update. */
const bodyTranslations = (t: MaintenanceInput['translations']) =>
  mergeTranslations<'body'>(
    {},
    t && Object.fromEntries(Object.entries(t).map(([locale, fields]) => [locale, fields?.body === undefined ? {} : { body: fields.body }])),
  );

/** The name and "what still works" of a translation go into the maintenance. */
const subjectTranslations = (t: MaintenanceInput['translations']) =>
  t && Object.fromEntries(Object.entries(t).map(([locale, { body: _, ...fields } = {}]) => [locale, fields]));

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
  names: Map<string, Component> = new Map(),
  changes: readonly StatusChange[] = [],
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
      ...(m.startedAt ? { actual: { started_at: m.startedAt, ended_at: m.resolvedAt } } : {}),
      translations: noticeTranslations(m.translations, update),
      component_translations: componentNameTranslations(
        components.map((c) => c.id),
        names,
      ),
      ...extra,
    },
    // The maintenance as it stands at this notice, for the webhook body, its components' statuses
    // after `changes` (a start or completion changes them).
    moment: noticeMoment(m, names, changes),
  };
}

interface PlannedCreate {
  maintenance: Maintenance;
  update: Update<MaintenanceStatus>;
  notice: NoticeDraft;
}

/** What creating a maintenance would write, checked, without writing it: create and previews share it. */
async function planMaintenanceCreate(ctx: Ctx, input: MaintenanceInput): Promise<PlannedCreate> {
  checkWindow({ scheduledFor: input.scheduled_for, scheduledUntil: input.scheduled_until });
  if (input.scheduled_until <= ctx.now) throw new Invalid('scheduled_until is in the past: this maintenance would already be over');
  await checkTranslations(ctx, input.translations);
  const components = await loadComponents(ctx, Object.keys(input.components));
  const at = ctx.now.toISOString();
  const planned = Object.entries(input.components).map(([componentId, plannedStatus]) => ({
    componentId,
    plannedStatus,
    priorStatus: null,
  }));
  const update = newUpdate(
    ctx,
    {
      status: 'scheduled' as MaintenanceStatus,
      body: input.body,
      deliverNotifications: input.deliver_notifications,
      translations: bodyTranslations(input.translations),
    },
    [],
    components,
  );
  const maintenance: Maintenance = {
    id: ctx.newId(),
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
    translations: mergeTranslations({}, subjectTranslations(input.translations)),
    components: planned,
    reminders: [...input.reminders].sort((a, b) => b - a),
    updates: [update],
  };
  const notice = maintenanceNotice(
    maintenance,
    'scheduled',
    update,
    input.deliver_notifications,
    plannedList(maintenance, components),
    {},
    components,
  );
  return { maintenance, update, notice };
}

/** The maintenance and its announcement as `createMaintenance` would write them; nothing is written. */
export async function previewMaintenanceCreate(
  ctx: Ctx,
  input: MaintenanceInput,
): Promise<{ maintenance: Maintenance; notice: NoticeDraft }> {
  const { maintenance, notice } = await planMaintenanceCreate(ctx, input);
  return { maintenance, notice };
}

/** The reminder `minutes` before the start, with the latest update's words, in every language. */
export function reminderNotice(m: Maintenance, minutes: number, components: Map<string, Component>): NoticeDraft {
  return maintenanceNotice(m, 'reminder', m.updates[0] ?? null, true, plannedList(m, components), { minutes_before: minutes }, components);
}

export async function createMaintenance({
  ctx,
  input,
  also,
}: {
  ctx: Ctx;
  input: MaintenanceInput;
  /** More statements for the same commit (publishing a draft marks it published with it). */
  also?: (maintenance: Maintenance) => D1PreparedStatement[];
}): Promise<Maintenance> {
  const { maintenance, update, notice } = await planMaintenanceCreate(ctx, input);
  const at = ctx.now.toISOString();
  await commit(ctx, [
    ...insertMaintenanceStatements(ctx.db, maintenance),
    ...insertUpdateStatements(ctx.db, 'maintenance', maintenance.id, update),
    insertNoticeStatement(ctx.db, ctx.newId(), at, notice),
    ...(also?.(maintenance) ?? []),
    auditStatement(ctx, 'maintenance.create', 'maintenance', maintenance.id, input),
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
  await checkTranslations(ctx, input.translations);
  const components = await loadComponents(ctx, Object.keys(input.components ?? {}));
  const next: Maintenance = {
    ...current,
    translations: mergeTranslations(current.translations, subjectTranslations(input.translations)),
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
    const shift = windowShift(windowOf(current), windowOf(next), current.status !== 'scheduled');
    const update = newUpdate(
      ctx,
      {
        status: current.status,
        body: input.body ?? '',
        deliverNotifications: input.deliver_notifications,
        translations: bodyTranslations(input.translations),
        facts: { automatic: 'rescheduled', shift, previous: windowOf(current), window: windowOf(next) },
      },
      [],
      components,
    );
    // Before the notice: its moment holds the maintenance with this update.
    next.updates = [update, ...current.updates];
    statements.push(
      ...insertUpdateStatements(ctx.db, 'maintenance', id, update),
      insertNoticeStatement(
        ctx.db,
        ctx.newId(),
        at,
        maintenanceNotice(
          next,
          'rescheduled',
          update,
          input.deliver_notifications,
          plannedList(next, components),
          { previous: windowOf(current), shift },
          components,
        ),
      ),
    );
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
  await checkTranslations(ctx, input.translations);
  const update = newUpdate(
    ctx,
    {
      status: input.status,
      body: input.body,
      deliverNotifications: input.deliver_notifications,
      translations: bodyTranslations(input.translations),
      facts: input.body ? null : automaticFacts(input.status),
    },
    changes,
    components,
  );
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
  // Nobody is told of the cancellation of a maintenance nobody was told of.
  const deliver =
    kind === 'cancelled' && input.deliver_notifications
      ? (await announcedMaintenances(ctx.db, [current.id])).has(current.id)
      : input.deliver_notifications;
  const noticeList = changes.length > 0 ? noticeComponents(changes, components) : plannedList(next, components);
  await commit(ctx, [
    ...saveMaintenanceStatements(ctx.db, next, current.revision),
    ...insertUpdateStatements(ctx.db, 'maintenance', current.id, update),
    ...statusChangeStatements(ctx.db, changes, { type: 'maintenance', id: current.id, at }),
    insertNoticeStatement(ctx.db, ctx.newId(), at, maintenanceNotice(next, kind, update, deliver, noticeList, {}, components, changes)),
    ...componentUpdateDrafts(changes, components, at, ctx.newId, deliver).map((d) =>
      insertComponentNoticeStatement(ctx.db, ctx.newId(), at, d),
    ),
    auditStatement(ctx, `maintenance.${AUDIT_VERB[kind] ?? 'update'}`, 'maintenance', current.id, input),
  ]);
  return next;
}
