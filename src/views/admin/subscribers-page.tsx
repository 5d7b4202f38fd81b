// Subscribers: search, remove, export, add one, and import from CSV with a dry run.
import type { FC } from 'hono/jsx';
import type { Component } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { Subscriber, SubscriberCounts } from '../../domain/subscribers';
import { Badge } from './badges';
import type { FormState } from './fields';
import { ActionButton, Checkbox, Csrf, ErrorSummary, Fieldset, fieldValue, Select, TextArea, TextField } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { SETUP } from './setup-strings';
import { S } from './strings';
import { LANGUAGE } from './translated-fields';
import { ZoneSelect } from './zone-select';

export interface ImportOutcome {
  dryRun: boolean;
  valid: number;
  bad: { line: number; text: string; problem: string }[];
  report?: { created: number; updated: number; skipped_unsubscribed: string[]; bounced: string[]; confirmations_sent: number };
}

/** What adding one subscriber (or erasing an address) did, in a sentence. */
export interface AddOutcome {
  ok: boolean;
  message: string;
}

const A = SETUP.addSubscriber;
const F = SETUP.forgetAddress;

const stateOf = (s: Subscriber) => (s.unsubscribedAt ? 'unsubscribed' : s.confirmedAt ? 'active' : 'pending');

export const SubscribersPage: FC<{
  chrome: Chrome;
  /** Null for a session that may only read: addresses are personal data, for write sessions. */
  subscribers: readonly Subscriber[] | null;
  components: readonly Component[];
  counts: SubscriberCounts;
  query: string;
  importForm: FormState;
  outcome?: ImportOutcome;
  addForm: FormState;
  added?: AddOutcome;
  forgetForm: FormState;
  forgotten?: AddOutcome;
  /** What sending to bounced addresses again did. */
  unbounced?: AddOutcome;
  /** False for a session that may only read: no form, no button. */
  canWrite: boolean;
}> = (p) => {
  return (
    <Layout title={S.subscribers.title} chrome={p.chrome}>
      <p>
        {S.subscribers.counts(p.counts.active, p.counts.pending, p.counts.unsubscribed, p.counts.erased, p.counts.bounced)}
        {p.subscribers === null ? null : (
          <>
            {' · '}
            <a href="/admin/subscribers/export.csv" download="subscribers.csv">
              {S.subscribers.export}
            </a>
          </>
        )}
      </p>
      {p.unbounced ? (
        <p class="notice-ok" role="status" id="unbounce-result">
          {p.unbounced.message}
        </p>
      ) : null}
      {p.canWrite && p.counts.bounced > 0 ? (
        <div class="row-actions">
          <ActionButton action="/admin/subscribers/unbounce" csrf={p.chrome.csrf} label={S.subscribers.unbounce} />
          <span class="hint">{S.subscribers.unbounceHint}</span>
        </div>
      ) : null}
      {p.subscribers === null ? <p class="hint">{S.subscribers.addressesHidden}</p> : <SubscriberList {...p} subscribers={p.subscribers} />}

      {p.canWrite ? <AddForm {...p} /> : null}
      {p.canWrite ? <ImportForm {...p} /> : null}
      {p.canWrite ? <ForgetForm {...p} /> : null}
    </Layout>
  );
};

/** The search and the subscribers it finds (the first SHOWN without a search). */
const SubscriberList: FC<{
  chrome: Chrome;
  subscribers: readonly Subscriber[];
  components: readonly Component[];
  query: string;
  canWrite: boolean;
}> = (p) => {
  return (
    <>
      <form method="get" action="/admin/subscribers" class="row-actions">
        <div class="field compact">
          <label for="subscriber-search">{S.subscribers.search}</label>
          <input id="subscriber-search" type="search" name="q" value={p.query} />
        </div>
        <button type="submit" class="secondary">
          {S.subscribers.searchSubmit}
        </button>
      </form>
      {p.subscribers.length === 0 ? (
        <p>{S.common.none}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{S.subscribers.title}</caption>
          <thead>
            <tr>
              <th scope="col">{S.subscribers.email}</th>
              <th scope="col">{S.subscribers.state}</th>
              <th scope="col">{S.subscribers.language}</th>
              <th scope="col">{S.subscribers.zone}</th>
              <th scope="col">{S.subscribers.components}</th>
              <th scope="col">{S.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {p.subscribers.map((s) => (
              <tr>
                <td>{s.email}</td>
                <td>
                  <Badge
                    status={stateOf(s) === 'active' ? 'sent' : stateOf(s) === 'pending' ? 'pending' : 'skipped'}
                    label={S.subscribers.states[stateOf(s)]}
                  />
                  {s.bouncedAt && stateOf(s) === 'active' ? (
                    <>
                      {' '}
                      <Badge status="failed" label={S.subscribers.bounced(s.bounceReason)} />
                    </>
                  ) : null}
                </td>
                <td>{s.locale}</td>
                <td>{s.timeZone}</td>
                <td>
                  {s.allComponents
                    ? S.subscribers.allComponents
                    : p.components
                        .filter((c) => s.components.includes(c.id))
                        .map((c) => c.name)
                        .join(', ')}
                </td>
                <td>
                  {p.canWrite ? (
                    <ActionButton
                      action={`/admin/subscribers/${s.id}/delete`}
                      csrf={p.chrome.csrf}
                      label={S.subscribers.remove}
                      ariaLabel={`${S.subscribers.remove} ${s.email}`}
                      danger
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};

/** One subscriber, typed in: the same import the API's POST /subscribers/import makes, for one row. */
const AddForm: FC<{
  chrome: Chrome;
  components: readonly Component[];
  addForm: FormState;
  added?: AddOutcome;
}> = (p) => (
  <form method="post" action="/admin/subscribers/add" class="card" id="add">
    <h2>{A.title}</h2>
    <Csrf token={p.chrome.csrf} />
    <ErrorSummary errors={p.addForm.errors} />
    {p.added ? (
      <p class={p.added.ok ? 'notice-ok' : 'error-summary'} role="status" id="add-result">
        {p.added.message}
      </p>
    ) : null}
    <TextField form="add" name="email" type="email" label={A.email} state={p.addForm} autocomplete="off" required />
    <div class="grid">
      <Select
        form="add"
        name="locale"
        label={A.language}
        state={p.addForm}
        options={LOCALES.map((l) => ({ value: l, label: LANGUAGE[l] }))}
      />
      <ZoneSelect form="add" name="time_zone" label={A.zone} state={p.addForm} />
    </div>
    <Fieldset legend={A.components} hint={A.componentsHint} state={p.addForm} errorKey="components">
      {p.components.map((c) => (
        <Checkbox form="add" name="components" value={c.id} label={c.name} state={p.addForm} />
      ))}
    </Fieldset>
    <fieldset>
      <legend>{A.consent}</legend>
      {(['confirmed', 'send_confirmation'] as const).map((choice) => (
        <div class="check">
          <input
            id={`add-consent-${choice}`}
            type="radio"
            name="consent"
            value={choice}
            checked={(fieldValue(p.addForm.values, 'consent') || 'send_confirmation') === choice}
          />
          <label for={`add-consent-${choice}`}>{choice === 'confirmed' ? A.confirmed : A.sendConfirmation}</label>
        </div>
      ))}
    </fieldset>
    <div class="actions">
      <button type="submit">{A.submit}</button>
    </div>
  </form>
);

/** The right to erasure by address: POST /api/v1/subscribers/forget, from the UI. */
const ForgetForm: FC<{ chrome: Chrome; forgetForm: FormState; forgotten?: AddOutcome }> = (p) => (
  <form method="post" action="/admin/subscribers/forget" class="card" id="forget">
    <h2>{F.title}</h2>
    <Csrf token={p.chrome.csrf} />
    <p class="hint">{F.hint}</p>
    <ErrorSummary errors={p.forgetForm.errors} />
    {p.forgotten ? (
      <p class="notice-ok" role="status" id="forget-result">
        {p.forgotten.message}
      </p>
    ) : null}
    <TextField form="forget" name="email" type="email" label={F.email} state={p.forgetForm} autocomplete="off" required />
    <div class="actions">
      <button type="submit" class="danger">
        {F.submit}
      </button>
    </div>
  </form>
);

const ImportForm: FC<{ chrome: Chrome; importForm: FormState; outcome?: ImportOutcome }> = (p) => (
  <form method="post" action="/admin/subscribers/import" enctype="multipart/form-data" class="card" id="import">
    <h2>{S.subscribers.importTitle}</h2>
    <Csrf token={p.chrome.csrf} />
    <p class="hint">{S.subscribers.importHint}</p>
    <ErrorSummary errors={p.importForm.errors} />
    {p.outcome ? <ImportResult outcome={p.outcome} /> : null}
    <div class="field">
      <label for="import-file">{S.subscribers.file}</label>
      <input id="import-file" type="file" name="file" accept=".csv,text/csv" />
    </div>
    <TextArea form="import" name="csv" label={S.subscribers.paste} state={p.importForm} rows={5} />
    <Checkbox form="import" name="confirmed" label={S.subscribers.confirmed} state={p.importForm} />
    <div class="actions">
      <button type="submit" name="mode" value="dry_run" class="secondary">
        {S.subscribers.dryRun}
      </button>
      <button type="submit" name="mode" value="import">
        {S.subscribers.importSubmit}
      </button>
    </div>
  </form>
);

const ImportResult: FC<{ outcome: ImportOutcome }> = ({ outcome }) => (
  <div class={outcome.bad.length ? 'error-summary' : 'notice-ok'} role="status" id="import-result">
    {outcome.report ? (
      <p>
        {S.subscribers.imported(
          outcome.report.created,
          outcome.report.updated,
          outcome.report.skipped_unsubscribed.length,
          outcome.report.confirmations_sent,
          outcome.report.bounced.length,
        )}
      </p>
    ) : (
      <p>{outcome.dryRun ? S.subscribers.wouldImport(outcome.valid) : S.subscribers.notImported(outcome.valid)}</p>
    )}
    {outcome.bad.length > 0 ? (
      <table>
        <caption>{S.subscribers.badRows(outcome.bad.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{S.subscribers.line}</th>
            <th scope="col">{S.subscribers.row}</th>
            <th scope="col">{S.subscribers.problem}</th>
          </tr>
        </thead>
        <tbody>
          {outcome.bad.map((b) => (
            <tr>
              <td class="num">{b.line}</td>
              <td>
                <code>{b.text}</code>
              </td>
              <td>{b.problem}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </div>
);
