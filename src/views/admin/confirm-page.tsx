// The step between a button that e-mails subscribers or changes the public page and the action
// itself: what will happen, how many subscribers will be written to, then Confirm or Back. A
// plain form page, so it works without JavaScript: Confirm posts what the operator typed again,
// with the revision it was shown for; Back posts it with `_back` and returns to the form.

import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { Locale } from '../../domain/model';
import type { Audience } from '../../store/audience';
import { renderMarkdown } from '../markdown';
import { D } from './draft-strings';
import type { FormValues } from './fields';
import { Csrf, fieldValues } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { S } from './strings';
import { LANGUAGE, otherLanguages } from './translated-fields';

/** The hidden field that carries the revision the operator confirmed. */
export const CONFIRM_FIELD = 'confirm';

/** The button that goes back to the form, keeping what was typed. */
export const BACK_FIELD = '_back';

export interface Confirmation {
  /** The question, naming the action and its subject: "Start “Move” now?". */
  title: string;
  /** Where the action posts; the confirmation posts there again. */
  action: string;
  /** What the operator typed, posted again unchanged. */
  values: FormValues;
  /** The subject's revision the page was shown for; a later change asks again. */
  revision: string;
  /** Subscribers who will be e-mailed, by language; null when the operator chose not to notify. */
  recipients: Audience | null;
  /** Status, components…: what the public page will show. */
  facts: readonly { label: string; value: Child }[];
  /** The message as typed (Markdown). */
  body: string;
  /** What an empty message means: the standard one is posted, or none. */
  emptyBody: string;
  /**
   * The message in each page language: `body` is the default language's, `bodies` the others'
   * (an empty one falls back to the default language's). Absent: one message, not by language.
   */
  languages?: { defaultLocale: Locale; bodies: Partial<Record<Locale, string>> };
  confirmLabel: string;
  danger?: boolean;
}

const Message: FC<{ label: string; body: string; empty: string; lang?: Locale }> = (p) => (
  <>
    <dt>{p.label}</dt>
    <dd lang={p.body.trim() ? p.lang : undefined}>{p.body.trim() ? <div class="body">{raw(renderMarkdown(p.body))}</div> : p.empty}</dd>
  </>
);

/** The message as each language's readers will get it: theirs, or the default language's where theirs is empty. */
const Messages: FC<{ c: Confirmation; languages: NonNullable<Confirmation['languages']> }> = ({ c, languages }) => {
  const main = languages.defaultLocale;
  return (
    <>
      <Message label={S.confirm.messageIn(LANGUAGE[main])} body={c.body} empty={c.emptyBody} lang={main} />
      {otherLanguages(main).map((locale) => (
        <Message
          label={S.confirm.messageIn(LANGUAGE[locale])}
          body={languages.bodies[locale] ?? ''}
          empty={c.body.trim() ? S.confirm.fallsBack(LANGUAGE[locale], LANGUAGE[main]) : c.emptyBody}
          lang={locale}
        />
      ))}
    </>
  );
};

export const ConfirmPage: FC<{ chrome: Chrome; confirmation: Confirmation }> = ({ chrome, confirmation: c }) => (
  <Layout title={c.title} chrome={chrome}>
    <section class="card confirm" aria-label={S.confirm.message}>
      <p class="audience">
        <strong>{c.recipients === null ? S.confirm.silent : S.confirm.recipients(c.recipients.total)}</strong>
        {c.recipients && c.recipients.total > 0 ? (
          <>
            {' '}
            <span class="by-language">{`(${D.audienceByLanguage(c.recipients.byLocale)})`}</span>
          </>
        ) : null}
      </p>
      {c.recipients === null ? null : <p class="hint">{S.confirm.audienceRule}</p>}
      <p class="hint">{S.confirm.publicNow}</p>
      <dl class="facts">
        {c.facts.map((f) => (
          <>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </>
        ))}
        {c.languages ? <Messages c={c} languages={c.languages} /> : <Message label={S.confirm.message} body={c.body} empty={c.emptyBody} />}
      </dl>
    </section>
    <form method="post" action={c.action} class="actions">
      <Csrf token={chrome.csrf} />
      {Object.keys(c.values)
        .filter((name) => name !== CONFIRM_FIELD && name !== BACK_FIELD)
        .flatMap((name) => fieldValues(c.values, name).map((value) => <input type="hidden" name={name} value={value} />))}
      <input type="hidden" name={CONFIRM_FIELD} value={c.revision} />
      <button type="submit" class={c.danger ? 'danger' : undefined}>
        {c.confirmLabel}
      </button>
      <button type="submit" name={BACK_FIELD} value="1" class="secondary">
        {S.confirm.back}
      </button>
    </form>
  </Layout>
);
