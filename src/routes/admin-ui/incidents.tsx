// Incidents: open one, post updates (with per-component statuses), resolve, postmortem.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createIncident, getIncident, IncidentInput } from '../../services/incidents';
import { getPage } from '../../services/page';
import { listComponents } from '../../store/components';
import { listIncidents } from '../../store/incidents';
import type { FormState } from '../../views/admin/fields';
import { emptyForm } from '../../views/admin/fields';
import { IncidentsPage, NewIncidentPage } from '../../views/admin/incidents-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { parseInput, readForm, submitForm } from './form';
import { incidentDetail, postIncidentUpdate } from './incident-actions';
import { INCIDENT_FIELDS, incidentInput, NEW_INCIDENT } from './incident-input';
import { chrome, render, seeOther } from './render';

/** The new-incident form, as typed when it comes back with errors. */
export async function newIncidentPage(c: Context<AdminEnv>, form: FormState, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [components, page] = await Promise.all([listComponents(ctx.db), getPage(ctx)]);
  return render(
    c,
    <NewIncidentPage chrome={chrome(c, 'incidents')} components={components} defaultLocale={page.defaultLocale} form={form} />,
    status,
  );
}

export function incidentPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/incidents', async (c) => {
    const ctx = c.get('ctx');
    const [incidents, page] = await Promise.all([listIncidents(ctx.db, { limit: 100 }), getPage(ctx)]);
    return render(c, <IncidentsPage chrome={chrome(c, 'incidents')} incidents={incidents} zone={page.timeZone} />);
  });

  app.get('/incidents/new', (c) => newIncidentPage(c, emptyForm(NEW_INCIDENT)));

  app.post('/incidents', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      INCIDENT_FIELDS,
      async () => {
        const input = incidentInput(form, (await getPage(ctx)).defaultLocale);
        const incident = await createIncident({ ctx, input: parseInput(IncidentInput, input) });
        return seeOther(c, `/admin/incidents/${incident.id}`);
      },
      (errors, status) => newIncidentPage(c, { values: form, errors }, status),
    );
  });

  app.get('/incidents/:id', async (c) => incidentDetail(c, await getIncident(c.get('ctx'), idParam(c, 'Incident'))));

  app.post('/incidents/:id/updates', postIncidentUpdate);

  return app;
}
