// Turning `{"<component id>": "<status>"}` into checked status changes.
import { Invalid } from '../domain/errors';
import type { AffectedComponent, Component, Update } from '../domain/model';
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
  fields: { status: S; body: string; deliverNotifications: boolean },
  changes: readonly StatusChange[],
  components: Map<string, Component>,
): Update<S> {
  const at = ctx.now.toISOString();
  return { id: ctx.newId(), ...fields, createdAt: at, displayAt: at, affectedComponents: toAffected(changes, components) };
}
