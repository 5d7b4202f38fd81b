// "Stop posting to …?", "Revoke token …?": the question before a setting-up action that cannot be
// undone. A plain form page, so it holds without JavaScript: the first post of the button shows
// it; Confirm posts again with the subject's id in the confirm field; Back is a link that does nothing.
import type { FC } from 'hono/jsx';
import { CONFIRM_FIELD } from './confirm-page';
import { Csrf } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { SETUP } from './setup-strings';

export interface Question {
  title: string;
  /** What will happen, one sentence each. */
  facts: readonly string[];
  /** Where Confirm posts. */
  action: string;
  /** What the confirm field carries: the subject's id, so a confirmation acts on what was shown. */
  subject: string;
  confirmLabel: string;
  /** Where Back leads. */
  back: string;
}

export const AskPage: FC<{ chrome: Chrome; question: Question }> = ({ chrome, question: q }) => (
  <Layout title={q.title} chrome={chrome}>
    <section class="card confirm">
      {q.facts.map((fact) => (
        <p>{fact}</p>
      ))}
    </section>
    <form method="post" action={q.action} class="actions">
      <Csrf token={chrome.csrf} />
      <input type="hidden" name={CONFIRM_FIELD} value={q.subject} />
      <button type="submit" class="danger">
        {q.confirmLabel}
      </button>
      <a href={q.back}>{SETUP.ask.back}</a>
    </form>
  </Layout>
);
