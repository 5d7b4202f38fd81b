import { z } from 'zod';
import { Invalid, NotFound } from '../domain/errors';
import { mergeTranslations } from '../domain/localized';
import type { Component, ComponentGroup } from '../domain/model';
import { componentUpdateDrafts } from '../domain/notices';
import type { Ctx } from '../env';
import { auditStatement } from '../store/audit';
import {
  deleteComponentStatement,
  deleteGroupStatements,
  findComponent,
  findGroup,
  initialStatusStatement,
  insertComponent,
  listComponents,
  saveComponentDetails,
  saveGroup,
  statusChangeStatements,
} from '../store/components';
import { insertComponentNoticeStatement } from '../store/notices';
import { commit } from './commit';
import { ComponentStatusSchema, Id, Name, Text, TranslatedName, TranslatedText, translationsOf } from './schemas';
import { checkTranslations } from './translations';

export const ComponentInput = z.strictObject({
  name: Name,
  description: Text.nullable().optional(),
  group_id: Id.nullable().optional(),
  position: z.int().min(0).max(100_000).optional(),
  status: ComponentStatusSchema.optional(),
  only_show_if_degraded: z.boolean().optional(),
  showcase: z.boolean().optional(),
  start_date: z.iso.date().nullable().optional(),
  translations: translationsOf({ name: TranslatedName, description: TranslatedText(20_000) }),
});
export type ComponentInput = z.infer<typeof ComponentInput>;

export const ComponentPatch = ComponentInput.partial();
export type ComponentPatch = z.infer<typeof ComponentPatch>;

export const GroupInput = z.strictObject({
  name: Name,
  description: Text.nullable().optional(),
  position: z.int().min(0).max(100_000).optional(),
  collapsed: z.boolean().optional(),
  translations: translationsOf({ name: TranslatedName, description: TranslatedText(20_000) }),
});
export type GroupInput = z.infer<typeof GroupInput>;

export const GroupPatch = GroupInput.partial();
export type GroupPatch = z.infer<typeof GroupPatch>;

export async function getComponent(ctx: Ctx, id: string): Promise<Component> {
  const component = await findComponent(ctx.db, id);
  if (!component) throw new NotFound('Component', id);
  return component;
}

export async function getGroup(ctx: Ctx, id: string): Promise<ComponentGroup> {
  const group = await findGroup(ctx.db, id);
  if (!group) throw new NotFound('Group', id);
  return group;
}

async function checkGroup(ctx: Ctx, groupId: string | null | undefined): Promise<void> {
  if (groupId && !(await findGroup(ctx.db, groupId))) throw new Invalid(`group ${groupId} does not exist`, { group_id: groupId });
}

async function nextPosition(ctx: Ctx): Promise<number> {
  const components = await listComponents(ctx.db);
  return components.reduce((max, c) => Math.max(max, c.position + 1), 1);
}

export async function createComponent({ ctx, input }: { ctx: Ctx; input: ComponentInput }): Promise<Component> {
  await Promise.all([checkGroup(ctx, input.group_id), checkTranslations(ctx, input.translations)]);
  const at = ctx.now.toISOString();
  const component: Component = {
    id: ctx.newId(),
    groupId: input.group_id ?? null,
    name: input.name,
    description: input.description ?? null,
    position: input.position ?? (await nextPosition(ctx)),
    status: input.status ?? 'operational',
    onlyShowIfDegraded: input.only_show_if_degraded ?? false,
    showcase: input.showcase ?? true,
    startDate: input.start_date ?? null,
    createdAt: at,
    updatedAt: at,
    translations: mergeTranslations({}, input.translations),
  };
  await commit(ctx, [
    insertComponent(ctx.db, component),
    initialStatusStatement(ctx.db, component, { type: 'operator', id: null, at }),
    auditStatement(ctx, 'component.create', 'component', component.id, input),
  ]);
  return component;
}

export async function updateComponent({ ctx, id, input }: { ctx: Ctx; id: string; input: ComponentPatch }): Promise<Component> {
  const current = await getComponent(ctx, id);
  if (input.group_id !== undefined) await checkGroup(ctx, input.group_id);
  await checkTranslations(ctx, input.translations);
  const at = ctx.now.toISOString();
  const next: Component = {
    ...current,
    name: input.name ?? current.name,
    description: input.description !== undefined ? input.description : current.description,
    groupId: input.group_id !== undefined ? input.group_id : current.groupId,
    position: input.position ?? current.position,
    onlyShowIfDegraded: input.only_show_if_degraded ?? current.onlyShowIfDegraded,
    showcase: input.showcase ?? current.showcase,
    startDate: input.start_date !== undefined ? input.start_date : current.startDate,
    status: input.status ?? current.status,
    updatedAt: at,
    translations: mergeTranslations(current.translations, input.translations),
  };
  const change = { componentId: id, oldStatus: current.status, newStatus: next.status };
  await commit(ctx, [
    saveComponentDetails(ctx.db, next),
    ...statusChangeStatements(ctx.db, [change], { type: 'operator', id: null, at }),
    ...componentUpdateDrafts([change], new Map([[id, next]]), at, ctx.newId).map((d) =>
      insertComponentNoticeStatement(ctx.db, ctx.newId(), at, d),
    ),
    auditStatement(ctx, 'component.update', 'component', id, input),
  ]);
  return next;
}

export async function deleteComponent({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const current = await getComponent(ctx, id);
  const at = ctx.now.toISOString();
  await commit(ctx, [
    deleteComponentStatement(ctx.db, id, at),
    auditStatement(ctx, 'component.delete', 'component', id, { name: current.name }),
  ]);
}

export async function createGroup({ ctx, input }: { ctx: Ctx; input: GroupInput }): Promise<ComponentGroup> {
  await checkTranslations(ctx, input.translations);
  const at = ctx.now.toISOString();
  const group: ComponentGroup = {
    id: ctx.newId(),
    name: input.name,
    description: input.description ?? null,
    position: input.position ?? 0,
    collapsed: input.collapsed ?? false,
    createdAt: at,
    updatedAt: at,
    translations: mergeTranslations({}, input.translations),
  };
  await commit(ctx, [saveGroup(ctx.db, group), auditStatement(ctx, 'group.create', 'group', group.id, input)]);
  return group;
}

export async function updateGroup({ ctx, id, input }: { ctx: Ctx; id: string; input: GroupPatch }): Promise<ComponentGroup> {
  const current = await getGroup(ctx, id);
  await checkTranslations(ctx, input.translations);
  const next: ComponentGroup = {
    ...current,
    name: input.name ?? current.name,
    description: input.description !== undefined ? input.description : current.description,
    position: input.position ?? current.position,
    collapsed: input.collapsed ?? current.collapsed,
    updatedAt: ctx.now.toISOString(),
    translations: mergeTranslations(current.translations, input.translations),
  };
  await commit(ctx, [saveGroup(ctx.db, next), auditStatement(ctx, 'group.update', 'group', id, input)]);
  return next;
}

export async function deleteGroup({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const current = await getGroup(ctx, id);
  await commit(ctx, [
    ...deleteGroupStatements(ctx.db, id, ctx.now.toISOString()),
    auditStatement(ctx, 'group.delete', 'group', id, { name: current.name }),
  ]);
}
