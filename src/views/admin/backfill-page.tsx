// Recording a past incident: its name and first message in every page language, impact, the
// components it took down and how, when it started and ended in the page's zone, an optional
// postmortem. Nobody is notified; the history and the uptime bars take it at its real times.
import type { FC } from 'hono/jsx';
import type { Component, Locale } from '../../domain/model';
import { IMPACTS } from '../../domain/status';
import type { FormState } from './fields';
import { Csrf, ErrorSummary, Select, TextField } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { SETUP } from './setup-strings';
import { IMPACT_LABEL, S } from './strings';
import { TranslatedText } from './translated-fields';
import { ComponentStatusChoices } from './updates';

const W = SETUP.backfill;

export const BackfillPage: FC<{
  chrome: Chrome;
  components: readonly Component[];
  zone: string;
  defaultLocale: Locale;
  form: FormState;
  canWrite: boolean;
}> = (p) => (
  <Layout title={W.title} chrome={p.chrome}>
    <p class="hint">{W.intro}</p>
    {p.canWrite ? (
      <form method="post" action="/admin/backfill" class="card" id="backfill">
        <Csrf token={p.chrome.csrf} />
        <ErrorSummary errors={p.form.errors} />
        <TranslatedText form="backfill" name="name" label={S.common.name} state={p.form} defaultLocale={p.defaultLocale} required />
        <Select
          form="backfill"
          name="impact"
          label={W.impact}
          state={p.form}
          options={IMPACTS.map((i) => ({ value: i, label: IMPACT_LABEL[i] }))}
        />
        <fieldset>
          <legend>{W.when}</legend>
          <p class="hint">{S.common.timesIn(p.zone)}</p>
          <div class="grid">
            <TextField form="backfill" name="started_at" type="datetime-local" label={W.startedAt(p.zone)} state={p.form} required />
            <TextField form="backfill" name="resolved_at" type="datetime-local" label={W.resolvedAt(p.zone)} state={p.form} required />
          </div>
        </fieldset>
        <ComponentStatusChoices form="backfill" legend={W.components} components={p.components} state={p.form} />
        <TranslatedText form="backfill" name="body" label={W.body} state={p.form} defaultLocale={p.defaultLocale} rows={5} required />
        <TranslatedText form="backfill" name="postmortem" label={W.postmortem} state={p.form} defaultLocale={p.defaultLocale} rows={5} />
        <div class="actions">
          <button type="submit">{W.submit}</button>
        </div>
      </form>
    ) : null}
  </Layout>
);
