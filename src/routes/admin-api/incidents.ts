import { z } from 'zod';
import { IncidentJson, incidentJson } from '../../present/admin-json';
import {
  addIncidentUpdate,
  BackfillInput,
  backfillIncident,
  createIncident,
  getIncident,
  IncidentInput,
  IncidentUpdateInput,
} from '../../services/incidents';
import { listIncidents } from '../../store/incidents';
import { readJson, readQuery } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  before: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("only incidents opened before this instant; the next page: the last one's created_at"),
  open: z.enum(['true', 'false']).optional().describe('true: only incidents not yet resolved'),
});

const OneIncident = z.object({ incident: IncidentJson });

export function registerIncidentRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/incidents',
      operationId: 'listIncidents',
      summary: 'List incidents, newest first',
      tag: 'incidents',
      query: ListQuery,
      response: z.object({ incidents: z.array(IncidentJson) }),
    },
    async (c) => {
      const q = readQuery(c, ListQuery);
      // Stored instants are UTC ISO strings, compared as text: an offset given here must be turned into one first.
      const before = q.before ? new Date(q.before).toISOString() : undefined;
      const incidents = await listIncidents(c.get('ctx').db, { limit: q.limit, before, open: q.open === 'true' });
      return c.json({ incidents: incidents.map(incidentJson) });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/incidents',
      operationId: 'createIncident',
      summary: 'Open an incident',
      tag: 'incidents',
      body: IncidentInput,
      status: 201,
      response: OneIncident,
    },
    async (c) => {
      const incident = await createIncident({ ctx: c.get('ctx'), input: await readJson(c, IncidentInput) });
      return c.json({ incident: incidentJson(incident) }, 201);
    },
  );
  r.route(
    {
      method: 'post',
      path: '/incidents/backfill',
      operationId: 'backfillIncident',
      summary: 'Record a past, resolved incident',
      tag: 'incidents',
      body: BackfillInput,
      status: 201,
      response: OneIncident,
    },
    async (c) => {
      const incident = await backfillIncident({ ctx: c.get('ctx'), input: await readJson(c, BackfillInput) });
      return c.json({ incident: incidentJson(incident) }, 201);
    },
  );
  r.route(
    {
      method: 'get',
      path: '/incidents/:id',
      operationId: 'getIncident',
      summary: 'Show an incident with its updates',
      tag: 'incidents',
      response: OneIncident,
    },
    async (c) => c.json({ incident: incidentJson(await getIncident(c.get('ctx'), idParam(c, 'Incident'))) }),
  );
  r.route(
    {
      method: 'post',
      path: '/incidents/:id/updates',
      operationId: 'addIncidentUpdate',
      summary: 'Post an update (status, text, component statuses)',
      tag: 'incidents',
      body: IncidentUpdateInput,
      status: 201,
      response: OneIncident,
    },
    async (c) => {
      const id = idParam(c, 'Incident');
      const incident = await addIncidentUpdate({ ctx: c.get('ctx'), id, input: await readJson(c, IncidentUpdateInput) });
      return c.json({ incident: incidentJson(incident) }, 201);
    },
  );
}
