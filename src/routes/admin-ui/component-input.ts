// From the component and group forms to ComponentInput / GroupInput and their patches: checkboxes
// become booleans, empty text null, the other languages' fields `translations`. The schemas
// themselves (src/services/components.ts) then judge the result, as for the JSON API.
import type { Translations } from '../../domain/localized';
import type { Component, ComponentGroup, Locale } from '../../domain/model';
import type { FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { S } from '../../views/admin/strings';
import { checked, textOrNull } from './form';
import { translationsFromForm, translationsPatch, translationValues } from './translation-input';

/** The forms' fields, for errors to find their place (routes/admin-ui/form.ts fieldErrors). */
export const COMPONENT_FIELDS = ['name', 'description', 'group_id', 'status', 'only_show_if_degraded', 'showcase'] as const;
export const GROUP_FIELDS = ['name', 'description', 'collapsed'] as const;

/** The operator's text a component or group has in every language. */
const TEXT_FIELDS = ['name', 'description'] as const;

/** How a translated field is named in a refusal ("Name in French: …"). */
export const TEXT_LABELS: Readonly<Record<(typeof TEXT_FIELDS)[number], string>> = {
  name: S.common.name,
  description: S.common.description,
};

const newTranslations = (form: FormValues, defaultLocale: Locale) => {
  const translations = translationsFromForm(form, TEXT_FIELDS, defaultLocale);
  return translations ? { translations } : {};
};

/** What an edit changes in the other languages (an emptied one is removed and falls back). */
const changedTranslations = (form: FormValues, current: Translations, defaultLocale: Locale) => {
  const translations = translationsPatch(form, current, TEXT_FIELDS, defaultLocale);
  return translations ? { translations } : {};
};

const componentFields = (f: FormValues) => ({
  name: fieldValue(f, 'name'),
  description: textOrNull(fieldValue(f, 'description')),
  group_id: fieldValue(f, 'group_id') || null,
  status: fieldValue(f, 'status') || undefined,
  only_show_if_degraded: checked(f, 'only_show_if_degraded'),
  showcase: checked(f, 'showcase'),
});

const groupFields = (f: FormValues) => ({
  name: fieldValue(f, 'name'),
  description: textOrNull(fieldValue(f, 'description')),
  collapsed: checked(f, 'collapsed'),
});

export const componentInput = (f: FormValues, defaultLocale: Locale) => ({ ...componentFields(f), ...newTranslations(f, defaultLocale) });

export const componentPatch = (f: FormValues, current: Component, defaultLocale: Locale) => ({
  ...componentFields(f),
  ...changedTranslations(f, current.translations, defaultLocale),
});

export const groupInput = (f: FormValues, defaultLocale: Locale) => ({ ...groupFields(f), ...newTranslations(f, defaultLocale) });

export const groupPatch = (f: FormValues, current: ComponentGroup, defaultLocale: Locale) => ({
  ...groupFields(f),
  ...changedTranslations(f, current.translations, defaultLocale),
});

/** The edit form prefilled from the component, its other languages included. */
export const componentValues = (c: Component): FormValues => ({
  ...translationValues(c.translations),
  name: c.name,
  description: c.description ?? '',
  group_id: c.groupId ?? '',
  status: c.status,
  ...(c.showcase ? { showcase: 'on' } : {}),
  ...(c.onlyShowIfDegraded ? { only_show_if_degraded: 'on' } : {}),
});

export const groupValues = (g: ComponentGroup): FormValues => ({
  ...translationValues(g.translations),
  name: g.name,
  description: g.description ?? '',
  ...(g.collapsed ? { collapsed: 'on' } : {}),
});
