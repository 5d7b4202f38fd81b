// Turning `{"<component id>": "<status>"}` into checked status changes.
import { Invalid } from '../domain/errors';
import type { Translations } from '../domain/localized';
import type { AffectedComponent, Component, Locale, Update, UpdateFacts } from '../domain/model';
import { LOCALES } from '../domain/model';
import type { NoticePayload } from '../domain/notices';
import type { ComponentStatus } from '../domain/status';
import type { Ctx } from '../env';
import type { StatusChange } from '../store/components';
import { listComponents } from '../store/components';

export type ComponentStatusMap = Record<string, ComponentStatus>;

/** All live components by id; unknown ids in `wanted` are a 422 naming them. */
export async function loadComponents(ctx: Ctx, wanted: Iterable<string>): Promise<Map<string, Component>> {
  const all = new Map((await listComponents(ctx.db)).map((c) => [c.id, c]));
  const unknown = [...wanted].filter((id) => !all.has(id));
  if (unknown.length > 0) throw new Invalid(`unknown component ${unknown.join(', ')}`, { components: unknown });
  return all;
}

export function toAffected(changes: readonly StatusChange[], components: Map<string, Component>): AffectedComponent[] {
  return changes.map((c) => ({
    componentId: c.componentId,
    name: components.get(c.componentId)?.name ?? c.componentId,
    oldStatus: c.oldStatus,
    newStatus: c.newStatus,
  }));
}

export function noticeComponents(changes: readonly StatusChange[], components: Map<string, Component>): NoticePayload['components'] {
  return changes.map((c) => ({ id: c.componentId, name: components.get(c.componentId)?.name ?? c.componentId, status: c.newStatus }));
}

/** A new update of an incident or maintenance, stamped now, listing the status changes it made. */
export function newUpdate<S extends string>(
  ctx: Ctx,
  fields: { status: S; body: string; deliverNotifications: boolean; translations?: Translations<'body'>; facts?: UpdateFacts | null },
  changes: readonly StatusChange[],
  components: Map<string, Component>,
): Update<S> {
  const at = ctx.now.toISOString();
  return {
    id: ctx.newId(),
    translations: {},
    facts: null,
    ...fields,
    createdAt: at,
    displayAt: at,
    affectedComponents: toAffected(changes, components),
  };
}

/**
 * The operator's text of a notice in the other languages, fixed with it: the subject's fields
 * (name, what still works) and the update's body, language by language.
 */
export function noticeTranslations(
  subject: Translations<'name' | 'still_working' | 'postmortem_body'>,
  update: Pick<Update, 'translations'> | null,
): NoticePayload['translations'] {
  const out: NonNullable<NoticePayload['translations']> = {};
  for (const locale of LOCALES) {
    const { name, still_working } = subject[locale] ?? {};
    const body = update?.translations[locale]?.body;
    const fields = { ...(name ? { name } : {}), ...(still_working ? { still_working } : {}), ...(body ? { body } : {}) };
    if (Object.keys(fields).length > 0) out[locale] = fields;
  }
  return out;
}

/** The names of a notice's components in the other languages, by component id. */
export function componentNameTranslations(
  ids: readonly string[],
  components: Map<string, Component>,
): NoticePayload['component_translations'] {
  const out: NonNullable<NoticePayload['component_translations']> = {};
  for (const id of ids) {
    const names: Partial<Record<Locale, string>> = {};
    for (const [locale, fields] of Object.entries(components.get(id)?.translations ?? {}) as [Locale, { name?: string }][]) {
      if (fields.name) names[locale] = fields.name;
    }
    if (Object.keys(names).length > 0) out[id] = names;
  }
  return out;
}
