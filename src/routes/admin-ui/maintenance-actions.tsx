// One maintenance's page and what is done from it: post an update, start now, complete,
// cancel. Each of these that e-mails subscribers or changes the public status is confirmed
// first, on a page that says how many subscribers will be written to (confirm.ts).
import type { Context } from 'hono';
import { Conflict } from '../../domain/errors';
import { maintenanceTransition } from '../../domain/lifecycle';
import type { Locale, Maintenance } from '../../domain/model';
import type { MaintenanceStatus } from '../../domain/status';
import { addMaintenanceUpdate, getMaintenance, MaintenanceUpdateInput } from '../../services/maintenances';
import { getPage } from '../../services/page';
import { countAudience } from '../../store/audience';
import { listComponents } from '../../store/components';
import type { Confirmation } from '../../views/admin/confirm-page';
import { ConfirmPage } from '../../views/admin/confirm-page';
import type { FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { MaintenancePage } from '../../views/admin/maintenances-page';
import { COMPONENT_STATUS_LABEL, MAINTENANCE_STATUS_LABEL, S } from '../../views/admin/strings';
import { maintenanceTimeline } from '../../views/admin/timeline';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { confirmed, messageLanguages, typed, wentBack } from './confirm';
import { checked, parseInput, readForm, submitForm } from './form';
import { loadSubjectPage } from './notices';
import { chrome, render, seeOther } from './render';
import { translationsFromForm } from './translation-input';

const UPDATE_FIELDS = ['status', 'body', 'deliver_notifications'] as const;

/** Statuses for which an empty message is replaced by the standard one (services/maintenances.ts). */
const STANDARD_MESSAGE: readonly MaintenanceStatus[] = ['in_progress', 'completed', 'cancelled'];

const updateInput = (f: FormValues, defaultLocale: Locale) => {
  const translations = translationsFromForm(f, ['body'], defaultLocale);
  return {
    status: fieldValue(f, 'status'),
    body: fieldValue(f, 'body'),
    deliver_notifications: checked(f, 'deliver_notifications'),
    ...(translations ? { translations } : {}),
  };
};

/**
 * The maintenance's page; `form`, when given, is what the operator typed in one of its forms
 * (a status action names itself in `_form`), shown again with its errors.
 */
export async function maintenanceDetail(c: Context<AdminEnv>, m: Maintenance, form?: FormState, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const { components, zone, defaultLocale, notices, tallies } = await loadSubjectPage(ctx, 'maintenance', m.id);
  const fromAction = form !== undefined && fieldValue(form.values, '_form').startsWith('action-');
  return render(
    c,
    <MaintenancePage
      chrome={chrome(c, 'maintenances')}
      maintenance={m}
      components={components}
      zone={zone}
      defaultLocale={defaultLocale}
      timeline={maintenanceTimeline(m, notices, ctx.now, tallies)}
      updateForm={form && !fromAction ? form : emptyForm({ status: m.status, deliver_notifications: 'on' })}
      {...(form && fromAction ? { actionForm: form } : {})}
    />,
    status,
  );
}

/** A change of status shows on the public page; a notified update e-mails subscribers. */
const needsConfirmation = (m: Maintenance, input: MaintenanceUpdateInput) => input.status !== m.status || input.deliver_notifications;

/** The service's own refusal, before the operator is asked to confirm something impossible. */
function checkTransition(m: Maintenance, to: MaintenanceStatus): void {
  const transition = maintenanceTransition(m.status, to);
  if (!transition.ok) throw new Conflict(`cannot move maintenance ${m.id} from ${m.status} to ${to}: ${transition.reason}`);
}

function wording(m: Maintenance, to: MaintenanceStatus): { title: string; confirmLabel: string } {
  if (m.status === 'scheduled' && to === 'in_progress') return { title: S.confirm.start(m.name), confirmLabel: S.confirm.yesStart };
  if (to === 'completed') return { title: S.confirm.complete(m.name), confirmLabel: S.confirm.yesComplete };
  if (to === 'cancelled') return { title: S.confirm.cancel(m.name), confirmLabel: S.confirm.yesCancel };
  return { title: S.confirm.update(m.name), confirmLabel: S.confirm.yesUpdate };
}

async function confirmation(
  c: Context<AdminEnv>,
  m: Maintenance,
  input: MaintenanceUpdateInput,
  values: FormValues,
  defaultLocale: Locale,
) {
  const db = c.get('ctx').db;
  const starting = m.status === 'scheduled' && input.status === 'in_progress';
  // The notice lists the maintenance's components, so they are who fan-out writes to.
  const [recipients, components] = await Promise.all([
    input.deliver_notifications
      ? countAudience(
          db,
          { type: 'maintenance', id: m.id },
          m.components.map((p) => p.componentId),
        )
      : null,
    starting ? listComponents(db) : [],
  ]);
  const names = new Map(components.map((x) => [x.id, x.name]));
  const facts: Confirmation['facts'] = [
    ...(input.status !== m.status
      ? [{ label: S.confirm.statusChange, value: `${MAINTENANCE_STATUS_LABEL[m.status]} → ${MAINTENANCE_STATUS_LABEL[input.status]}` }]
      : []),
    ...(starting && m.components.length > 0
      ? [
          {
            label: S.confirm.components,
            value: m.components
              .map((p) => `${names.get(p.componentId) ?? p.componentId}: ${COMPONENT_STATUS_LABEL[p.plannedStatus]}`)
              .join('; '),
          },
        ]
      : []),
  ];
  const confirmation: Confirmation = {
    ...wording(m, input.status),
    action: `/admin/maintenances/${m.id}/updates`,
    values,
    revision: m.revision,
    recipients,
    facts,
    body: input.body,
    emptyBody: STANDARD_MESSAGE.includes(input.status) ? S.confirm.standardMessage : S.common.none,
    languages: messageLanguages(defaultLocale, input.translations),
    danger: input.status === 'cancelled',
  };
  return render(c, <ConfirmPage chrome={chrome(c, 'maintenances')} confirmation={confirmation} />);
}

/** POST /maintenances/:id/updates: the update form and the start, complete and cancel actions. */
export async function postMaintenanceUpdate(c: Context<AdminEnv>): Promise<Response> {
  const ctx = c.get('ctx');
  const maintenance = await getMaintenance(ctx, idParam(c, 'Maintenance'));
  const form = await readForm(c);
  const state = typed(form);
  if (wentBack(form)) return maintenanceDetail(c, maintenance, state);
  return submitForm(
    UPDATE_FIELDS,
    async () => {
      const { defaultLocale } = await getPage(ctx);
      const input = parseInput(MaintenanceUpdateInput, updateInput(form, defaultLocale));
      if (needsConfirmation(maintenance, input) && !confirmed(form, maintenance.revision)) {
        checkTransition(maintenance, input.status);
        return confirmation(c, maintenance, input, state.values, defaultLocale);
      }
      await addMaintenanceUpdate({ ctx, id: maintenance.id, input });
      return seeOther(c, `/admin/maintenances/${maintenance.id}`);
    },
    (errors, status) => maintenanceDetail(c, maintenance, { ...state, errors }, status),
  );
}
