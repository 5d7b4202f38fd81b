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

  app.post('/maintenances', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      MAINTENANCE_FIELDS,
      async () => {
        const { input, issues } = maintenanceInput(form, await getPage(ctx));
        const maintenance = await createMaintenance({ ctx, input: parseInput(MaintenanceInput, input, issues) });
        return seeOther(c, `/admin/maintenances/${maintenance.id}`);
      },
      (errors, status) => formPage(c, { values: form, errors }, null, status),
    );
  });

  app.get('/maintenances/:id', async (c) => maintenanceDetail(c, await getMaintenance(c.get('ctx'), idParam(c, 'Maintenance'))));

  app.get('/maintenances/:id/edit', async (c) => {
    const ctx = c.get('ctx');
    const maintenance = await getMaintenance(ctx, idParam(c, 'Maintenance'));
    return formPage(c, emptyForm(maintenanceValues(maintenance, (await getPage(ctx)).timeZone)), maintenance);
  });

  app.post('/maintenances/:id', async (c) => {
    const ctx = c.get('ctx');
    const maintenance = await getMaintenance(ctx, idParam(c, 'Maintenance'));
    const form = await readForm(c);
    return submitForm(
      MAINTENANCE_FIELDS,
      async () => {
        const { input, issues } = maintenancePatch(form, maintenance, await getPage(ctx));
        await editMaintenance({ ctx, id: maintenance.id, input: parseInput(MaintenancePatch, input, issues) });
        return seeOther(c, `/admin/maintenances/${maintenance.id}`);
      },
      (errors, status) => formPage(c, { values: form, errors }, maintenance, status),
    );
  });

  app.post('/maintenances/:id/updates', postMaintenanceUpdate);

  return app;
}
