// Webhooks and chat channels: the list (each address shortened, since a chat platform's webhook
// URL is itself the credential), the form that adds one (its signing secret shown once, on the
// answer), the button that stops one, and each one's delivery log.
import type { FC } from 'hono/jsx';
import type { Component, Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import { shownUrl } from '../../domain/shown-url';
import type { WebhookTest } from '../../services/webhooks';
import type { RecordedNotice } from '../../store/notices';
import type { Webhook, WebhookDelivery } from '../../store/webhooks';
import { WEBHOOK_FORMATS } from '../../store/webhooks';
import { Badge, Time } from './badges';
import type { FormState } from './fields';
import { ActionButton, Checkbox, Csrf, ErrorSummary, Fieldset, Select, TextField } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { DELIVERY_STATUS_LABEL, SETUP, WEBHOOK_FORMAT_LABEL } from './setup-strings';

import { COMPONENT_STATUS_LABEL, NOTICE_KIND_LABEL, S } from './strings';
import { LANGUAGE } from './translated-fields';

const W = SETUP.webhooks;

/** A webhook just added: its secret, shown this once (chat platforms do not verify signatures). */
export interface Added {
  webhook: Webhook;
}

const languageOf = (w: Webhook, pageLocale: Locale) =>
  w.format === 'statuspage' ? '—' : w.locale ? LANGUAGE[w.locale] : W.pageLanguage(LANGUAGE[pageLocale]);

const componentsOf = (w: Webhook, components: readonly Component[]) =>
  w.allComponents
    ? W.allComponents
    : components
        .filter((c) => w.components.includes(c.id))
        .map((c) => c.name)
        .join(', ');

export const WebhooksPage: FC<{
  chrome: Chrome;
  webhooks: readonly Webhook[];
  components: readonly Component[];
  zone: string;
  pageLocale: Locale;
  form: FormState;
  added?: Added;
  canWrite: boolean;
}> = (p) => (
  <Layout title={W.title} chrome={p.chrome}>
    <p class="hint">{W.intro}</p>
    {p.added ? <AddedNotice added={p.added} /> : null}
    {p.webhooks.length === 0 ? (
      <p>{W.none}</p>
    ) : (
      <table>
        <caption class="visually-hidden">{W.title}</caption>
        <thead>
          <tr>
            <th scope="col">{W.address}</th>
            <th scope="col">{W.format}</th>
            <th scope="col">{W.language}</th>
            <th scope="col">{W.components}</th>
            <th scope="col">{W.created}</th>
            <th scope="col">{S.common.actions}</th>
          </tr>
        </thead>
        <tbody>
          {p.webhooks.map((w) => (
            <tr>
              <td>
                <code>{shownUrl(w.url)}</code>
              </td>
              <td>{WEBHOOK_FORMAT_LABEL[w.format] ?? w.format}</td>
              <td>{languageOf(w, p.pageLocale)}</td>
              <td>{componentsOf(w, p.components)}</td>
              <td>
                <Time at={w.createdAt} zone={p.zone} />
              </td>
              <td class="row-actions">
                <a href={`/admin/webhooks/${w.id}`} aria-label={W.logOf(shownUrl(w.url))}>
                  {W.log}
                </a>
                {p.canWrite ? (
                  <ActionButton
                    action={`/admin/webhooks/${w.id}/stop`}
                    csrf={p.chrome.csrf}
                    label={W.stop}
                    ariaLabel={W.stopAria(shownUrl(w.url))}
                    danger
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.canWrite ? <AddForm csrf={p.chrome.csrf} components={p.components} pageLocale={p.pageLocale} form={p.form} /> : null}
  </Layout>
);

const AddedNotice: FC<{ added: Added }> = ({ added: { webhook } }) =>
  webhook.format === 'statuspage' ? (
    <section class="notice-ok" role="status" id="added">
      <h2>{W.secretTitle}</h2>
      <p>{W.secretOnce}</p>
      <div class="field">
        <label for="added-secret">{W.secretLabel}</label>
        <input id="added-secret" type="text" readonly value={webhook.secret} autocomplete="off" spellcheck={false} />
      </div>
    </section>
  ) : (
    <p class="notice-ok" role="status" id="added">
      {W.chatAdded(WEBHOOK_FORMAT_LABEL[webhook.format] ?? webhook.format)}
    </p>
  );

const AddForm: FC<{ csrf: string; components: readonly Component[]; pageLocale: Locale; form: FormState }> = (p) => (
  <form method="post" action="/admin/webhooks" class="card" id="webhook">
    <h2>{W.add}</h2>
    <Csrf token={p.csrf} />
    <ErrorSummary errors={p.form.errors} />
    <Select
      form="webhook"
      name="format"
      label={W.format}
      hint={W.formatHint}
      state={p.form}
      options={WEBHOOK_FORMATS.map((f) => ({ value: f, label: WEBHOOK_FORMAT_LABEL[f] ?? f }))}
    />
    <TextField form="webhook" name="url" inputmode="url" label={W.url} hint={W.urlHint} state={p.form} autocomplete="off" required />
    <Select
      form="webhook"
      name="locale"
      label={W.language}
      hint={W.languageHint}
      state={p.form}
      options={[{ value: '', label: W.pageLanguage(LANGUAGE[p.pageLocale]) }, ...LOCALES.map((l) => ({ value: l, label: LANGUAGE[l] }))]}
    />
    <Fieldset legend={W.components} hint={W.componentsHint} state={p.form} errorKey="components">
      {p.components.map((c) => (
        <Checkbox form="webhook" name="components" value={c.id} label={c.name} state={p.form} />
      ))}
    </Fieldset>
    <div class="actions">
      <button type="submit">{W.addSubmit}</button>
    </div>
  </form>
);

/** One row of the delivery log: the delivery, and the notice it carried when it is still kept. */
export interface LoggedDelivery {
  delivery: WebhookDelivery;
  notice: RecordedNotice | null;
}

/** What a delivery carried: an incident's or maintenance's notice (linked to its page), or a component's change of status. */
const NoticeCell: FC<{ notice: RecordedNotice | null; id: string }> = ({ notice: n, id }) => {
  if (!n) return <code class="muted">{id}</code>;
  if (n.subjectType === 'component') {
    const change = n.payload.component_update;
    return (
      <>{`${W.componentUpdate}: ${n.payload.name}, ${COMPONENT_STATUS_LABEL[change.old_status]} → ${COMPONENT_STATUS_LABEL[change.new_status]}`}</>
    );
  }
  return <a href={`/admin/notices/${n.id}`}>{`${NOTICE_KIND_LABEL[n.kind]}: ${n.payload.name}`}</a>;
};

const DELIVERY_BADGE: Record<string, string> = {
  pending: 'pending',
  sending: 'pending',
  sent: 'sent',
  failed: 'failed',
  skipped: 'skipped',
};

export const WebhookLogPage: FC<{
  chrome: Chrome;
  webhook: Webhook;
  deliveries: readonly LoggedDelivery[];
  limit: number;
  zone: string;
  pageLocale: Locale;
  components: readonly Component[];
  canWrite: boolean;
  /** What the test just sent did. */
  tested?: WebhookTest;
}> = (p) => (
  <Layout title={W.logOf(shownUrl(p.webhook.url))} chrome={p.chrome}>
    <p class="hint">{S.common.timesIn(p.zone)}</p>
    <section class="card">
      <dl class="facts">
        <dt>{W.format}</dt>
        <dd>{WEBHOOK_FORMAT_LABEL[p.webhook.format] ?? p.webhook.format}</dd>
        <dt>{W.language}</dt>
        <dd>{languageOf(p.webhook, p.pageLocale)}</dd>
        <dt>{W.components}</dt>
        <dd>{componentsOf(p.webhook, p.components)}</dd>
        <dt>{W.created}</dt>
        <dd>
          <Time at={p.webhook.createdAt} zone={p.zone} />
        </dd>
        {p.webhook.disabledAt ? (
          <>
            <dt>{W.stopped}</dt>
            <dd>
              <Time at={p.webhook.disabledAt} zone={p.zone} />
            </dd>
          </>
        ) : null}
      </dl>
      {p.canWrite && !p.webhook.disabledAt ? (
        <>
          <p class="hint">{W.testHint}</p>
          <div class="row-actions">
            <ActionButton
              action={`/admin/webhooks/${p.webhook.id}/test`}
              csrf={p.chrome.csrf}
              label={W.test}
              ariaLabel={W.testAria(shownUrl(p.webhook.url))}
            />
            <ActionButton
              action={`/admin/webhooks/${p.webhook.id}/stop`}
              csrf={p.chrome.csrf}
              label={W.stop}
              ariaLabel={W.stopAria(shownUrl(p.webhook.url))}
              danger
            />
          </div>
        </>
      ) : null}
      {p.tested ? <TestedNotice tested={p.tested} /> : null}
    </section>
    <h2>{W.deliveries}</h2>
    {p.deliveries.length === 0 ? (
      <p>{W.noDeliveries}</p>
    ) : (
      <>
        <p class="hint">{W.shown(p.deliveries.length, p.limit)}</p>
        <table>
          <caption class="visually-hidden">{W.deliveries}</caption>
          <thead>
            <tr>
              <th scope="col">{W.notice}</th>
              <th scope="col">{W.status}</th>
              <th scope="col" class="num">
                {W.attempts}
              </th>
              <th scope="col">{W.lastAnswer}</th>
              <th scope="col">{W.lastError}</th>
              <th scope="col">{W.queued}</th>
              <th scope="col">{W.updated}</th>
              <th scope="col">{W.sentAt}</th>
            </tr>
          </thead>
          <tbody>
            {p.deliveries.map(({ delivery: d, notice: n }) => (
              <tr>
                <td>
                  <NoticeCell notice={n} id={d.noticeId} />
                </td>
                <td>
                  <Badge status={DELIVERY_BADGE[d.status] ?? 'pending'} label={DELIVERY_STATUS_LABEL[d.status] ?? d.status} />
                </td>
                <td class="num">{d.attempts}</td>
                <td>{d.lastStatus === null ? W.noAnswer : `HTTP ${d.lastStatus}`}</td>
                <td>{d.lastError?.replaceAll(p.webhook.url, shownUrl(p.webhook.url)) ?? ''}</td>
                <td>
                  <Time at={d.createdAt} zone={p.zone} />
                </td>
                <td>
                  <Time at={d.updatedAt} zone={p.zone} />
                </td>
                <td>{d.sentAt ? <Time at={d.sentAt} zone={p.zone} /> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    )}
  </Layout>
);

/** The test's outcome in a sentence (its error has the address shortened already: testWebhook). */
const TestedNotice: FC<{ tested: WebhookTest }> = ({ tested }) => {
  const error = tested.error ?? '';
  const [tone, text] =
    tested.result === 'sent'
      ? ['notice-ok', W.tested.sent(tested.http_status ?? 0)]
      : tested.result === 'refused'
        ? ['error-summary', W.tested.refused]
        : ['error-summary', W.tested.failed(error)];
  return (
    <p class={tone} role="status" id="tested">
      {text}
    </p>
  );
};
