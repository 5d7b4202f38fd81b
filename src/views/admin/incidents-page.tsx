// Incidents: the list, the form that opens one, and one incident with its update forms.
import type { FC } from 'hono/jsx';
import { INCIDENT_TRANSITIONS } from '../../domain/lifecycle';
import type { Component, Incident, Locale } from '../../domain/model';
import { Badge, Time } from './badges';
import { D } from './draft-strings';
import type { FormState, Option } from './fields';
import { Checkbox, Csrf, ErrorSummary, Select } from './fields';
import { IncidentForm } from './incident-form';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { impactOptions } from './options';
import { COMPONENT_STATUS_LABEL, IMPACT_LABEL, INCIDENT_STATUS_LABEL, S } from './strings';
import type { TimelineEntry } from './timeline';
import { Timeline } from './timeline-view';
import { TranslatedText } from './translated-fields';
import { ComponentStatusChoices, UpdatesList } from './updates';

export const IncidentsPage: FC<{ chrome: Chrome; incidents: readonly Incident[]; zone: string }> = (p) => (
  <Layout title={S.incidents.title} chrome={p.chrome}>
    <p class="actions">
      <a href="/admin/incidents/new">{S.incidents.open}</a>
    </p>
    {p.incidents.length === 0 ? (
      <p>{S.incidents.none}</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">{S.common.name}</th>
            <th scope="col">{S.common.status}</th>
            <th scope="col">{S.common.impact}</th>
            <th scope="col">{S.incidents.started}</th>
          </tr>
        </thead>
        <tbody>
          {p.incidents.map((i) => (
            <tr>
              <td>
                <a href={`/admin/incidents/${i.id}`}>{i.name}</a>
              </td>
              <td>
                <Badge status={i.status} label={INCIDENT_STATUS_LABEL[i.status]} />
              </td>
              <td>
                <Badge status={i.impact} label={IMPACT_LABEL[i.impact]} />
              </td>
              <td>
                <Time at={i.startedAt} zone={p.zone} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);

/** What opening an incident and updating it both ask: status, impact, components, message, notify. */
const UpdateFields: FC<{
  form: string;
  state: FormState;
  statuses: readonly Option[];
  components: readonly Component[];
  bodyRows: number;
  defaultLocale: Locale;
}> = (p) => (
  <>
    <div class="grid">
      <Select form={p.form} name="status" label={S.common.status} state={p.state} options={p.statuses} />
      <Select form={p.form} name="impact" label={S.common.impact} state={p.state} options={impactOptions} />
    </div>
    <ComponentStatusChoices form={p.form} legend={S.incidents.affected} components={p.components} state={p.state} />
    <TranslatedText
      form={p.form}
      name="body"
      label={S.incidents.body}
      state={p.state}
      defaultLocale={p.defaultLocale}
      rows={p.bodyRows}
      required
    />
    <Checkbox form={p.form} name="deliver_notifications" label={S.common.notify} state={p.state} />
  </>
);

export const NewIncidentPage: FC<{ chrome: Chrome; components: readonly Component[]; defaultLocale: Locale; form: FormState }> = (p) => (
  <Layout title={S.incidents.open} chrome={p.chrome}>
    <p>
      <a href="/admin/drafts">{D.title}</a>
    </p>
    <IncidentForm
      id="new-incident"
      action="/admin/incidents"
      csrf={p.chrome.csrf}
      defaultLocale={p.defaultLocale}
      components={p.components}
      state={p.form}
      actions={[
        { label: S.incidents.openSubmit },
        { label: D.saveDraft, formaction: '/admin/drafts/new/incident', intent: 'save', secondary: true },
        { label: D.preview, formaction: '/admin/drafts/new/incident', intent: 'preview', secondary: true },
      ]}
      actionsHint={D.formHint}
    />
  </Layout>
);

export interface IncidentPageProps {
  chrome: Chrome;
  incident: Incident;
  components: readonly Component[];
  zone: string;
  /** The page's language: the messages' own field; the other languages are beside it. */
  defaultLocale: Locale;
  timeline: readonly TimelineEntry[];
  updateForm: FormState;
  postmortemForm: FormState;
}

export const IncidentPage: FC<IncidentPageProps> = (p) => {
  const i = p.incident;
  const next = INCIDENT_TRANSITIONS[i.status].filter((s) => s !== 'postmortem');
  const names = new Map(p.components.map((c) => [c.id, c.name]));
  return (
    <Layout title={i.name} chrome={p.chrome}>
      <p>
        <a href="/admin/incidents">{S.common.back}</a>
      </p>
      <section class="card" aria-label={S.common.status}>
        <dl class="facts">
          <dt>{S.common.status}</dt>
          <dd>
            <Badge status={i.status} label={INCIDENT_STATUS_LABEL[i.status]} />
          </dd>
          <dt>{S.common.impact}</dt>
          <dd>
            <Badge status={i.impact} label={IMPACT_LABEL[i.impact]} />
          </dd>
          <dt>{S.incidents.started}</dt>
          <dd>
            <Time at={i.startedAt} zone={p.zone} />
          </dd>
          {i.resolvedAt ? (
            <>
              <dt>{INCIDENT_STATUS_LABEL.resolved}</dt>
              <dd>
                <Time at={i.resolvedAt} zone={p.zone} />
              </dd>
            </>
          ) : null}
          <dt>{S.incidents.componentsNow}</dt>
          <dd>
            {i.components.length === 0
              ? '—'
              : i.components.map((h) => `${names.get(h.componentId) ?? h.componentId}: ${COMPONENT_STATUS_LABEL[h.status]}`).join('; ')}
          </dd>
        </dl>
      </section>

      {next.length > 0 ? (
        <form method="post" action={`/admin/incidents/${i.id}/updates`} class="card" id="incident-update">
          <h2>{S.incidents.update}</h2>
          <Csrf token={p.chrome.csrf} />
          <ErrorSummary errors={p.updateForm.errors} />
          <UpdateFields
            form="incident-update"
            state={p.updateForm}
            statuses={next.map((s) => ({ value: s, label: INCIDENT_STATUS_LABEL[s] }))}
            components={p.components}
            bodyRows={4}
            defaultLocale={p.defaultLocale}
          />
          <button type="submit">{S.incidents.updateSubmit}</button>
        </form>
      ) : null}

      {i.status === 'resolved' ? (
        <form method="post" action={`/admin/incidents/${i.id}/updates`} class="card" id="incident-postmortem">
          <h2>{S.incidents.postmortem}</h2>
          <Csrf token={p.chrome.csrf} />
          <input type="hidden" name="status" value="postmortem" />
          <ErrorSummary errors={p.postmortemForm.errors} />
          <TranslatedText
            form="incident-postmortem"
            name="body"
            label={S.incidents.postmortem}
            state={p.postmortemForm}
            defaultLocale={p.defaultLocale}
            rows={8}
            required
          />
          <Checkbox form="incident-postmortem" name="deliver_notifications" label={S.common.notify} state={p.postmortemForm} />
          <button type="submit">{S.incidents.postmortemSubmit}</button>
        </form>
      ) : null}

      <h2>{S.maintenances.timeline}</h2>
      <Timeline entries={p.timeline} zone={p.zone} />
      <UpdatesList updates={i.updates} zone={p.zone} statusLabel={(s) => INCIDENT_STATUS_LABEL[s as Incident['status']]} />
    </Layout>
  );
};
