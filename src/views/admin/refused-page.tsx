// The page a signed-in operator sees when their session's scope does not cover what they asked
// for: a read token posting a form, or asking for every subscriber's address. It says why and
// what would let them, and changes nothing.
import type { FC } from 'hono/jsx';
import { Csrf } from './fields';
import { Document } from './layout';
import { S } from './strings';

export const REFUSED_WORDS = {
  title: 'Not allowed with this sign-in',
  why: (actor: string, scope: string, needed: string, reading: boolean) =>
    `You are signed in as ${actor} with ${article(scope)} ${scope} token, which may ${SCOPE_MAY[scope] ?? 'do nothing here'}. This needs ${article(needed)} ${needed} token, so ${reading ? 'it is not shown' : 'nothing was changed'}.`,
  how: (reading: boolean) =>
    `Sign in with a token of that scope, the ADMIN_TOKEN or through Cloudflare Access to ${reading ? 'see it' : 'make changes'}.`,
  back: 'Back to the admin pages',
  signOut: 'Sign out and sign in again',
};

const SCOPE_MAY: Record<string, string> = {
  read: "view every page, subscribers' addresses excepted, but change nothing",
  write: 'change everything but tokens',
};

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** `reading`: a GET was refused (the subscribers' export), not a form post. */
export const RefusedPage: FC<{ actor: string; scope: string; needed: string; csrf: string; reading?: boolean }> = (p) => (
  <Document title={REFUSED_WORDS.title}>
    <main id="main" class="sign-in">
      <h1>{S.product}</h1>
      <div class="error-summary" role="alert">
        <h2>{REFUSED_WORDS.title}</h2>
        <p>{REFUSED_WORDS.why(p.actor, p.scope, p.needed, p.reading ?? false)}</p>
        <p>{REFUSED_WORDS.how(p.reading ?? false)}</p>
      </div>
      <p>
        <a href="/admin">{REFUSED_WORDS.back}</a>
      </p>
      <form method="post" action="/admin/sign-out" class="inline">
        <Csrf token={p.csrf} />
        <button type="submit" class="link">
          {REFUSED_WORDS.signOut}
        </button>
      </form>
    </main>
  </Document>
);
