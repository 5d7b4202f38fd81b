// Drafts: the list, one draft with its preview (the public card and each e-mail per language,
// with how many subscribers each goes to) and its actions, and the form that edits it.
import type { FC } from 'hono/jsx';
import type { Component, Locale, SubjectType } from '../../domain/model';
import type { ComponentStatus } from '../../domain/status';
import type { Draft } from '../../store/drafts';
import { Time } from './badges';
import type { PreviewView } from './draft-preview';
import { Preview } from './draft-preview';
import { D } from './draft-strings';
import type { FieldErrors, FormState } from './fields';
import { Csrf, ErrorSummary } from './fields';
import { IncidentForm } from './incident-form';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { MaintenanceForm } from './maintenance-form';
import { COMPONENT_STATUS_LABEL, INCIDENT_STATUS_LABEL, S } from './strings';

/** The few fields of a stored input the pages show; the input is the create operation's, as JSON. */
interface InputView {
  name?: string;
  body?: string;
  status?: keyof typeof INCIDENT_STATUS_LABEL;
  scheduled_for?: string;
  scheduled_until?: string;
  components?: Record<string, ComponentStatus>;
  deliver_notifications?: boolean;
}

const view = (d: Draft) => d.input as InputView;
export const draftName = (d: Draft): string => view(d).name ?? '';
const subjectPath = (type: SubjectType, id: string) => `/admin/${type === 'maintenance' ? 'maintenances' : 'incidents'}/${id}`;

export const DraftsPage: FC<{ chrome: Chrome; open: readonly Draft[]; published: readonly Draft[]; zone: string }> = (p) => (
  <Layout title={D.title} chrome={p.chrome}>
    <p class="hint">
      {D.intro} {S.common.timesIn(p.zone)}
    </p>
    <p class="actions">
      <a href="/admin/maintenances/new">{S.maintenances.schedule}</a>
      <a href="/admin/incidents/new">{S.incidents.open}</a>
    </p>
    {p.open.length === 0 ? (
      <p>{D.none}</p>
    ) : (
      <table id="open-drafts">
        <thead>
          <tr>
            <th scope="col">{S.common.name}</th>
            <th scope="col">{D.kind}</th>
            <th scope="col">{D.when}</th>
            <th scope="col">{D.edited}</th>
            <th scope="col">{D.by}</th>
          </tr>
        </thead>
        <tbody>
          {p.open.map((d) => (
            <tr>
              <td>
                <a href={`/admin/drafts/${d.id}`}>{draftName(d)}</a>
              </td>
              <td>{D.kindOf[d.subjectType]}</td>
              <td>{view(d).scheduled_for ? <Time at={view(d).scheduled_for ?? ''} zone={p.zone} /> : '—'}</td>
              <td>
                <Time at={d.updatedAt} zone={p.zone} />
              </td>
              <td>{d.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.published.length > 0 ? (
      <>
        <h2>{D.published}</h2>
        <table id="published-drafts">
          <thead>
            <tr>
              <th scope="col">{S.common.name}</th>
              <th scope="col">{D.kind}</th>
              <th scope="col">{D.publishedAt}</th>
            </tr>
          </thead>
          <tbody>
            {p.published.map((d) => (
              <tr>
                <td>{d.publishedId ? <a href={subjectPath(d.subjectType, d.publishedId)}>{draftName(d)}</a> : draftName(d)}</td>
                <td>{D.kindOf[d.subjectType]}</td>
                <td>
                  <Time at={d.publishedAt ?? d.updatedAt} zone={p.zone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    ) : null}
  </Layout>
);

const Facts: FC<{ draft: Draft; components: readonly Component[]; zone: string }> = ({ draft, components, zone }) => {
  const input = view(draft);
  const names = new Map(components.map((c) => [c.id, c.name]));
  const planned = Object.entries(input.components ?? {});
  return (
    <dl class="facts">
      <dt>{D.kind}</dt>
      <dd>{D.kindOf[draft.subjectType]}</dd>
      {input.scheduled_for && input.scheduled_until ? (
        <>
          <dt>{D.facts.window}</dt>
          <dd>
            <Time at={input.scheduled_for} zone={zone} /> → <Time at={input.scheduled_until} zone={zone} />
          </dd>
        </>
      ) : null}
      {input.status ? (
        <>
          <dt>{D.facts.status}</dt>
          <dd>{INCIDENT_STATUS_LABEL[input.status]}</dd>
        </>
      ) : null}
      <dt>{D.facts.components}</dt>
      <dd>
        {planned.length === 0 ? '—' : planned.map(([id, status]) => `${names.get(id) ?? id}: ${COMPONENT_STATUS_LABEL[status]}`).join('; ')}
      </dd>
      <dt>{D.edited}</dt>
      <dd>
        <Time at={draft.updatedAt} zone={zone} /> ({draft.createdBy})
      </dd>
    </dl>
  );
};

export const DraftPage: FC<{
  chrome: Chrome;
  draft: Draft;
  components: readonly Component[];
  zone: string;
  preview: PreviewView | null;
  locales: readonly Locale[];
  saved: boolean;
  /** Why the last action (publish, delete) was refused. */
  errors?: FieldErrors;
}> = (p) => {
  const d = p.draft;
  return (
    <Layout title={D.draftTitle(d.subjectType, draftName(d))} chrome={p.chrome}>
      <p>
        <a href="/admin/drafts">{S.common.back}</a>
        {d.publishedAt ? null : (
          <>
            {' · '}
            <a href={`/admin/drafts/${d.id}/edit`}>{D.edit}</a>
          </>
        )}
      </p>
      <ErrorSummary errors={p.errors ?? {}} />
      {p.saved ? (
        <p class="notice" role="status">
          {D.saved}
        </p>
      ) : null}
      <section class="card" aria-label={D.kind}>
        {d.publishedAt ? (
          <p>
            <strong>{D.publishedAlready}</strong>{' '}
            {d.publishedId ? <a href={subjectPath(d.subjectType, d.publishedId)}>{draftName(d)}</a> : null}
          </p>
        ) : (
          <p>
            <strong>{D.unpublished}</strong>
          </p>
        )}
        <Facts draft={d} components={p.components} zone={p.zone} />
      </section>
      {d.publishedAt ? null : (
        <div class="actions">
          <form method="post" action={`/admin/drafts/${d.id}/publish`} class="inline">
            <Csrf token={p.chrome.csrf} />
            <button type="submit" disabled={p.preview?.ok === false}>
              {D.publish}
            </button>
          </form>
          <a href={`/admin/drafts/${d.id}/edit`}>{D.edit}</a>
          <form method="post" action={`/admin/drafts/${d.id}/delete`} class="inline" data-confirm={D.deleteConfirm}>
            <Csrf token={p.chrome.csrf} />
            <button type="submit" class="danger">
              {D.delete}
            </button>
          </form>
        </div>
      )}
      {p.preview ? (
        <section id="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading">{D.previewHeading}</h2>
          <Preview draft={d} preview={p.preview} locales={p.locales} />
        </section>
      ) : null}
    </Layout>
  );
};

export const EditDraftPage: FC<{
  chrome: Chrome;
  draft: Draft;
  components: readonly Component[];
  zone: string;
  defaultLocale: Locale;
  form: FormState;
}> = (p) => {
  const d = p.draft;
  const common = {
    action: `/admin/drafts/${d.id}`,
    csrf: p.chrome.csrf,
    defaultLocale: p.defaultLocale,
    components: p.components,
    state: p.form,
    actions: [
      { label: D.saveDraft, intent: 'save' },
      { label: D.preview, intent: 'preview', secondary: true },
      { label: D.publish, intent: 'publish', secondary: true },
    ],
    actionsHint: D.formHint,
  };
  return (
    <Layout title={D.editTitle(draftName(d))} chrome={p.chrome}>
      <p>
        <a href={`/admin/drafts/${d.id}`}>{S.common.back}</a>
      </p>
      {d.subjectType === 'maintenance' ? (
        <MaintenanceForm id="edit-draft" zone={p.zone} editing={false} {...common} />
      ) : (
        <IncidentForm id="edit-draft" {...common} />
      )}
    </Layout>
  );
};
