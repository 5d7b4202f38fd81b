// Incidents: open one, post updates (with per-component statuses), resolve, postmortem.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createIncident, getIncident, IncidentInput } from '../../services/incidents';
import { getPage } from '../../services/page';
import { listComponents } from '../../store/components';
import { listIncidents } from '../../store/incidents';
import type { FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { IncidentsPage, NewIncidentPage } from '../../views/admin/incidents-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { checked, componentStatuses, parseInput, readForm, submitForm } from './form';
import { incidentDetail, postIncidentUpdate } from './incident-actions';
import { chrome, render, seeOther } from './render';

const FIELDS = ['name', 'status', 'impact', 'body', 'components', 'deliver_notifications'] as const;

const incidentInput = (f: FormValues) => ({
  name: fieldValue(f, 'name'),
  status: fieldValue(f, 'status') || undefined,
  impact: fieldValue(f, 'impact') || undefined,
  body: fieldValue(f, 'body'),
  components: componentStatuses(f),
  deliver_notifications: checked(f, 'deliver_notifications'),
});

export function incidentPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/incidents', async (c) => {
    const ctx = c.get('ctx');
    const [incidents, page] = await Promise.all([listIncidents(ctx.db, { limit: 100 }), getPage(ctx)]);
    return render(c, <IncidentsPage chrome={chrome(c, 'incidents')} incidents={incidents} zone={page.timeZone} />);
  });

  const newPage = async (c: Context<AdminEnv>, form: FormState, status: 200 | 409 | 422 = 200) =>
    render(c, <NewIncidentPage chrome={chrome(c, 'incidents')} components={await listComponents(c.get('ctx').db)} form={form} />, status);

  app.get('/incidents/new', (c) => newPage(c, emptyForm({ status: 'investigating', deliver_notifications: 'on' })));

  app.post('/incidents', async (c) => {
    const form = await readForm(c);
    return submitForm(
      FIELDS,
      async () => {
        const incident = await createIncident({ ctx: c.get('ctx'), input: parseInput(IncidentInput, incidentInput(form)) });
        return seeOther(c, `/admin/incidents/${incident.id}`);
      },
      (errors, status) => newPage(c, { values: form, errors }, status),
    );
  });

  app.get('/incidents/:id', async (c) => incidentDetail(c, await getIncident(c.get('ctx'), idParam(c, 'Incident'))));

  app.post('/incidents/:id/updates', postIncidentUpdate);

  return app;
}
