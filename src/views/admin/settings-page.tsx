// The page's settings: its name (in every page language), addresses, time zone, default
// language, logo and support link. A session that may only read sees them, without the form.
import type { FC } from 'hono/jsx';
import type { Locale, PageSettings } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { FormState } from './fields';
import { Csrf, ErrorSummary, Select, TextField } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { SETUP } from './setup-strings';
import { LANGUAGE, TranslatedText } from './translated-fields';
import { ZoneSelect } from './zone-select';

const W = SETUP.settings;

export const SettingsPage: FC<{
  chrome: Chrome;
  page: PageSettings;
  form: FormState;
  canWrite: boolean;
  saved: boolean;
}> = (p) => (
  <Layout title={W.title} chrome={p.chrome}>
    {p.saved ? (
      <p class="notice-ok" role="status">
        {W.saved}
      </p>
    ) : null}
    {p.canWrite ? <SettingsForm csrf={p.chrome.csrf} defaultLocale={p.page.defaultLocale} form={p.form} /> : <Settings page={p.page} />}
  </Layout>
);

const SettingsForm: FC<{ csrf: string; defaultLocale: Locale; form: FormState }> = (p) => (
  <form method="post" action="/admin/settings" class="card" id="settings">
    <Csrf token={p.csrf} />
    <ErrorSummary errors={p.form.errors} />
    <TranslatedText form="settings" name="name" label={W.name} state={p.form} defaultLocale={p.defaultLocale} required />
    <TextField form="settings" name="url" inputmode="url" label={W.url} hint={W.urlHint} state={p.form} required />
    <div class="grid">
      <ZoneSelect form="settings" name="time_zone" label={W.zone} hint={W.zoneHint} state={p.form} />
      <Select
        form="settings"
        name="default_locale"
        label={W.language}
        hint={W.languageHint}
        state={p.form}
        options={LOCALES.map((l) => ({ value: l, label: LANGUAGE[l] }))}
      />
    </div>
    <TextField form="settings" name="logo_url" inputmode="url" label={W.logo} hint={W.logoHint} state={p.form} />
    <TextField form="settings" name="support_url" inputmode="url" label={W.support} hint={W.supportHint} state={p.form} />
    <TextField form="settings" name="privacy_url" inputmode="url" label={W.privacy} hint={W.privacyHint} state={p.form} />
    <TextField form="settings" name="legal_url" inputmode="url" label={W.legal} hint={W.legalHint} state={p.form} />
    <div class="actions">
      <button type="submit">{W.submit}</button>
    </div>
  </form>
);

const Settings: FC<{ page: PageSettings }> = ({ page }) => (
  <section class="card">
    <dl class="facts">
      <dt>{W.name}</dt>
      <dd>{page.name}</dd>
      {Object.entries(page.translations).map(([locale, t]) =>
        t?.name ? (
          <>
            <dt>{`${W.name} (${LANGUAGE[locale as Locale]})`}</dt>
            <dd lang={locale}>{t.name}</dd>
          </>
        ) : null,
      )}
      <dt>{W.url}</dt>
      <dd>{page.url}</dd>
      <dt>{W.zone}</dt>
      <dd>{page.timeZone}</dd>
      <dt>{W.language}</dt>
      <dd>{LANGUAGE[page.defaultLocale]}</dd>
      <dt>{W.logo}</dt>
      <dd>{page.logoUrl ?? '—'}</dd>
      <dt>{W.support}</dt>
      <dd>{page.supportUrl ?? '—'}</dd>
      <dt>{W.privacy}</dt>
      <dd>{page.privacyUrl ?? '—'}</dd>
      <dt>{W.legal}</dt>
      <dd>{page.legalUrl ?? '—'}</dd>
    </dl>
  </section>
);
