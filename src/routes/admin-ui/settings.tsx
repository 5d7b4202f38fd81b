// The page's settings, edited through services/page.ts as PATCH /api/v1/page is: the same
// schema (https only), the same refusal of a default-language change once texts are translated
// (409), the same audit line.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError } from '../../domain/errors';
import type { PageSettings } from '../../domain/model';
import { getPage, PageInput, URL_FIELDS, updatePage } from '../../services/page';
import type { FieldErrors, FormState, FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';
import { SettingsPage } from '../../views/admin/settings-page';
import { SETUP } from '../../views/admin/setup-strings';
import { LANGUAGE } from '../../views/admin/translated-fields';
import type { AdminEnv } from './admin-env';
import { readForm, submitForm, textOrNull } from './form';
import { render, seeOther } from './render';
import { scopedChrome, sessionMay } from './scope-check';
import { translationsPatch, translationValues } from './translation-input';
import { parseTranslatedInput } from './translation-issues';

const SETTINGS_FIELDS = [
  'name',
  'url',
  'time_zone',
  'default_locale',
  'logo_url',
  'support_url',
  'privacy_url',
  'legal_url',
  'translations',
] as const;
const W = SETUP.settings;

type C = Context<AdminEnv>;

const settingsValues = (page: PageSettings): FormValues => ({
  ...translationValues(page.translations),
  name: page.name,
  url: page.url,
  time_zone: page.timeZone,
  default_locale: page.defaultLocale,
  logo_url: page.logoUrl ?? '',
  support_url: page.supportUrl ?? '',
  privacy_url: page.privacyUrl ?? '',
  legal_url: page.legalUrl ?? '',
});

/** The form as a PageInput: what it changes; a default language sent only when it moves. */
function settingsInput(form: FormValues, current: PageSettings): Record<string, unknown> {
  const translations = translationsPatch(form, current.translations, ['name'], current.defaultLocale);
  const locale = fieldValue(form, 'default_locale');
  return {
    name: fieldValue(form, 'name'),
    url: fieldValue(form, 'url').trim(),
    time_zone: fieldValue(form, 'time_zone'),
    ...(locale !== current.defaultLocale ? { default_locale: locale } : {}),
    logo_url: textOrNull(fieldValue(form, 'logo_url').trim()),
    support_url: textOrNull(fieldValue(form, 'support_url').trim()),
    privacy_url: textOrNull(fieldValue(form, 'privacy_url').trim()),
    legal_url: textOrNull(fieldValue(form, 'legal_url').trim()),
    ...(translations ? { translations } : {}),
  };
}

/**
 * The schema's words for a bad address ("must be an https: URL…", or zod's "invalid format")
 * become one sentence; a refused change of language names the language and what to do.
 */
function reworded(errors: FieldErrors, form: FormValues, current: PageSettings, error: AppError): FieldErrors {
  const out: FieldErrors = { ...errors };
  for (const field of URL_FIELDS) if (out[field]?.length) out[field] = [W.httpsOnly];
  if (error.code === 'conflict' && fieldValue(form, 'default_locale') !== current.defaultLocale) {
    const said = W.languageLocked(LANGUAGE[current.defaultLocale]);
    return { ...out, default_locale: [said], _form: [said] };
  }
  return out;
}

async function settingsPage(c: C, form?: FormState, status: 200 | 409 | 422 = 200) {
  const page = await getPage(c.get('ctx'));
  return render(
    c,
    <SettingsPage
      chrome={scopedChrome(c, 'settings')}
      page={page}
      form={form ?? { values: settingsValues(page), errors: {} }}
      canWrite={sessionMay(c, 'write')}
      saved={c.req.query('saved') !== undefined && status === 200}
    />,
    status,
  );
}

export function settingsPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/settings', (c) => settingsPage(c));

  app.post('/settings', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const current = await getPage(ctx);
    let failure: AppError | null = null;
    return submitForm(
      SETTINGS_FIELDS,
      async () => {
        try {
          await updatePage({ ctx, input: parseTranslatedInput(PageInput, settingsInput(form, current), { name: W.name }) });
        } catch (error) {
          if (error instanceof AppError) failure = error;
          throw error;
        }
        return seeOther(c, '/admin/settings?saved');
      },
      (errors, status) => settingsPage(c, { values: form, errors: failure ? reworded(errors, form, current, failure) : errors }, status),
    );
  });

  return app;
}
