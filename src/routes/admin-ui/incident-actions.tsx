// One incident's page and what is done from it: post an update, resolve, publish the
// postmortem. Each of these that e-mails subscribers or changes the public status is confirmed
// first, on a page that says how many subscribers will be written to (confirm.ts).
import type { Context } from 'hono';
import { Conflict, Invalid } from '../../domain/errors';
import { incidentTransition } from '../../domain/lifecycle';
import type { Component, Incident, Locale } from '../../domain/model';
import type { IncidentStatus } from '../../domain/status';
import { addIncidentUpdate, getIncident, IncidentUpdateInput } from '../../services/incidents';
import { getPage } from '../../services/page';
import { countAudience } from '../../store/audience';
import { listComponents } from '../../store/components';
import type { Confirmation } from '../../views/admin/confirm-page';
import { ConfirmPage } from '../../views/admin/confirm-page';
import type { FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { IncidentPage } from '../../views/admin/incidents-page';
import { COMPONENT_STATUS_LABEL, INCIDENT_STATUS_LABEL, S } from '../../views/admin/strings';
import { noticeEntries } from '../../views/admin/timeline';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { confirmed, messageLanguages, typed, wentBack } from './confirm';
import { checked, componentStatuses, parseInput, readForm, submitForm } from './form';
import { loadSubjectPage } from './notices';
import { chrome, render, seeOther } from './render';
import { translationsFromForm } from './translation-input';

const FIELDS = ['status', 'impact', 'body', 'components', 'deliver_notifications'] as const;

const updateInput = (f: FormValues, defaultLocale: Locale) => {
  const translations = translationsFromForm(f, ['body'], defaultLocale);
  return {
    status: fieldValue(f, 'status') || undefined,
    impact: fieldValue(f, 'impact') || undefined,
    body: fieldValue(f, 'body'),
    components: componentStatuses(f),
    deliver_notifications: checked(f, 'deliver_notifications'),
    ...(translations ? { translations } : {}),
  };
};

/** The update form starts from where the incident is: its status and the statuses it holds. */
const updateDefaults = (i: Incident): FormValues => ({
  status: i.status,
  deliver_notifications: 'on',
  ...Object.fromEntries(i.components.map((h) => [`component.${h.componentId}`, h.status])),
});

/**
 * The incident's page; `form`, when given, is what the operator typed in the update or the
 * postmortem form (told apart by its status), shown again with its errors.
 */
export async function incidentDetail(c: Context<AdminEnv>, incident: Incident, form?: FormState, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const { components, zone, defaultLocale, notices, tallies } = await loadSubjectPage(ctx, 'incident', incident.id);
  const postmortem = form !== undefined && fieldValue(form.values, 'status') === 'postmortem';
  return render(
    c,
    <IncidentPage
      chrome={chrome(c, 'incidents')}
      incident={incident}
      components={components}
      zone={zone}
      defaultLocale={defaultLocale}
      timeline={noticeEntries(notices, tallies)}
      updateForm={form && !postmortem ? form : emptyForm(updateDefaults(incident))}
      postmortemForm={form && postmortem ? form : emptyForm({ deliver_notifications: 'on' })}
    />,
    status,
  );
}

/** A change of status shows on the public page; a notified update e-mails subscribers. */
const needsConfirmation = (i: Incident, input: IncidentUpdateInput) => input.status !== i.status || input.deliver_notifications;

/** The service's own refusals, before the operator is asked to confirm something impossible. */
function check(i: Incident, input: IncidentUpdateInput, components: ReadonlyMap<string, Component>): void {
  const transition = incidentTransition(i.status, input.status);
  if (!transition.ok) throw new Conflict(`cannot move incident ${i.id} from ${i.status} to ${input.status}: ${transition.reason}`);
  const unknown = Object.keys(input.components).filter((id) => !components.has(id));
  if (unknown.length > 0) throw new Invalid(`unknown component ${unknown.join(', ')}`, { components: unknown });
}

function wording(i: Incident, to: IncidentStatus): { title: string; confirmLabel: string } {
  if (to === 'resolved') return { title: S.confirm.resolve(i.name), confirmLabel: S.confirm.yesResolve };
  if (to === 'postmortem') return { title: S.confirm.postmortem(i.name), confirmLabel: S.confirm.yesPostmortem };
  return { title: S.confirm.update(i.name), confirmLabel: S.confirm.yesUpdate };
}

async function confirmation(
  c: Context<AdminEnv>,
  i: Incident,
  input: IncidentUpdateInput,
  components: ReadonlyMap<string, Component>,
  values: FormValues,
  defaultLocale: Locale,
) {
  // The notice lists every component the incident holds or the update names.
  const touched = [...new Set([...i.components.map((h) => h.componentId), ...Object.keys(input.components)])];
  const recipients = input.deliver_notifications ? await countAudience(c.get('ctx').db, { type: 'incident', id: i.id }, touched) : null;
  const named = Object.entries(input.components);
  const facts: Confirmation['facts'] = [
    ...(input.status !== i.status
      ? [{ label: S.confirm.statusChange, value: `${INCIDENT_STATUS_LABEL[i.status]} → ${INCIDENT_STATUS_LABEL[input.status]}` }]
      : []),
    ...(named.length > 0
      ? [
          {
            label: S.confirm.components,
            value: named.map(([id, status]) => `${components.get(id)?.name ?? id}: ${COMPONENT_STATUS_LABEL[status]}`).join('; '),
          },
        ]
      : []),
  ];
  const confirmation: Confirmation = {
    ...wording(i, input.status),
    action: `/admin/incidents/${i.id}/updates`,
    values,
    revision: i.revision,
    recipients,
    facts,
    body: input.body,
    emptyBody: S.common.none,
    languages: messageLanguages(defaultLocale, input.translations),
  };
  return render(c, <ConfirmPage chrome={chrome(c, 'incidents')} confirmation={confirmation} />);
}

/** POST /incidents/:id/updates: the update form (resolving included) and the postmortem form. */
export async function postIncidentUpdate(c: Context<AdminEnv>): Promise<Response> {
  const ctx = c.get('ctx');
  const incident = await getIncident(ctx, idParam(c, 'Incident'));
  const form = await readForm(c);
  const state = typed(form);
  if (wentBack(form)) return incidentDetail(c, incident, state);
  return submitForm(
    FIELDS,
    async () => {
      const { defaultLocale } = await getPage(ctx);
      const input = parseInput(IncidentUpdateInput, updateInput(form, defaultLocale));
      if (needsConfirmation(incident, input) && !confirmed(form, incident.revision)) {
        const components = new Map((await listComponents(ctx.db)).map((x) => [x.id, x]));
        check(incident, input, components);
        return confirmation(c, incident, input, components, state.values, defaultLocale);
      }
      await addIncidentUpdate({ ctx, id: incident.id, input });
      return seeOther(c, `/admin/incidents/${incident.id}`);
    },
    (errors, status) => incidentDetail(c, incident, { ...state, errors }, status),
  );
}
