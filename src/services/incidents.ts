import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { incidentTransition, isIncidentOpen } from '../domain/lifecycle';
import { mergeTranslations, type Translations } from '../domain/localized';
import type { Component, Incident, Update } from '../domain/model';
import { componentUpdateDrafts, type NoticeDraft, type NoticeKind, noticeMoment } from '../domain/notices';
import { settledStatus } from '../domain/settle';
import type { ComponentStatus, IncidentStatus } from '../domain/status';
import { INCIDENT_STATUSES, impactOfStatuses } from '../domain/status';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import type { StatusChange } from '../store/components';
import { statusChangeStatements } from '../store/components';
import {
  componentsHeldByOpenIncidents,
  findIncident,
  holdComponentsStatements,
  insertIncidentStatement,
  saveIncidentStatements,
} from '../store/incidents';
import { listMaintenances } from '../store/maintenances';
import { insertComponentNoticeStatement, insertNoticeStatement } from '../store/notices';
import { insertUpdateStatements } from '../store/updates';
import { componentNameTranslations, loadComponents, newUpdate, noticeComponents, noticeTranslations, toAffected } from './affected';
import { commit } from './commit';
import { ComponentStatusMap, ImpactSchema, Instant, Name, Text, TranslatedName, TranslatedText, translationsOf } from './schemas';
import { checkTranslations } from './translations';

const OpenStatus = z.enum(['investigating', 'identified', 'monitoring']);

const IncidentTranslations = translationsOf({ name: TranslatedName, body: TranslatedText(20_000) });
const UpdateTranslations = translationsOf({ body: TranslatedText(20_000) });

type BodyTranslations = z.infer<typeof IncidentTranslations>;

/** The body of each translation, for the update; the name, for the incident. */
const pick = (t: BodyTranslations, field: 'name' | 'body'): Translations<'name' | 'body'> =>
  mergeTranslations(
    {},
    t && Object.fromEntries(Object.entries(t).map(([locale, fields]) => [locale, fields?.[field] ? { [field]: fields[field] } : {}])),
  );

export const IncidentInput = z.strictObject({
  name: Name,
  status: OpenStatus.default('investigating'),
  impact: ImpactSchema.optional(),
  body: Text.trim().min(1, 'must not be empty'),
  components: ComponentStatusMap.default({}),
  deliver_notifications: z.boolean().default(true),
  translations: IncidentTranslations,
});
export type IncidentInput = z.infer<typeof IncidentInput>;

export const IncidentUpdateInput = z.strictObject({
  status: z.enum(INCIDENT_STATUSES),
  body: Text.trim().min(1, 'must not be empty'),
  impact: ImpactSchema.optional(),
  components: ComponentStatusMap.default({}),
  deliver_notifications: z.boolean().default(true),
  translations: UpdateTranslations,
});
export type IncidentUpdateInput = z.infer<typeof IncidentUpdateInput>;

/** A past incident recorded after the fact: its statuses enter the log at their real times. */
export const BackfillInput = z.strictObject({
  name: Name,
  impact: ImpactSchema,
  body: Text.trim().min(1, 'must not be empty'),
  components: ComponentStatusMap.default({}),
  started_at: Instant,
  resolved_at: Instant,
  postmortem: Text.trim().min(1).optional(),
  translations: translationsOf({ name: TranslatedName, body: TranslatedText(20_000), postmortem: TranslatedText(20_000) }),
});
export type BackfillInput = z.infer<typeof BackfillInput>;

export async function getIncident(ctx: Ctx, id: string): Promise<Incident> {
  const incident = await findIncident(ctx.db, id);
  if (!incident) throw new NotFound('Incident', id);
  return incident;
}

const noticeKindFor = (status: IncidentStatus, created: boolean): NoticeKind =>
  created ? 'created' : status === 'resolved' ? 'resolved' : status === 'postmortem' ? 'postmortem' : 'update';

/**
 * The notice of an incident's update. `statusChanges` are the write's own; with `components` (their
 * statuses before it) they fix the moment the webhook body tells of.
 */
function incidentNotice(
  incident: Incident,
  update: Update,
  kind: NoticeKind,
  changes: NoticeDraft['payload']['components'],
  components: Map<string, Component>,
  statusChanges: readonly StatusChange[],
): NoticeDraft {
  return {
    subjectType: 'incident',
    subjectId: incident.id,
    kind,
    updateId: update.id,
    deliver: update.deliverNotifications,
    payload: {
      name: incident.name,
      body: update.body,
      components: changes,
      status: update.status,
      translations: noticeTranslations(incident.translations, update),
      component_translations: componentNameTranslations(
        changes.map((c) => c.id),
        components,
      ),
    },
    moment: noticeMoment(incident, components, statusChanges),
  };
}

/** The `component_update` notices of a write's status changes (webhooks only), told or not as its update is. */
function componentNotices(ctx: Ctx, changes: readonly StatusChange[], components: Map<string, Component>, update: Update, at: string) {
  return componentUpdateDrafts(changes, components, at, ctx.newId, update.deliverNotifications).map((d) =>
    insertComponentNoticeStatement(ctx.db, ctx.newId(), at, d),
  );
}

interface PlannedIncident {
  incident: Incident;
  update: Update<IncidentStatus>;
  changes: StatusChange[];
  notice: NoticeDraft;
  components: Map<string, Component>;
}

/** What declaring an incident would write, checked, without writing it. */
async function planIncidentCreate(ctx: Ctx, input: IncidentInput): Promise<PlannedIncident> {
  await checkTranslations(ctx, input.translations);
  const components = await loadComponents(ctx, Object.keys(input.components));
  const at = ctx.now.toISOString();
  const changes: StatusChange[] = Object.entries(input.components).map(([componentId, newStatus]) => ({
    componentId,
    oldStatus: components.get(componentId)?.status ?? 'operational',
    newStatus,
  }));
  const update = newUpdate<IncidentStatus>(
    ctx,
    {
      status: input.status,
      body: input.body,
      deliverNotifications: input.deliver_notifications,
      translations: pick(input.translations, 'body'),
    },
    changes,
    components,
  );
  const incident: Incident = {
    id: ctx.newId(),
    name: input.name,
    status: input.status,
    impact: input.impact ?? impactOfStatuses(Object.values(input.components)),
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    monitoringAt: input.status === 'monitoring' ? at : null,
    resolvedAt: null,
    postmortemBody: null,
    postmortemPublishedAt: null,
    revision: ctx.newId(),
    translations: pick(input.translations, 'name'),
    components: changes.map((c) => ({ componentId: c.componentId, status: c.newStatus })),
    updates: [update],
  };
  const notice = incidentNotice(incident, update, 'created', noticeComponents(changes, components), components, changes);
  return { incident, update, changes, notice, components };
}

/** The incident and its first notice as `createIncident` would write them; nothing is written. */
export async function previewIncidentCreate(ctx: Ctx, input: IncidentInput): Promise<{ incident: Incident; notice: NoticeDraft }> {
  const { incident, notice } = await planIncidentCreate(ctx, input);
  return { incident, notice };
}

export async function createIncident({
  ctx,
  input,
  also,
}: {
  ctx: Ctx;
  input: IncidentInput;
  /** More statements for the same commit (publishing a draft marks it published with it). */
  also?: (incident: Incident) => D1PreparedStatement[];
}): Promise<Incident> {
  const { incident, update, changes, notice, components } = await planIncidentCreate(ctx, input);
  const at = ctx.now.toISOString();
  await commit(ctx, [
    insertIncidentStatement(ctx.db, incident),
    ...holdComponentsStatements(ctx.db, incident.id, incident.components),
    ...insertUpdateStatements(ctx.db, 'incident', incident.id, update),
    ...statusChangeStatements(ctx.db, changes, { type: 'incident', id: incident.id, at }),
    insertNoticeStatement(ctx.db, ctx.newId(), at, notice),
    ...componentNotices(ctx, changes, components, update, at),
    ...(also?.(incident) ?? []),
    auditStatement(ctx, 'incident.create', 'incident', incident.id, input),
  ]);
  return incident;
}

/**
 * Posts an update: checks the transition, applies the statuses it names, and on resolution lets
 * every component the incident held settle (another open incident or a running maintenance
 * still holds it, or it returns to operational).
 */
export async function addIncidentUpdate({ ctx, id, input }: { ctx: Ctx; id: string; input: IncidentUpdateInput }): Promise<Incident> {
  const current = await getIncident(ctx, id);
  const transition = incidentTransition(current.status, input.status);
  if (!transition.ok)
    throw new Conflict(`cannot move incident ${id} from ${current.status} to ${input.status}: ${transition.reason}`, {
      from: current.status,
      to: input.status,
    });
  const components = await loadComponents(ctx, Object.keys(input.components));
  const at = ctx.now.toISOString();
  const closing = !isIncidentOpen(input.status);

  const touched = new Set([...current.components.map((h) => h.componentId), ...Object.keys(input.components)]);
  const [incidentHolds, running] = closing
    ? await Promise.all([
        componentsHeldByOpenIncidents(ctx.db),
        listMaintenances(ctx.db, { limit: 50, statuses: ['in_progress', 'verifying'] }),
      ])
    : [new Map<string, ComponentStatus[]>(), []];
  const plannedStatus = (componentId: string): ComponentStatus | null =>
    running.flatMap((m) => m.components).find((p) => p.componentId === componentId)?.plannedStatus ?? null;

  const changes: StatusChange[] = [];
  for (const componentId of touched) {
    const component = components.get(componentId);
    if (!component) continue;
    const named = input.components[componentId];
    let newStatus: ComponentStatus;
    if (named) newStatus = named;
    else if (closing) {
      const ownHold = current.components.find((h) => h.componentId === componentId)?.status;
      const others = [...(incidentHolds.get(componentId) ?? [])];
      if (ownHold) others.splice(others.indexOf(ownHold), 1);
      newStatus = settledStatus({ incidents: others, maintenance: plannedStatus(componentId) }, 'operational');
    } else newStatus = component.status;
    changes.push({ componentId, oldStatus: component.status, newStatus });
  }

  await checkTranslations(ctx, input.translations);
  const update = newUpdate(
    ctx,
    {
      status: input.status,
      body: input.body,
      deliverNotifications: input.deliver_notifications,
      translations: pick(input.translations, 'body'),
    },
    changes,
    components,
  );
  const postmortemTranslations =
    input.status === 'postmortem'
      ? mergeTranslations(
          current.translations,
          Object.fromEntries(Object.entries(update.translations).map(([l, f]) => [l, { postmortem_body: f?.body ?? null }])),
        )
      : current.translations;
  const next: Incident = {
    ...current,
    translations: postmortemTranslations,
    status: input.status,
    impact: input.impact ?? current.impact,
    updatedAt: at,
    monitoringAt: input.status === 'monitoring' && !current.monitoringAt ? at : current.monitoringAt,
    resolvedAt: input.status === 'resolved' ? at : current.resolvedAt,
    postmortemBody: input.status === 'postmortem' ? input.body : current.postmortemBody,
    postmortemPublishedAt: input.status === 'postmortem' ? at : current.postmortemPublishedAt,
    revision: ctx.newId(),
    components: closing ? [] : changes.map((c) => ({ componentId: c.componentId, status: c.newStatus })),
    updates: [update, ...current.updates],
  };
  await commit(ctx, [
    ...saveIncidentStatements(ctx.db, next, current.revision),
    ...holdComponentsStatements(ctx.db, id, next.components),
    ...insertUpdateStatements(ctx.db, 'incident', id, update),
    ...statusChangeStatements(ctx.db, changes, { type: 'incident', id, at }),
    insertNoticeStatement(
      ctx.db,
      ctx.newId(),
      at,
      incidentNotice(next, update, noticeKindFor(input.status, false), noticeComponents(changes, components), components, changes),
    ),
    ...componentNotices(ctx, changes, components, update, at),
    auditStatement(ctx, 'incident.update', 'incident', id, input),
  ]);
  return next;
}

/**
 * Records a resolved past incident: its updates at their real times and, in the status log,
 * each component's fall and recovery, without touching current statuses. Nobody is notified.
 */
export async function backfillIncident({ ctx, input }: { ctx: Ctx; input: BackfillInput }): Promise<Incident> {
  if (input.resolved_at <= input.started_at) throw new Invalid('resolved_at must be after started_at');
  if (input.resolved_at > ctx.now) throw new Invalid('a backfilled incident must be over; post a live incident instead');
  await checkTranslations(ctx, input.translations);
  const translated = (field: 'name' | 'body' | 'postmortem') =>
    mergeTranslations(
      {},
      input.translations &&
        Object.fromEntries(Object.entries(input.translations).map(([l, f]) => [l, f?.[field] ? { [field]: f[field] } : {}])),
    );
  const asBody = (field: 'body' | 'postmortem') =>
    Object.fromEntries(Object.entries(translated(field)).map(([l, f]) => [l, { body: (f as Record<string, string>)[field] }]));
  const components = await loadComponents(ctx, Object.keys(input.components));
  const started = input.started_at.toISOString();
  const resolved = input.resolved_at.toISOString();
  const fall: StatusChange[] = Object.entries(input.components).map(([componentId, newStatus]) => ({
    componentId,
    oldStatus: 'operational',
    newStatus,
  }));
  const recovery = fall.map((c) => ({ componentId: c.componentId, oldStatus: c.newStatus, newStatus: 'operational' as const }));
  const first: Update<IncidentStatus> = {
    id: ctx.newId(),
    status: 'investigating',
    body: input.body,
    createdAt: started,
    displayAt: started,
    deliverNotifications: false,
    affectedComponents: toAffected(fall, components),
    translations: asBody('body'),
    facts: null,
  };
  const last: Update<IncidentStatus> = {
    ...first,
    id: ctx.newId(),
    status: 'resolved',
    body: '',
    translations: {},
    facts: { automatic: 'resolved' },
    createdAt: resolved,
    displayAt: resolved,
    affectedComponents: toAffected(recovery, components),
  };
  const postmortem: Update<IncidentStatus> | null = input.postmortem
    ? { ...last, id: ctx.newId(), status: 'postmortem', body: input.postmortem, translations: asBody('postmortem'), affectedComponents: [] }
    : null;
  const incident: Incident = {
    id: ctx.newId(),
    name: input.name,
    status: postmortem ? 'postmortem' : 'resolved',
    impact: input.impact,
    createdAt: started,
    updatedAt: resolved,
    startedAt: started,
    monitoringAt: null,
    resolvedAt: resolved,
    postmortemBody: input.postmortem ?? null,
    postmortemPublishedAt: postmortem ? resolved : null,
    revision: ctx.newId(),
    translations: mergeTranslations(
      {},
      Object.fromEntries(
        Object.entries(input.translations ?? {}).map(([l, f]) => [l, { name: f?.name ?? null, postmortem_body: f?.postmortem ?? null }]),
      ),
    ),
    components: [],
    updates: postmortem ? [postmortem, last, first] : [last, first],
  };
  const logRow = (c: StatusChange, at: string) =>
    ctx.db
      .prepare(
        `INSERT INTO component_status_log (component_id, old_status, new_status, changed_at, cause_type, cause_id)
         VALUES (?, ?, ?, ?, 'incident', ?)`,
      )
      .bind(c.componentId, c.oldStatus, c.newStatus, at, incident.id);
  await commit(ctx, [
    insertIncidentStatement(ctx.db, incident),
    ...incident.updates.flatMap((u) => insertUpdateStatements(ctx.db, 'incident', incident.id, u)),
    ...fall.map((c) => logRow(c, started)),
    ...recovery.map((c) => logRow(c, resolved)),
    auditStatement(ctx, 'incident.backfill', 'incident', incident.id, input),
  ]);
  return incident;
}
