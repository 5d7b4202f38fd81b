// The frame of every signed-in admin page: navigation, who is signed in, sign out.
import type { Child, FC } from 'hono/jsx';
import type { Scope } from '../../domain/scopes';
import { covers } from '../../domain/scopes';
import { ASSETS } from './assets';
import { Csrf } from './fields';
import { S } from './strings';

export type Section =
  | 'maintenances'
  | 'incidents'
  | 'backfill'
  | 'drafts'
  | 'components'
  | 'subscribers'
  | 'notices'
  | 'webhooks'
  | 'tokens'
  | 'settings'
  | 'audit';

const SECTIONS: readonly Section[] = [
  'maintenances',
  'incidents',
  'backfill',
  'drafts',
  'components',
  'subscribers',
  'notices',
  'webhooks',
  'tokens',
  'settings',
  'audit',
];

/** Sections only a scope this wide may open: the tokens page lists who can reach the API. */
const SECTION_SCOPE: Partial<Record<Section, Scope>> = { tokens: 'admin' };

export interface Chrome {
  actor: string;
  csrf: string;
  section: Section;
  /** The session's scope: sections it may not open are left out of the navigation. Absent: all shown. */
  scope?: Scope | null;
}

const shown = (section: Section, scope: Scope | null | undefined) => {
  const needed = SECTION_SCOPE[section];
  return !scope || !needed || covers(scope, needed);
};

export const Document: FC<{ title: string; children?: Child }> = ({ title, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`${title} · ${S.product}`}</title>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      <link rel="stylesheet" href={ASSETS.css} />
      <script src={ASSETS.js} defer />
    </head>
    <body>{children}</body>
  </html>
);

export const Layout: FC<{ title: string; chrome: Chrome; children?: Child }> = ({ title, chrome, children }) => (
  <Document title={title}>
    <a class="skip" href="#main">
      {S.skipToContent}
    </a>
    <header class="top">
      <a class="brand" href="/admin">
        {S.product}
      </a>
      <nav aria-label={S.nav.label}>
        <ul>
          {SECTIONS.filter((section) => shown(section, chrome.scope)).map((section) => (
            <li>
              <a href={`/admin/${section}`} aria-current={section === chrome.section ? 'page' : undefined}>
                {S.nav[section]}
              </a>
            </li>
          ))}
          <li>
            <a href="/">{S.nav.publicPage}</a>
          </li>
        </ul>
      </nav>
      <div class="who">
        <span>
          {S.signedInAs} <strong>{chrome.actor}</strong>
        </span>
        <form method="post" action="/admin/sign-out" class="inline">
          <Csrf token={chrome.csrf} />
          <button type="submit" class="link">
            {S.signOut}
          </button>
        </form>
      </div>
    </header>
    <main id="main">
      <h1>{title}</h1>
      {children}
    </main>
  </Document>
);
