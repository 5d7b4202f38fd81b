// How the rendered public documents are named: each one's key in a rendering, and the renderer
// that made it (which code, for which site). Light on purpose: the worker's front reads these on
// every request, before the rest of Forewarn is evaluated (worker.ts).
import type { Bindings } from '../bindings';
import { publicUrlOf } from '../bindings';
import type { Locale } from '../domain/model';
import type { Config } from '../env';
import type { StatuspageDocument } from '../present/statuspage-documents';
import { ASSETS } from '../views/public/assets';

export const pageKey = (locale: Locale, pathAndSearch: string) => `page/${locale}|${pathAndSearch}`;
export const badgeKey = (upcoming: '0' | '1') => `badge/page/${upcoming}`;
export type FeedKind = 'rss' | 'atom' | 'json' | 'ics';
export const feedKey = (kind: FeedKind, locale: Locale) => `feeds/${kind}/${locale}`;
export const apiV2Key = (name: StatuspageDocument) => `api-v2/${name}`;

/** Bump when what the routes serve changes in a way the asset names below do not show. */
const RENDER_FORMAT = 3;
const renderers = new Map<string, string>();

/** What the renderings take from the configuration: where the page is, and who the calendar's organizer is. */
export interface RenderSite {
  baseUrl: string;
  /** MAIL_FROM: the ORGANIZER of every calendar event. */
  mailFrom: string;
}

export const renderSiteOf = (config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>): RenderSite => ({
  baseUrl: config.PUBLIC_URL,
  mailFrom: config.MAIL_FROM,
});

/**
 * The renderer's fingerprint: the page's assets are named by their content's hash, so a deploy
 * that changes the stylesheet or a script changes it, and a rendering by other code (whose
 * pages would link to assets this one no longer serves) is rendered again rather than served.
 * A deploy that changes only markup is seen at the next write or the next midnight.
 */
export function rendererOf(site: RenderSite): string {
  const key = `${site.baseUrl}|${site.mailFrom}`;
  let renderer = renderers.get(key);
  if (!renderer) {
    const text = `${RENDER_FORMAT}|${key}|${[...ASSETS.keys()].sort().join('|')}`;
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    renderer = (hash >>> 0).toString(16).padStart(8, '0');
    renderers.set(key, renderer);
  }
  return renderer;
}

const bindingsRenderer = new WeakMap<object, string>();

/**
 * This code's renderer for the site `env` names, read from the bindings without checking the
 * configuration (env.ts's zod schema, which the front does not evaluate): it equals
 * rendererOf(renderSiteOf(readConfig(env))), both taking PUBLIC_URL through publicUrlOf. Only
 * PUBLIC_URL and MAIL_FROM name a rendering, so a worker misconfigured otherwise (a short
 * ADMIN_TOKEN, say) keeps serving what a valid configuration rendered, while whatever reads the
 * configuration (the cron, a rendering here, the router's routes) fails on readConfig and says
 * what is wrong.
 */
export function rendererFor(env: Bindings): string {
  let renderer = bindingsRenderer.get(env);
  if (renderer === undefined) {
    renderer = rendererOf(renderSiteOf({ PUBLIC_URL: publicUrlOf(env.PUBLIC_URL), MAIL_FROM: env.MAIL_FROM }));
    bindingsRenderer.set(env, renderer);
  }
  return renderer;
}
