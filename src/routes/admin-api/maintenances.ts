import { z } from 'zod';
import { MaintenanceJson, maintenanceJson } from '../../present/admin-json';
import { MaintenanceStatusJson } from '../../present/wire-schema';
import {
  addMaintenanceUpdate,
  createMaintenance,
  editMaintenance,
  getMaintenance,
  MaintenanceInput,
  MaintenancePatch,
  MaintenanceUpdateInput,
} from '../../services/maintenances';
import { listMaintenances } from '../../store/maintenances';
import { readJson, readQuery } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  status: MaintenanceStatusJson.optional(),
});

const OneMaintenance = z.object({ maintenance: MaintenanceJson });

export function registerMaintenanceRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/maintenances',
      operationId: 'listMaintenances',
      summary: 'List maintenances, latest window first',
      tag: 'maintenances',
      query: ListQuery,
      response: z.object({ maintenances: z.array(MaintenanceJson) }),
    },
    async (c) => {
      const q = readQuery(c, ListQuery);
      const maintenances = await listMaintenances(c.get('ctx').db, { limit: q.limit, ...(q.status ? { statuses: [q.status] } : {}) });
      return c.json({ maintenances: maintenances.map(maintenanceJson) });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/maintenances',
      operationId: 'createMaintenance',
      summary: 'Schedule a maintenance',
      tag: 'maintenances',
      body: MaintenanceInput,
      status: 201,
      response: OneMaintenance,
    },
    async (c) => {
      const maintenance = await createMaintenance({ ctx: c.get('ctx'), input: await readJson(c, MaintenanceInput) });
      return c.json({ maintenance: maintenanceJson(maintenance) }, 201);
    },
  );
  r.route(
    {
      method: 'get',
      path: '/maintenances/:id',
      operationId: 'getMaintenance',
      summary: 'Show a maintenance with its updates',
      tag: 'maintenances',
      response: OneMaintenance,
    },
    async (c) => c.json({ maintenance: maintenanceJson(await getMaintenance(c.get('ctx'), idParam(c, 'Maintenance'))) }),
  );
  r.route(
    {
      method: 'patch',
      path: '/maintenances/:id',
      operationId: 'updateMaintenance',
      summary: 'Edit or reschedule a maintenance',
      tag: 'maintenances',
      body: MaintenancePatch,
      response: OneMaintenance,
    },
    async (c) => {
      const id = idParam(c, 'Maintenance');
      const maintenance = await editMaintenance({ ctx: c.get('ctx'), id, input: await readJson(c, MaintenancePatch) });
      return c.json({ maintenance: maintenanceJson(maintenance) });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/maintenances/:id/updates',
      operationId: 'addMaintenanceUpdate',
      summary: 'Post an update: start, verify, complete, cancel, or just text',
      tag: 'maintenances',
      body: MaintenanceUpdateInput,
      status: 201,
      response: OneMaintenance,
    },
    async (c) => {
      const id = idParam(c, 'Maintenance');
      const maintenance = await addMaintenanceUpdate({ ctx: c.get('ctx'), id, input: await readJson(c, MaintenanceUpdateInput) });
      return c.json({ maintenance: maintenanceJson(maintenance) }, 201);
    },
  );
}
