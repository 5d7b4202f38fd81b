// The public page's frame: head with the one stylesheet, the one script and the feeds'
// alternate links; the header with the page's name, navigation and language switcher; the footer.
import type { Child, FC } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import { LOCALES } from '../../domain/model';
import { MESSAGES } from '../../i18n';
import { type Asset, ICON_ASSET, SCRIPT_ASSET, STYLE_ASSET } from './assets';
import type { ViewContext } from './context';

/** The API engineer's machine-readable surfaces, linked from every page. */
export const FEEDS = {
  rss: { href: '/history.rss', type: 'application/rss+xml' },
  atom: { href: '/history.atom', type: 'application/atom+xml' },
  jsonFeed: { href: '/feed.json', type: 'application/feed+json' },
  calendar: { href: '/maintenances.ics', type: 'text/calendar' },
} as const;

/** A URL stored before settings accepted only web addresses is not rendered. */
export const isWebUrl = (url: string | null | undefined): url is string => !!url && /^https?:\/\//i.test(url);

/** A reader of another language than the page's default subscribes to the feeds in theirs. */
const feedHref = (ctx: ViewContext, href: string): string => (ctx.locale === ctx.page.defaultLocale ? href : `${href}?lang=${ctx.locale}`);

function switchTo(ctx: ViewContext, locale: string): string {
  const params = new URLSearchParams(ctx.search);
  params.set('lang', locale);
  return `${ctx.path}?${params.toString()}`;
}

/** What a page adds to the frame's head: its own scripts, and `noindex` for pages that must stay out of search engines. */
export interface HeadExtras {
  scripts?: readonly Asset[];
  noindex?: boolean;
}

const Head: FC<{ ctx: ViewContext; title: string; extras?: HeadExtras }> = ({ ctx, title, extras = {} }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width,initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    {extras.noindex ? <meta name="robots" content="noindex" /> : null}
    <title>{title}</title>
    {/* The .ico for browsers without SVG icons (sizes keeps the others on the SVG). */}
    <link rel="icon" href="/favicon.ico" sizes="32x32" />
    <link rel="icon" type="image/svg+xml" href={ICON_ASSET.path} />
    <link rel="stylesheet" href={STYLE_ASSET.path} />
    <script src={SCRIPT_ASSET.path} defer />
    {(extras.scripts ?? []).map((script) => (
      <script src={script.path} defer />
    ))}
    {(['rss', 'atom', 'jsonFeed'] as const).map((kind) => (
      <link
        rel="alternate"
        type={FEEDS[kind].type}
        href={feedHref(ctx, FEEDS[kind].href)}
        title={ctx.t.layout.feedTitle(ctx.page.name, ctx.t.layout[kind])}
      />
    ))}
    <link rel="alternate" type={FEEDS.calendar.type} href={feedHref(ctx, FEEDS.calendar.href)} title={ctx.t.layout.calendar} />
  </head>
);

const Header: FC<{ ctx: ViewContext; current: 'home' | 'history' | null }> = ({ ctx, current }) => (
  <header class="site">
    <div class="wrap">
      <a class="brand" href="/">
        {isWebUrl(ctx.page.logoUrl) ? <img src={ctx.page.logoUrl} alt={ctx.t.layout.logoAlt(ctx.page.name)} /> : null}
        <span>{ctx.page.name}</span>
      </a>
      <nav aria-label={ctx.t.layout.mainNav}>
        <ul>
          <li>
            <a href="/" aria-current={current === 'home' ? 'page' : undefined}>
              {ctx.t.layout.home}
            </a>
          </li>
          <li>
            <a href="/history" aria-current={current === 'history' ? 'page' : undefined}>
              {ctx.t.layout.history}
            </a>
          </li>
          <li>
            <a href="/#subscribe">{ctx.t.layout.subscribe}</a>
          </li>
        </ul>
      </nav>
      <nav aria-label={ctx.t.layout.languageNav}>
        <ul>
          {LOCALES.map((locale) => (
            <li>
              <a href={switchTo(ctx, locale)} lang={locale} hreflang={locale} aria-current={locale === ctx.locale ? 'true' : undefined}>
                {MESSAGES[locale].languageName}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  </header>
);

/** `zoneNote`: say which zone the page's times are in (pages without times leave it out). */
const Footer: FC<{ ctx: ViewContext; zoneNote: boolean }> = ({ ctx, zoneNote }) => (
  <footer class="site">
    <div class="wrap">
      {zoneNote ? (
        <p id="zone-note" class="zone-note" data-local-text={ctx.t.layout.zoneNoteLocal}>
          {ctx.t.layout.zoneNote(ctx.zone)}
        </p>
      ) : null}
      <nav aria-label={ctx.t.layout.feeds}>
        <ul>
          {(['rss', 'atom', 'jsonFeed', 'calendar'] as const).map((kind) => (
            <li>
              <a href={feedHref(ctx, FEEDS[kind].href)} type={FEEDS[kind].type}>
                {ctx.t.layout[kind]}
              </a>
            </li>
          ))}
          <li>
            <a href="/api/v2/summary.json">{ctx.t.layout.api}</a>
          </li>
          {(
            [
              [ctx.page.supportUrl, ctx.t.layout.support],
              [ctx.page.privacyUrl, ctx.t.layout.privacy],
              [ctx.page.legalUrl, ctx.t.layout.legal],
            ] as const
          ).map(([url, words]) =>
            isWebUrl(url) ? (
              <li>
                <a href={url}>{words}</a>
              </li>
            ) : null,
          )}
        </ul>
      </nav>
      <p class="muted">{ctx.t.layout.poweredBy}</p>
    </div>
  </footer>
);

export const Layout: FC<{
  ctx: ViewContext;
  title: string;
  current?: 'home' | 'history' | null;
  zoneNote?: boolean;
  extras?: HeadExtras;
  children?: Child;
}> = ({ ctx, title, current = null, zoneNote = true, extras, children }) => (
  <html lang={ctx.locale} data-intl={ctx.t.intlLocale}>
    <Head ctx={ctx} title={title} extras={extras} />
    <body>
      <a class="skip" href="#content">
        {ctx.t.layout.skipToContent}
      </a>
      <Header ctx={ctx} current={current} />
      <main id="content" class="wrap" tabindex={-1}>
        {children}
      </main>
      <Footer ctx={ctx} zoneNote={zoneNote} />
    </body>
  </html>
);

/** The embed's frame: no navigation, links open the full page outside the frame. */
export const EmbedLayout: FC<{ ctx: ViewContext; title: string; children?: Child }> = ({ ctx, title, children }) => (
  <html lang={ctx.locale} data-intl={ctx.t.intlLocale} class="embed">
    <Head ctx={ctx} title={title} />
    <body class="embed">
      <main>{children}</main>
    </body>
  </html>
);

/** A whole document as text, for a response body. */
export async function renderDocument(node: HtmlEscapedString | Promise<HtmlEscapedString>): Promise<string> {
  return `<!doctype html>${String(await node)}`;
}
