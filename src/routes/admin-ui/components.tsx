// Components and groups: create, edit, reorder, change status, delete.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { Invalid } from '../../domain/errors';
import type { Component, ComponentGroup } from '../../domain/model';
import {
  ComponentInput,
  ComponentPatch,
  createComponent,
  createGroup,
  deleteComponent,
  deleteGroup,
  GroupInput,
  GroupPatch,
  getComponent,
  getGroup,
  updateComponent,
  updateGroup,
} from '../../services/components';
import { pageDefaultLocale } from '../../services/translations';
import { listComponents, listGroups } from '../../store/components';
import { ComponentEditPage, ComponentsPage, GroupEditPage } from '../../views/admin/components-page';
import type { FieldErrors, FormState } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import {
  COMPONENT_FIELDS,
  componentInput,
  componentPatch,
  componentValues,
  GROUP_FIELDS,
  groupInput,
  groupPatch,
  groupValues,
  TEXT_LABELS,
} from './component-input';
import { parseInput, readForm, submitForm } from './form';
import { chrome, render, seeOther } from './render';
import { parseTranslatedInput } from './translation-issues';

async function listPage(
  c: Context<AdminEnv>,
  forms: { componentForm?: FormState; groupForm?: FormState; rowErrors?: FieldErrors } = {},
  status: 200 | 409 | 422 = 200,
) {
  const ctx = c.get('ctx');
  const [components, groups, defaultLocale] = await Promise.all([listComponents(ctx.db), listGroups(ctx.db), pageDefaultLocale(ctx)]);
  const page = (
    <ComponentsPage chrome={chrome(c, 'components')} components={components} groups={groups} defaultLocale={defaultLocale} {...forms} />
  );
  return render(c, page, status);
}

async function editComponentPage(c: Context<AdminEnv>, component: Component, form: FormState, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [groups, defaultLocale] = await Promise.all([listGroups(ctx.db), pageDefaultLocale(ctx)]);
  const page = (
    <ComponentEditPage chrome={chrome(c, 'components')} component={component} groups={groups} defaultLocale={defaultLocale} form={form} />
  );
  return render(c, page, status);
}

async function editGroupPage(c: Context<AdminEnv>, group: ComponentGroup, form: FormState, status: 200 | 409 | 422 = 200) {
  const defaultLocale = await pageDefaultLocale(c.get('ctx'));
  return render(c, <GroupEditPage chrome={chrome(c, 'components')} group={group} defaultLocale={defaultLocale} form={form} />, status);
}

/**
 * The new order after moving `id` one place among its siblings, as the position updates it
 * takes: everyone is renumbered 1…n, so equal or gapped positions sort themselves out.
 */
function reorder<T extends { id: string; position: number }>(
  all: readonly T[],
  id: string,
  direction: string,
  sibling: (a: T, b: T) => boolean,
) {
  const order = [...all];
  const from = order.findIndex((x) => x.id === id);
  const moving = order[from];
  if (!moving || (direction !== 'up' && direction !== 'down')) throw new Invalid('direction must be up or down', { direction });
  const step = direction === 'up' ? -1 : 1;
  let to = from + step;
  while (to >= 0 && to < order.length && !sibling(moving, order[to] as T)) to += step;
  if (to < 0 || to >= order.length) return [];
  order[from] = order[to] as T;
  order[to] = moving;
  return order.flatMap((x, i) => (x.position === i + 1 ? [] : [{ id: x.id, position: i + 1 }]));
}

export function componentPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/components', (c) => listPage(c));

  app.post('/components', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      COMPONENT_FIELDS,
      async () => {
        const input = componentInput(form, await pageDefaultLocale(ctx));
        await createComponent({ ctx, input: parseTranslatedInput(ComponentInput, input, TEXT_LABELS) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => listPage(c, { componentForm: { values: form, errors } }, status),
    );
  });

  app.get('/components/:id', async (c) => {
    const ctx = c.get('ctx');
    const component = await getComponent(ctx, idParam(c, 'Component'));
    return editComponentPage(c, component, { values: componentValues(component), errors: {} });
  });

  app.post('/components/:id', async (c) => {
    const ctx = c.get('ctx');
    const component = await getComponent(ctx, idParam(c, 'Component'));
    const form = await readForm(c);
    return submitForm(
      COMPONENT_FIELDS,
      async () => {
        const input = componentPatch(form, component, await pageDefaultLocale(ctx));
        await updateComponent({ ctx, id: component.id, input: parseTranslatedInput(ComponentPatch, input, TEXT_LABELS) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => editComponentPage(c, component, { values: form, errors }, status),
    );
  });

  app.post('/components/:id/status', async (c) => {
    const id = idParam(c, 'Component');
    const form = await readForm(c);
    return submitForm(
      ['status'],
      async () => {
        await updateComponent({ ctx: c.get('ctx'), id, input: parseInput(ComponentPatch, { status: fieldValue(form, 'status') }) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => listPage(c, { rowErrors: { _form: Object.values(errors).flat() } }, status),
    );
  });

  app.post('/components/:id/move', async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c, 'Component');
    await getComponent(ctx, id);
    const [components, groups] = await Promise.all([listComponents(ctx.db), listGroups(ctx.db)]);
    // The order the public page shows: by group, then by position within it.
    const groupRank = new Map(groups.map((g, i) => [g.id, i]));
    const shown = [...components].sort(
      (a, b) => (groupRank.get(a.groupId ?? '') ?? groups.length) - (groupRank.get(b.groupId ?? '') ?? groups.length),
    );
    const moves = reorder(shown, id, fieldValue(await readForm(c), 'direction'), (a, b) => a.groupId === b.groupId);
    for (const move of moves) await updateComponent({ ctx, id: move.id, input: parseInput(ComponentPatch, { position: move.position }) });
    return seeOther(c, '/admin/components');
  });

  app.post('/components/:id/delete', async (c) => {
    await deleteComponent({ ctx: c.get('ctx'), id: idParam(c, 'Component') });
    return seeOther(c, '/admin/components');
  });

  app.post('/groups', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      GROUP_FIELDS,
      async () => {
        const groups = await listGroups(ctx.db);
        const position = groups.reduce((max, g) => Math.max(max, g.position + 1), 1);
        const input = { ...groupInput(form, await pageDefaultLocale(ctx)), position };
        await createGroup({ ctx, input: parseTranslatedInput(GroupInput, input, TEXT_LABELS) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => listPage(c, { groupForm: { values: form, errors } }, status),
    );
  });

  app.get('/groups/:id', async (c) => {
    const group = await getGroup(c.get('ctx'), idParam(c, 'Group'));
    return editGroupPage(c, group, { values: groupValues(group), errors: {} });
  });

  app.post('/groups/:id', async (c) => {
    const ctx = c.get('ctx');
    const group = await getGroup(ctx, idParam(c, 'Group'));
    const form = await readForm(c);
    return submitForm(
      GROUP_FIELDS,
      async () => {
        const input = groupPatch(form, group, await pageDefaultLocale(ctx));
        await updateGroup({ ctx, id: group.id, input: parseTranslatedInput(GroupPatch, input, TEXT_LABELS) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => editGroupPage(c, group, { values: form, errors }, status),
    );
  });

  app.post('/groups/:id/move', async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c, 'Group');
    await getGroup(ctx, id);
    const moves = reorder(await listGroups(ctx.db), id, fieldValue(await readForm(c), 'direction'), () => true);
    for (const move of moves) await updateGroup({ ctx, id: move.id, input: parseInput(GroupPatch, { position: move.position }) });
    return seeOther(c, '/admin/components');
  });

  app.post('/groups/:id/delete', async (c) => {
    await deleteGroup({ ctx: c.get('ctx'), id: idParam(c, 'Group') });
    return seeOther(c, '/admin/components');
  });

  return app;
}
