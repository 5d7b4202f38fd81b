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
import { listComponents, listGroups } from '../../store/components';
import { ComponentEditPage, ComponentsPage, GroupEditPage } from '../../views/admin/components-page';
import type { FieldErrors, FormState, FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { checked, parseInput, readForm, submitForm, textOrNull } from './form';
import { chrome, render, seeOther } from './render';

const COMPONENT_FIELDS = ['name', 'description', 'group_id', 'status', 'only_show_if_degraded', 'showcase'] as const;
const GROUP_FIELDS = ['name', 'description', 'collapsed'] as const;

const componentInput = (f: FormValues) => ({
  name: fieldValue(f, 'name'),
  description: textOrNull(fieldValue(f, 'description')),
  group_id: fieldValue(f, 'group_id') || null,
  status: fieldValue(f, 'status') || undefined,
  only_show_if_degraded: checked(f, 'only_show_if_degraded'),
  showcase: checked(f, 'showcase'),
});

const groupInput = (f: FormValues) => ({
  name: fieldValue(f, 'name'),
  description: textOrNull(fieldValue(f, 'description')),
  collapsed: checked(f, 'collapsed'),
});

const componentValues = (c: Component): FormValues => ({
  name: c.name,
  description: c.description ?? '',
  group_id: c.groupId ?? '',
  status: c.status,
  ...(c.showcase ? { showcase: 'on' } : {}),
  ...(c.onlyShowIfDegraded ? { only_show_if_degraded: 'on' } : {}),
});

const groupValues = (g: ComponentGroup): FormValues => ({
  name: g.name,
  description: g.description ?? '',
  ...(g.collapsed ? { collapsed: 'on' } : {}),
});

async function listPage(
  c: Context<AdminEnv>,
  forms: { componentForm?: FormState; groupForm?: FormState; rowErrors?: FieldErrors } = {},
  status: 200 | 409 | 422 = 200,
) {
  const db = c.get('ctx').db;
  const [components, groups] = await Promise.all([listComponents(db), listGroups(db)]);
  return render(c, <ComponentsPage chrome={chrome(c, 'components')} components={components} groups={groups} {...forms} />, status);
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
    const form = await readForm(c);
    return submitForm(
      COMPONENT_FIELDS,
      async () => {
        await createComponent({ ctx: c.get('ctx'), input: parseInput(ComponentInput, componentInput(form)) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => listPage(c, { componentForm: { values: form, errors } }, status),
    );
  });

  app.get('/components/:id', async (c) => {
    const ctx = c.get('ctx');
    const component = await getComponent(ctx, idParam(c, 'Component'));
    const page = (
      <ComponentEditPage
        chrome={chrome(c, 'components')}
        component={component}
        groups={await listGroups(ctx.db)}
        form={{ values: componentValues(component), errors: {} }}
      />
    );
    return render(c, page);
  });

  app.post('/components/:id', async (c) => {
    const ctx = c.get('ctx');
    const component = await getComponent(ctx, idParam(c, 'Component'));
    const form = await readForm(c);
    return submitForm(
      COMPONENT_FIELDS,
      async () => {
        await updateComponent({ ctx, id: component.id, input: parseInput(ComponentPatch, componentInput(form)) });
        return seeOther(c, '/admin/components');
      },
      async (errors, status) => {
        const groups = await listGroups(ctx.db);
        return render(
          c,
          <ComponentEditPage chrome={chrome(c, 'components')} component={component} groups={groups} form={{ values: form, errors }} />,
          status,
        );
      },
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
    const form = await readForm(c);
    return submitForm(
      GROUP_FIELDS,
      async () => {
        const groups = await listGroups(c.get('ctx').db);
        const position = groups.reduce((max, g) => Math.max(max, g.position + 1), 1);
        await createGroup({ ctx: c.get('ctx'), input: parseInput(GroupInput, { ...groupInput(form), position }) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) => listPage(c, { groupForm: { values: form, errors } }, status),
    );
  });

  app.get('/groups/:id', async (c) => {
    const group = await getGroup(c.get('ctx'), idParam(c, 'Group'));
    return render(c, <GroupEditPage chrome={chrome(c, 'components')} group={group} form={{ values: groupValues(group), errors: {} }} />);
  });

  app.post('/groups/:id', async (c) => {
    const ctx = c.get('ctx');
    const group = await getGroup(ctx, idParam(c, 'Group'));
    const form = await readForm(c);
    return submitForm(
      GROUP_FIELDS,
      async () => {
        await updateGroup({ ctx, id: group.id, input: parseInput(GroupPatch, groupInput(form)) });
        return seeOther(c, '/admin/components');
      },
      (errors, status) =>
        render(c, <GroupEditPage chrome={chrome(c, 'components')} group={group} form={{ values: form, errors }} />, status),
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
