// The confirmation step of actions that e-mail subscribers or change what the public sees
// (views/admin/confirm-page.tsx). Server-side, so it holds without JavaScript: the first post
// of such a form shows what will happen; only a post that carries the subject's current
// revision in the confirm field acts.
import { Conflict } from '../../domain/errors';
import type { Locale } from '../../domain/model';
import type { Confirmation } from '../../views/admin/confirm-page';
import { BACK_FIELD, CONFIRM_FIELD } from '../../views/admin/confirm-page';
import type { FormState, FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { S } from '../../views/admin/strings';

/** The operator chose Back on the confirmation: show the form again as typed. */
export const wentBack = (form: FormValues): boolean => form[BACK_FIELD] !== undefined;

/** What the operator typed, without the confirmation's own fields. */
export function typed(form: FormValues): FormState {
  const { [CONFIRM_FIELD]: _confirm, [BACK_FIELD]: _back, ...values } = form;
  return { values, errors: {} };
}

/**
 * Whether this post confirms the action on the subject as it is now. A confirmation given for
 * an earlier revision is a conflict: what the operator was shown (the status, the count) is no
 * longer what would happen, e.g. the scheduler started the maintenance meanwhile.
 */
export function confirmed(form: FormValues, revision: string): boolean {
  const given = fieldValue(form, CONFIRM_FIELD);
  if (given === '') return false;
  if (given !== revision) throw new Conflict(S.confirm.changed);
  return true;
}

/** The message's other languages for the confirmation page, from an input's `translations`. */
export function messageLanguages(
  defaultLocale: Locale,
  translations: Partial<Record<Locale, { body?: string | null | undefined } | undefined>> | undefined,
): NonNullable<Confirmation['languages']> {
  const bodies: Partial<Record<Locale, string>> = {};
  for (const [locale, fields] of Object.entries(translations ?? {}) as [Locale, { body?: string | null } | undefined][]) {
    if (fields?.body) bodies[locale] = fields.body;
  }
  return { defaultLocale, bodies };
}
