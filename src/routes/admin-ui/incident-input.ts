// From the new-incident form to IncidentInput, and back from a draft's stored input. The schema
// (src/services/incidents.ts) then judges the result, as for the JSON API.
import type { Locale } from '../../domain/model';
import type { IncidentInput } from '../../services/incidents';
import type { FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { checked, componentStatuses } from './form';
import { translationsFromForm, translationValues } from './translation-input';

/** The form's fields, for errors to find their place (routes/admin-ui/form.ts fieldErrors). */
export const INCIDENT_FIELDS = ['name', 'status', 'impact', 'body', 'components', 'deliver_notifications'] as const;

/** The operator's text an incident starts with, in every language. */
const TEXT_FIELDS = ['name', 'body'] as const;

export function incidentInput(form: FormValues, defaultLocale: Locale): Record<string, unknown> {
  const translations = translationsFromForm(form, TEXT_FIELDS, defaultLocale);
  return {
    name: fieldValue(form, 'name'),
    status: fieldValue(form, 'status') || undefined,
    impact: fieldValue(form, 'impact') || undefined,
    body: fieldValue(form, 'body'),
    components: componentStatuses(form),
    deliver_notifications: checked(form, 'deliver_notifications'),
    ...(translations ? { translations } : {}),
  };
}

/** The form of a draft incident, from its stored input. */
export function draftIncidentValues(input: Record<string, unknown>): FormValues {
  const i = input as unknown as IncidentInput;
  return {
    ...translationValues(i.translations),
    name: i.name ?? '',
    status: i.status ?? 'investigating',
    impact: i.impact ?? '',
    body: i.body ?? '',
    ...Object.fromEntries(Object.entries(i.components ?? {}).map(([id, status]) => [`component.${id}`, status])),
    ...(i.deliver_notifications ? { deliver_notifications: 'on' } : {}),
  };
}

/** A new incident starts investigating, subscribers notified. */
export const NEW_INCIDENT: FormValues = { status: 'investigating', deliver_notifications: 'on' };
