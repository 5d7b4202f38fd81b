// Maintenance: schedule, edit or reschedule, post updates, start, complete, cancel; and the
// timeline of its notices.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Maintenance } from '../../domain/model';
import { createMaintenance, editMaintenance, getMaintenance, MaintenanceInput, MaintenancePatch } from '../../services/maintenances';
import { getPage } from '../../services/page';
import { listComponents } from '../../store/components';
import { listMaintenances } from '../../store/maintenances';
import type { FormState } from '../../views/admin/fields';
import { emptyForm } from '../../views/admin/fields';
import { EditMaintenancePage, MaintenancesPage, NewMaintenancePage } from '../../views/admin/maintenances-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { confirmed, typed, wentBack } from './confirm';
import { inputToken, movedWindow, rescheduleConfirmation, scheduleConfirmation } from './confirmations';
import { parseInput, readForm, submitForm } from './form';
import { maintenanceDetail, postMaintenanceUpdate } from './maintenance-actions';
import { MAINTENANCE_FIELDS, maintenanceInput, maintenancePatch, maintenanceValues, NEW_MAINTENANCE } from './maintenance-input';
import { chrome, render, seeOther } from './render';

type Status = 200 | 409 | 422;

async function formPage(c: Context<AdminEnv>, form: FormState, editing: Maintenance | null, status: Status = 200) {
  const ctx = c.get('ctx');
  const [components, page] = await Promise.all([listComponents(ctx.db), getPage(ctx)]);
  const common = { chrome: chrome(c, 'maintenances'), components, zone: page.timeZone, defaultLocale: page.defaultLocale, form };
  return render(c, editing ? <EditMaintenancePage {...common} maintenance={editing} /> : <NewMaintenancePage {...common} />, status);
}

/** The schedule-maintenance form, as typed when it comes back with errors. */
export const newMaintenancePage = (c: Context<AdminEnv>, form: FormState, status: Status = 200) => formPage(c, form, null, status);

export function maintenancePages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/maintenances', async (c) => {
    const ctx = c.get('ctx');
    const [maintenances, page] = await Promise.all([listMaintenances(ctx.db, { limit: 100 }), getPage(ctx)]);
    return render(c, <MaintenancesPage chrome={chrome(c, 'maintenances')} maintenances={maintenances} zone={page.timeZone} />);
  });

  app.get('/maintenances/new', (c) => formPage(c, emptyForm(NEW_MAINTENANCE), null));

  // Scheduling e-mails the announcement: asked first when it notifies (confirmations.tsx).
  app.post('/maintenances', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const state = typed(form);
    if (wentBack(form)) return formPage(c, state, null);
    return submitForm(
      MAINTENANCE_FIELDS,
      async () => {
        const page = await getPage(ctx);
        const { input: raw, issues } = maintenanceInput(form, page);
        const input = parseInput(MaintenanceInput, raw, issues);
        const token = await inputToken(raw);
        if (input.deliver_notifications && !confirmed(form, token)) return scheduleConfirmation(c, input, state.values, token, page);
        const maintenance = await createMaintenance({ ctx, input });
        return seeOther(c, `/admin/maintenances/${maintenance.id}`);
      },
      (errors, status) => formPage(c, { ...state, errors }, null, status),
    );
  });

  app.get('/maintenances/:id', async (c) => maintenanceDetail(c, await getMaintenance(c.get('ctx'), idParam(c, 'Maintenance'))));

  app.get('/maintenances/:id/edit', async (c) => {
    const ctx = c.get('ctx');
    const maintenance = await getMaintenance(ctx, idParam(c, 'Maintenance'));
    return formPage(c, emptyForm(maintenanceValues(maintenance, (await getPage(ctx)).timeZone)), maintenance);
  });

  // An edit that moves the window e-mails subscribers: asked first when it notifies.
  app.post('/maintenances/:id', async (c) => {
    const ctx = c.get('ctx');
    const maintenance = await getMaintenance(ctx, idParam(c, 'Maintenance'));
    const form = await readForm(c);
    const state = typed(form);
    if (wentBack(form)) return formPage(c, state, maintenance);
    return submitForm(
      MAINTENANCE_FIELDS,
      async () => {
        const page = await getPage(ctx);
        const { input: raw, issues } = maintenancePatch(form, maintenance, page);
        const input = parseInput(MaintenancePatch, raw, issues);
        if (input.deliver_notifications && movedWindow(maintenance, input) && !confirmed(form, maintenance.revision)) {
          return rescheduleConfirmation(c, maintenance, input, state.values, page);
        }
        await editMaintenance({ ctx, id: maintenance.id, input });
        return seeOther(c, `/admin/maintenances/${maintenance.id}`);
      },
      (errors, status) => formPage(c, { ...state, errors }, maintenance, status),
    );
  });

  app.post('/maintenances/:id/updates', postMaintenanceUpdate);

  return app;
}
