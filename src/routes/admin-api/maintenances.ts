import { z } from 'zod';
import { MAINTENANCE_STATUSES } from '../../domain/status';
import { maintenanceJson } from '../../present/admin-json';
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
  status: z.enum(MAINTENANCE_STATUSES).optional(),
});

export function registerMaintenanceRoutes(r: AdminRouter): void {
  r.route(
    { method: 'get', path: '/maintenances', summary: 'List maintenances, latest window first', tag: 'maintenances', query: ListQuery },
    async (c) => {
      const q = readQuery(c, ListQuery);
      const maintenances = await listMaintenances(c.get('ctx').db, { limit: q.limit, ...(q.status ? { statuses: [q.status] } : {}) });
      return c.json({ maintenances: maintenances.map(maintenanceJson) });
    },
  );
  r.route(
    { method: 'post', path: '/maintenances', summary: 'Schedule a maintenance', tag: 'maintenances', body: MaintenanceInput, status: 201 },
    async (c) => {
      const maintenance = await createMaintenance({ ctx: c.get('ctx'), input: await readJson(c, MaintenanceInput) });
      return c.json({ maintenance: maintenanceJson(maintenance) }, 201);
    },
  );
  r.route({ method: 'get', path: '/maintenances/:id', summary: 'Show a maintenance with its updates', tag: 'maintenances' }, async (c) =>
    c.json({ maintenance: maintenanceJson(await getMaintenance(c.get('ctx'), idParam(c, 'Maintenance'))) }),
  );
  r.route(
    {
      method: 'patch',
      path: '/maintenances/:id',
      summary: 'Edit or reschedule a maintenance',
      tag: 'maintenances',
      body: MaintenancePatch,
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
      summary: 'Post an update: start, verify, complete, cancel, or just text',
      tag: 'maintenances',
      body: MaintenanceUpdateInput,
      status: 201,
    },
    async (c) => {
      const id = idParam(c, 'Maintenance');
      const maintenance = await addMaintenanceUpdate({ ctx: c.get('ctx'), id, input: await readJson(c, MaintenanceUpdateInput) });
      return c.json({ maintenance: maintenanceJson(maintenance) }, 201);
    },
  );
}
