// The form that schedules a maintenance (or saves it as a draft) and, prefilled, edits or
// reschedules it. Times are typed in the page's time zone (the route converts them to UTC); the
// operator's text side by side in each page language.
import type { FC } from 'hono/jsx';
import type { Component, Locale } from '../../domain/model';
import type { FormState } from './fields';
import { Checkbox, Csrf, ErrorSummary, Fieldset, Select, TextField } from './fields';
import type { SubmitAction } from './form-actions';
import { SubmitActions } from './form-actions';
import { impactOptions } from './options';
import { REMINDER_PRESETS, S } from './strings';
import { TranslatedText } from './translated-fields';
import { ComponentStatusChoices } from './updates';

export const MaintenanceForm: FC<{
  id: string;
  action: string;
  csrf: string;
  zone: string;
  defaultLocale: Locale;
  components: readonly Component[];
  state: FormState;
  /** The first posts to `action`; the others may post elsewhere (save as a draft…). */
  actions: readonly SubmitAction[];
  actionsHint?: string;
  editing: boolean;
}> = (p) => (
  <form method="post" action={p.action} class="card" id={p.id}>
    <Csrf token={p.csrf} />
    <ErrorSummary errors={p.state.errors} />
    <TranslatedText form={p.id} name="name" label={S.common.name} state={p.state} defaultLocale={p.defaultLocale} required />
    <fieldset>
      <legend>{S.maintenances.window}</legend>
      <p class="hint">{S.common.timesIn(p.zone)}</p>
      <div class="grid">
        <TextField
          form={p.id}
          name="scheduled_for"
          type="datetime-local"
          label={S.maintenances.startsIn(p.zone)}
          state={p.state}
          required
        />
        <TextField
          form={p.id}
          name="scheduled_until"
          type="datetime-local"
          label={S.maintenances.endsIn(p.zone)}
          state={p.state}
          required
        />
      </div>
    </fieldset>
    <ComponentStatusChoices form={p.id} legend={S.maintenances.planned} components={p.components} state={p.state} />
    <TranslatedText
      form={p.id}
      name="still_working"
      label={S.maintenances.stillWorking}
      state={p.state}
      defaultLocale={p.defaultLocale}
      rows={3}
    />
    {p.editing ? (
      <TranslatedText
        form={p.id}
        name="body"
        label={S.maintenances.rescheduleBody}
        hint={S.maintenances.rescheduleHint}
        state={p.state}
        defaultLocale={p.defaultLocale}
        rows={3}
      />
    ) : (
      <TranslatedText form={p.id} name="body" label={S.maintenances.body} state={p.state} defaultLocale={p.defaultLocale} rows={4} />
    )}
    <Fieldset legend={S.maintenances.reminders} state={p.state} errorKey="reminders">
      {REMINDER_PRESETS.map((r) => (
        <Checkbox form={p.id} name="reminders" value={String(r.minutes)} label={r.label} state={p.state} />
      ))}
      <TextField
        form={p.id}
        name="reminders_custom"
        label={S.maintenances.remindersCustom}
        hint={S.maintenances.remindersCustomHint}
        state={p.state}
      />
    </Fieldset>
    <div class="grid">
      <div>
        <Checkbox form={p.id} name="auto_start" label={S.maintenances.autoStart} state={p.state} />
        <Checkbox form={p.id} name="auto_complete" label={S.maintenances.autoComplete} state={p.state} />
        <Checkbox form={p.id} name="deliver_notifications" label={S.common.notify} state={p.state} />
      </div>
      <Select form={p.id} name="impact" label={S.common.impact} state={p.state} options={impactOptions} />
    </div>
    <SubmitActions actions={p.actions} hint={p.actionsHint} />
  </form>
);
