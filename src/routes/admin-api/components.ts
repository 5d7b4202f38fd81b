import { z } from 'zod';
import { ComponentJson, componentJson, GroupJson, groupJson } from '../../present/admin-json';
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
import { readJson } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const OneComponent = z.object({ component: ComponentJson });
const OneGroup = z.object({ group: GroupJson });

export function registerComponentRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/components',
      operationId: 'listComponents',
      summary: 'List components',
      tag: 'components',
      response: z.object({ components: z.array(ComponentJson) }),
    },
    async (c) => c.json({ components: (await listComponents(c.get('ctx').db)).map(componentJson) }),
  );
  r.route(
    {
      method: 'post',
      path: '/components',
      operationId: 'createComponent',
      summary: 'Create a component',
      tag: 'components',
      body: ComponentInput,
      status: 201,
      response: OneComponent,
    },
    async (c) => {
      const component = await createComponent({ ctx: c.get('ctx'), input: await readJson(c, ComponentInput) });
      return c.json({ component: componentJson(component) }, 201);
    },
  );
  r.route(
    {
      method: 'get',
      path: '/components/:id',
      operationId: 'getComponent',
      summary: 'Show a component',
      tag: 'components',
      response: OneComponent,
    },
    async (c) => c.json({ component: componentJson(await getComponent(c.get('ctx'), idParam(c, 'Component'))) }),
  );
  r.route(
    {
      method: 'patch',
      path: '/components/:id',
      operationId: 'updateComponent',
      summary: 'Edit a component or set its status',
      tag: 'components',
      body: ComponentPatch,
      response: OneComponent,
    },
    async (c) => {
      const id = idParam(c, 'Component');
      const component = await updateComponent({ ctx: c.get('ctx'), id, input: await readJson(c, ComponentPatch) });
      return c.json({ component: componentJson(component) });
    },
  );
  r.route(
    {
      method: 'delete',
      path: '/components/:id',
      operationId: 'deleteComponent',
      summary: 'Delete a component',
      tag: 'components',
      status: 204,
    },
    async (c) => {
      await deleteComponent({ ctx: c.get('ctx'), id: idParam(c, 'Component') });
      return c.body(null, 204);
    },
  );

  r.route(
    {
      method: 'get',
      path: '/groups',
      operationId: 'listGroups',
      summary: 'List component groups',
      tag: 'components',
      response: z.object({ groups: z.array(GroupJson) }),
    },
    async (c) => {
      const db = c.get('ctx').db;
      const [groups, components] = await Promise.all([listGroups(db), listComponents(db)]);
      return c.json({ groups: groups.map((g) => groupJson(g, components)) });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/groups',
      operationId: 'createGroup',
      summary: 'Create a component group',
      tag: 'components',
      body: GroupInput,
      status: 201,
      response: OneGroup,
    },
    async (c) => {
      const group = await createGroup({ ctx: c.get('ctx'), input: await readJson(c, GroupInput) });
      return c.json({ group: groupJson(group) }, 201);
    },
  );
  r.route(
    {
      method: 'get',
      path: '/groups/:id',
      operationId: 'getGroup',
      summary: 'Show a component group',
      tag: 'components',
      response: OneGroup,
    },
    async (c) => {
      const ctx = c.get('ctx');
      const group = await getGroup(ctx, idParam(c, 'Group'));
      return c.json({ group: groupJson(group, await listComponents(ctx.db)) });
    },
  );
  r.route(
    {
      method: 'patch',
      path: '/groups/:id',
      operationId: 'updateGroup',
      summary: 'Edit a component group',
      tag: 'components',
      body: GroupPatch,
      response: OneGroup,
    },
    async (c) => {
      const id = idParam(c, 'Group');
      const group = await updateGroup({ ctx: c.get('ctx'), id, input: await readJson(c, GroupPatch) });
      return c.json({ group: groupJson(group) });
    },
  );
  r.route(
    {
      method: 'delete',
      path: '/groups/:id',
      operationId: 'deleteGroup',
      summary: 'Delete a group (its components stay, ungrouped)',
      tag: 'components',
      status: 204,
    },
    async (c) => {
      await deleteGroup({ ctx: c.get('ctx'), id: idParam(c, 'Group') });
      return c.body(null, 204);
    },
  );
}
