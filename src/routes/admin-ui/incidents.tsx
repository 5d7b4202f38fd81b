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
import { confirmed, typed, wentBack } from './confirm';
import { declareConfirmation, inputToken } from './confirmations';
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

  // Declaring e-mails the first notice: asked first when it notifies (confirmations.tsx).
  app.post('/incidents', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const state = typed(form);
    if (wentBack(form)) return newIncidentPage(c, state);
    return submitForm(
      INCIDENT_FIELDS,
      async () => {
        const page = await getPage(ctx);
        const raw = incidentInput(form, page.defaultLocale);
        const input = parseInput(IncidentInput, raw);
        const token = await inputToken(raw);
        if (input.deliver_notifications && !confirmed(form, token)) return declareConfirmation(c, input, state.values, token, page);
        const incident = await createIncident({ ctx, input });
        return seeOther(c, `/admin/incidents/${incident.id}`);
      },
      (errors, status) => newIncidentPage(c, { ...state, errors }, status),
    );
  });

  app.get('/incidents/:id', async (c) => incidentDetail(c, await getIncident(c.get('ctx'), idParam(c, 'Incident'))));

  app.post('/incidents/:id/updates', postIncidentUpdate);

  return app;
}
