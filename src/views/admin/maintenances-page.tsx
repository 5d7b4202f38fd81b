// Maintenance: the list, scheduling, and one maintenance with its actions and timeline.
import type { FC } from 'hono/jsx';
import { isMaintenanceFinished, MAINTENANCE_TRANSITIONS } from '../../domain/lifecycle';
import type { Component, Locale, Maintenance } from '../../domain/model';
import type { MaintenanceStatus } from '../../domain/status';
import { Badge } from './badges';
import { D } from './draft-strings';
import { durationLabel } from './durations';
import type { FormState } from './fields';
import { Checkbox, Csrf, ErrorSummary, emptyForm, fieldValue, Select } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { MaintenanceForm } from './maintenance-form';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, MAINTENANCE_STATUS_LABEL, S } from './strings';
import type { TimelineEntry } from './timeline';
import { Timeline } from './timeline-view';
import { TranslatedText } from './translated-fields';
import { UpdatesList } from './updates';
import { Edge, endedAt } from './window-edge';

export const MaintenancesPage: FC<{ chrome: Chrome; maintenances: readonly Maintenance[]; zone: string }> = (p) => (
  <Layout title={S.maintenances.title} chrome={p.chrome}>
    <p class="actions">
      <a href="/admin/maintenances/new">{S.maintenances.schedule}</a>
    </p>
    <p class="hint">{S.common.timesIn(p.zone)}</p>
    {p.maintenances.length === 0 ? (
      <p>{S.maintenances.none}</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">{S.common.name}</th>
            <th scope="col">{S.common.status}</th>
            <th scope="col">{S.maintenances.starts}</th>
            <th scope="col">{S.maintenances.ends}</th>
            <th scope="col">{S.maintenances.reminders}</th>
          </tr>
        </thead>
        <tbody>
          {p.maintenances.map((m) => (
            <tr>
              <td>
                <a href={`/admin/maintenances/${m.id}`}>{m.name}</a>
              </td>
              <td>
                <Badge status={m.status} label={MAINTENANCE_STATUS_LABEL[m.status]} />
              </td>
              <td>
                <Edge planned={m.scheduledFor} actual={m.startedAt} word={S.maintenances.startedAt} zone={p.zone} />
              </td>
              <td>
                <Edge planned={m.scheduledUntil} actual={endedAt(m)} word={S.maintenances.endedAt} zone={p.zone} />
              </td>
              <td>{m.reminders.length ? m.reminders.map(durationLabel).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);

export const NewMaintenancePage: FC<{
  chrome: Chrome;
  components: readonly Component[];
  zone: string;
  defaultLocale: Locale;
  form: FormState;
}> = (p) => (
  <Layout title={S.maintenances.schedule} chrome={p.chrome}>
    <p>
      <a href="/admin/drafts">{D.title}</a>
    </p>
    <MaintenanceForm
      id="new-maintenance"
      action="/admin/maintenances"
      csrf={p.chrome.csrf}
      zone={p.zone}
      defaultLocale={p.defaultLocale}
      components={p.components}
      state={p.form}
      actions={[
        { label: S.maintenances.scheduleSubmit },
        { label: D.saveDraft, formaction: '/admin/drafts/new/maintenance', intent: 'save', secondary: true },
        { label: D.preview, formaction: '/admin/drafts/new/maintenance', intent: 'preview', secondary: true },
      ]}
      actionsHint={D.formHint}
      editing={false}
    />
  </Layout>
);

export const EditMaintenancePage: FC<{
  chrome: Chrome;
  maintenance: Maintenance;
  components: readonly Component[];
  zone: string;
  defaultLocale: Locale;
  form: FormState;
}> = (p) => (
  <Layout title={`${S.maintenances.edit}: ${p.maintenance.name}`} chrome={p.chrome}>
    <p>
      <a href={`/admin/maintenances/${p.maintenance.id}`}>{S.common.back}</a>
    </p>
    <MaintenanceForm
      id="edit-maintenance"
      action={`/admin/maintenances/${p.maintenance.id}`}
      csrf={p.chrome.csrf}
      zone={p.zone}
      defaultLocale={p.defaultLocale}
      components={p.components}
      state={p.form}
      actions={[{ label: S.maintenances.editSubmit }]}
      editing
    />
  </Layout>
);

/** A status change offered as one step with an optional message: start now, complete now, cancel. */
interface StatusChange {
  status: MaintenanceStatus;
  /** Offered only from this status. */
  onlyFrom?: MaintenanceStatus;
  title: string;
  label: string;
  bodyLabel: string;
  danger?: boolean;
}

/** In the order they are shown. Start now only before the start: from verifying, going back to
 * in progress is an update, not a start. */
const STATUS_CHANGES: readonly StatusChange[] = [
  {
    status: 'in_progress',
    onlyFrom: 'scheduled',
    title: S.maintenances.startTitle,
    label: S.maintenances.start,
    bodyLabel: S.maintenances.actionBody,
  },
  { status: 'completed', title: S.maintenances.completeTitle, label: S.maintenances.complete, bodyLabel: S.maintenances.actionBody },
  {
    status: 'cancelled',
    title: S.maintenances.cancelTitle,
    label: S.maintenances.cancelIt,
    bodyLabel: S.maintenances.cancelBody,
    danger: true,
  },
];

/** The form of one status action, with what was typed in it when it comes back (Back, an error). */
const StatusAction: FC<{ m: Maintenance; csrf: string; change: StatusChange; typed: FormState | undefined; defaultLocale: Locale }> = ({
  m,
  csrf,
  change,
  typed,
  defaultLocale,
}) => {
  const id = `action-${change.status}`;
  const state = typed && fieldValue(typed.values, '_form') === id ? typed : emptyForm({ deliver_notifications: 'on' });
  return (
    <form method="post" action={`/admin/maintenances/${m.id}/updates`} class="card" id={id}>
      <h2>{change.title}</h2>
      <Csrf token={csrf} />
      <input type="hidden" name="_form" value={id} />
      <input type="hidden" name="status" value={change.status} />
      <TranslatedText form={id} name="body" label={change.bodyLabel} state={state} defaultLocale={defaultLocale} rows={2} />
      <Checkbox form={id} name="deliver_notifications" label={S.common.notify} state={state} />
      <button type="submit" class={change.danger ? 'danger' : undefined}>
        {change.label}
      </button>
    </form>
  );
};

export interface MaintenancePageProps {
  chrome: Chrome;
  maintenance: Maintenance;
  components: readonly Component[];
  zone: string;
  /** The page's language: the messages' own field; the other languages are beside it. */
  defaultLocale: Locale;
  timeline: readonly TimelineEntry[];
  updateForm: FormState;
  /** What was typed in a status action (start, complete, cancel), naming it in `_form`. */
  actionForm?: FormState;
}

export const MaintenancePage: FC<MaintenancePageProps> = (p) => {
  const m = p.maintenance;
  const names = new Map(p.components.map((c) => [c.id, c.name]));
  const next = MAINTENANCE_TRANSITIONS[m.status];
  return (
    <Layout title={m.name} chrome={p.chrome}>
      <p>
        <a href="/admin/maintenances">{S.common.back}</a>
        {isMaintenanceFinished(m.status) ? null : (
          <>
            {' · '}
            <a href={`/admin/maintenances/${m.id}/edit`}>{S.maintenances.edit}</a>
          </>
        )}
      </p>
      <ErrorSummary errors={p.actionForm?.errors ?? p.updateForm.errors} />
      <section class="card" aria-label={S.maintenances.window}>
        <dl class="facts">
          <dt>{S.common.status}</dt>
          <dd>
            <Badge status={m.status} label={MAINTENANCE_STATUS_LABEL[m.status]} />
          </dd>
          <dt>{S.maintenances.starts}</dt>
          <dd>
            <Edge
              planned={m.scheduledFor}
              actual={m.startedAt}
              word={S.maintenances.startedAt}
              zone={p.zone}
              mode={m.autoStart ? S.maintenances.auto : S.maintenances.manual}
            />
          </dd>
          <dt>{S.maintenances.ends}</dt>
          <dd>
            <Edge
              planned={m.scheduledUntil}
              actual={endedAt(m)}
              word={S.maintenances.endedAt}
              zone={p.zone}
              mode={m.autoComplete ? S.maintenances.auto : S.maintenances.manual}
            />
          </dd>
          <dt>{S.common.impact}</dt>
          <dd>
            <Badge status={m.impact} label={IMPACT_LABEL[m.impact]} />
          </dd>
          <dt>{S.maintenances.reminders}</dt>
          <dd>{m.reminders.length ? m.reminders.map(durationLabel).join(', ') : '—'}</dd>
          <dt>{S.maintenances.planned}</dt>
          <dd>
            {m.components.length === 0
              ? '—'
              : m.components
                  .map((c) => `${names.get(c.componentId) ?? c.componentId}: ${COMPONENT_STATUS_LABEL[c.plannedStatus]}`)
                  .join('; ')}
          </dd>
          <dt>{S.maintenances.stillWorking}</dt>
          <dd>{m.stillWorking ?? '—'}</dd>
        </dl>
      </section>

      <h2>{S.maintenances.timeline}</h2>
      <p class="hint">{S.common.timesIn(p.zone)}</p>
      <Timeline entries={p.timeline} zone={p.zone} />

      {next.length > 0 ? (
        <>
          <div class="grid">
            {STATUS_CHANGES.filter((c) => next.includes(c.status) && (c.onlyFrom === undefined || c.onlyFrom === m.status)).map((c) => (
              <StatusAction m={m} csrf={p.chrome.csrf} change={c} typed={p.actionForm} defaultLocale={p.defaultLocale} />
            ))}
          </div>
          <form method="post" action={`/admin/maintenances/${m.id}/updates`} class="card" id="maintenance-update">
            <h2>{S.maintenances.update}</h2>
            <Csrf token={p.chrome.csrf} />
            <Select
              form="maintenance-update"
              name="status"
              label={S.maintenances.updateStatus}
              state={p.updateForm}
              options={next.map((s) => ({ value: s, label: MAINTENANCE_STATUS_LABEL[s] }))}
            />
            <TranslatedText
              form="maintenance-update"
              name="body"
              label={S.maintenances.updateBody}
              state={p.updateForm}
              defaultLocale={p.defaultLocale}
              rows={4}
            />
            <Checkbox form="maintenance-update" name="deliver_notifications" label={S.common.notify} state={p.updateForm} />
            <button type="submit">{S.maintenances.updateSubmit}</button>
          </form>
        </>
      ) : null}

      <UpdatesList updates={m.updates} zone={p.zone} statusLabel={(s) => MAINTENANCE_STATUS_LABEL[s as Maintenance['status']]} />
    </Layout>
  );
};
