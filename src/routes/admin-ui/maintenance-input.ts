// From the maintenance form to MaintenanceInput / MaintenancePatch: local times in the page's
// zone become UTC instants, checkboxes become booleans, "2h" becomes 120 minutes, the other
// languages' fields become `translations`. The schemas themselves (src/services/maintenances.ts)
// then judge the result, as for the JSON API.
import type { Maintenance, PageSettings } from '../../domain/model';
import type { MaintenanceInput } from '../../services/maintenances';
import { durationInput } from '../../views/admin/durations';
import type { FormValues } from '../../views/admin/fields';
import { fieldValue, fieldValues } from '../../views/admin/fields';
import { REMINDER_PRESETS, S } from '../../views/admin/strings';
import type { Issue } from './form';
import { checked, componentStatuses, textOrNull } from './form';
import { translationsFromForm, translationsPatch, translationValues } from './translation-input';
import { utcToZoned, zonedToUtc } from './wall-clock';

/** What the form needs of the page: its zone for times, its language for the text fields. */
export type PageFrame = Pick<PageSettings, 'timeZone' | 'defaultLocale'>;

/** The form's fields, for errors to find their place (routes/admin-ui/form.ts fieldErrors). */
export const MAINTENANCE_FIELDS = [
  'name',
  'body',
  'scheduled_for',
  'scheduled_until',
  'components',
  'reminders',
  'auto_start',
  'auto_complete',
  'still_working',
  'impact',
  'deliver_notifications',
] as const;

/** The operator's text a maintenance has in every language. */
const TEXT_FIELDS = ['name', 'body', 'still_working'] as const;

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440 };

/** "30, 2h, 7d" → [30, 120, 10080]; each token that is not a duration is an issue. */
export function parseReminders(text: string, issues: Issue[]): number[] {
  const minutes: number[] = [];
  for (const token of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^(\d{1,6})(m|min|h|d)?$/i.exec(token);
    if (m) minutes.push(Number(m[1]) * (UNIT_MINUTES[(m[2] ?? 'm').toLowerCase()] ?? 1));
    else issues.push({ path: 'reminders', message: S.maintenances.badDuration(token) });
  }
  return minutes;
}

function reminders(form: FormValues, issues: Issue[]): number[] {
  return [...fieldValues(form, 'reminders').map(Number), ...parseReminders(fieldValue(form, 'reminders_custom'), issues)];
}

function instant(form: FormValues, field: 'scheduled_for' | 'scheduled_until', zone: string, issues: Issue[]): string {
  const iso = zonedToUtc(fieldValue(form, field), zone);
  if (!iso) issues.push({ path: field, message: S.maintenances.badTime });
  return iso ?? fieldValue(form, field);
}

/** The MaintenanceInput a new-maintenance form stands for, and what could not be read. */
export function maintenanceInput(form: FormValues, page: PageFrame): { input: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const zone = page.timeZone;
  const translations = translationsFromForm(form, TEXT_FIELDS, page.defaultLocale);
  const input = {
    name: fieldValue(form, 'name'),
    body: fieldValue(form, 'body'),
    scheduled_for: instant(form, 'scheduled_for', zone, issues),
    scheduled_until: instant(form, 'scheduled_until', zone, issues),
    components: componentStatuses(form),
    reminders: reminders(form, issues),
    auto_start: checked(form, 'auto_start'),
    auto_complete: checked(form, 'auto_complete'),
    still_working: textOrNull(fieldValue(form, 'still_working')),
    deliver_notifications: checked(form, 'deliver_notifications'),
    ...(fieldValue(form, 'impact') ? { impact: fieldValue(form, 'impact') } : {}),
    ...(translations ? { translations } : {}),
  };
  return { input, issues };
}

const sameMap = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

const sameList = (a: readonly number[], b: readonly number[]) =>
  JSON.stringify([...a].sort((x, y) => x - y)) === JSON.stringify([...b].sort((x, y) => x - y));

/**
 * The MaintenancePatch of an edit form: only what the operator changed, so that editing the end
 * or the text of a running maintenance does not also "change" what may no longer change.
 */
export function maintenancePatch(
  form: FormValues,
  current: Maintenance,
  page: PageFrame,
): { input: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const zone = page.timeZone;
  const patch: Record<string, unknown> = { deliver_notifications: checked(form, 'deliver_notifications') };
  if (fieldValue(form, 'name') !== current.name) patch.name = fieldValue(form, 'name');
  if (fieldValue(form, 'body').trim()) patch.body = fieldValue(form, 'body');
  for (const field of ['scheduled_for', 'scheduled_until'] as const) {
    const was = utcToZoned(field === 'scheduled_for' ? current.scheduledFor : current.scheduledUntil, zone);
    if (fieldValue(form, field) !== was) patch[field] = instant(form, field, zone, issues);
  }
  const components = componentStatuses(form);
  const planned = Object.fromEntries(current.components.map((p) => [p.componentId, p.plannedStatus as string]));
  if (!sameMap(components, planned)) patch.components = components;
  const wanted = reminders(form, issues);
  if (!sameList(wanted, current.reminders)) patch.reminders = wanted;
  if (checked(form, 'auto_start') !== current.autoStart) patch.auto_start = checked(form, 'auto_start');
  if (checked(form, 'auto_complete') !== current.autoComplete) patch.auto_complete = checked(form, 'auto_complete');
  const stillWorking = textOrNull(fieldValue(form, 'still_working'));
  if (stillWorking !== current.stillWorking) patch.still_working = stillWorking;
  const impact = fieldValue(form, 'impact');
  if (impact && impact !== current.impact) patch.impact = impact;
  // The body of an edit is the reschedule message, so its translations are new text each time.
  const translations = translationsPatch(form, current.translations ?? {}, TEXT_FIELDS, page.defaultLocale);
  if (translations) patch.translations = translations;
  return { input: patch, issues };
}

/** The edit form prefilled from the maintenance, times in the page's zone, offsets as typed ("7d"). */
export function maintenanceValues(m: Maintenance, zone: string): FormValues {
  const presets = new Set(REMINDER_PRESETS.map((r) => r.minutes));
  return {
    ...translationValues(m.translations),
    name: m.name,
    scheduled_for: utcToZoned(m.scheduledFor, zone),
    scheduled_until: utcToZoned(m.scheduledUntil, zone),
    still_working: m.stillWorking ?? '',
    impact: m.impact,
    reminders: m.reminders.filter((r) => presets.has(r)).map(String),
    reminders_custom: m.reminders
      .filter((r) => !presets.has(r))
      .map(durationInput)
      .join(', '),
    ...Object.fromEntries(m.components.map((p) => [`component.${p.componentId}`, p.plannedStatus])),
    ...(m.autoStart ? { auto_start: 'on' } : {}),
    ...(m.autoComplete ? { auto_complete: 'on' } : {}),
    deliver_notifications: 'on',
  };
}

/** The form of a draft maintenance, from its stored input (instants in UTC, as JSON). */
export function draftMaintenanceValues(input: Record<string, unknown>, zone: string): FormValues {
  const i = input as unknown as Omit<MaintenanceInput, 'scheduled_for' | 'scheduled_until'> & {
    scheduled_for: string;
    scheduled_until: string;
  };
  const presets = new Set(REMINDER_PRESETS.map((r) => r.minutes));
  const reminders = i.reminders ?? [];
  return {
    ...translationValues(i.translations),
    name: i.name ?? '',
    body: i.body ?? '',
    scheduled_for: utcToZoned(i.scheduled_for, zone),
    scheduled_until: utcToZoned(i.scheduled_until, zone),
    still_working: i.still_working ?? '',
    impact: i.impact ?? '',
    reminders: reminders.filter((r) => presets.has(r)).map(String),
    reminders_custom: reminders
      .filter((r) => !presets.has(r))
      .map(durationInput)
      .join(', '),
    ...Object.fromEntries(Object.entries(i.components ?? {}).map(([id, status]) => [`component.${id}`, status])),
    ...(i.auto_start ? { auto_start: 'on' } : {}),
    ...(i.auto_complete ? { auto_complete: 'on' } : {}),
    ...(i.deliver_notifications ? { deliver_notifications: 'on' } : {}),
  };
}

/** A new maintenance starts with the presets of DESIGN.md and everything automatic. */
export const NEW_MAINTENANCE: FormValues = {
  reminders: REMINDER_PRESETS.map((r) => String(r.minutes)),
  auto_start: 'on',
  auto_complete: 'on',
  deliver_notifications: 'on',
};
