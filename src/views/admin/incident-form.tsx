// The form that declares an incident, or saves it as a draft: its name and first message side
// by side in each page language, the status, impact and component statuses it starts with.
import type { FC } from 'hono/jsx';
import type { Component, Locale } from '../../domain/model';
import type { FormState } from './fields';
import { Checkbox, Csrf, ErrorSummary, Select } from './fields';
import type { SubmitAction } from './form-actions';
import { SubmitActions } from './form-actions';
import { impactOptions, openIncidentStatusOptions } from './options';
import { S } from './strings';
import { TranslatedText } from './translated-fields';
import { ComponentStatusChoices } from './updates';

export const IncidentForm: FC<{
  id: string;
  action: string;
  csrf: string;
  defaultLocale: Locale;
  components: readonly Component[];
  state: FormState;
  actions: readonly SubmitAction[];
  actionsHint?: string;
}> = (p) => (
  <form method="post" action={p.action} class="card" id={p.id}>
    <Csrf token={p.csrf} />
    <ErrorSummary errors={p.state.errors} />
    <TranslatedText form={p.id} name="name" label={S.common.name} state={p.state} defaultLocale={p.defaultLocale} required />
    <div class="grid">
      <Select form={p.id} name="status" label={S.common.status} state={p.state} options={openIncidentStatusOptions} />
      <Select form={p.id} name="impact" label={S.common.impact} state={p.state} options={impactOptions} />
    </div>
    <ComponentStatusChoices form={p.id} legend={S.incidents.affected} components={p.components} state={p.state} />
    <TranslatedText form={p.id} name="body" label={S.incidents.body} state={p.state} defaultLocale={p.defaultLocale} rows={5} required />
    <Checkbox form={p.id} name="deliver_notifications" label={S.common.notify} state={p.state} />
    <SubmitActions actions={p.actions} hint={p.actionsHint} />
  </form>
);
