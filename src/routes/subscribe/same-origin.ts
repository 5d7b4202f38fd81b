// Form posts from other sites are refused on the subscriber pages. Otherwise any web page could
// make its visitors' browsers post /subscribe, each visitor asking from their own network, past
// every per-network limit. Browsers say where a post comes from: Sec-Fetch-Site (every current
// browser, to https: and localhost), else Origin. A client that sends neither is no browser
// (a script, a mail provider's RFC 8058 one-click POST): no other site can drive it.
//
// The embed (/embed, framed on other sites) is served from this origin: a form inside it posts
// from this origin, which its browser reports as `same-origin`, whoever frames it.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env';
import { AppError } from '../../domain/errors';
import { readHead } from '../../streams';

/** RFC 8058 §3.1: the key/value pair a mail provider posts for one-click unsubscribe. */
const ONE_CLICK = /(?:^|&)List-Unsubscribe=One-Click(?:&|$)|name="List-Unsubscribe"\s*\r?\n\r?\n\s*One-Click/;

/** Far more than a one-click body: a bigger one is not read further. */
const ONE_CLICK_MAX_BYTES = 4096;

export interface PostHeaders {
  secFetchSite: string | undefined;
  origin: string | undefined;
}

/**
 * Whether a browser posted this from a page of another origin. `same-origin` and `none` (typed
 * or bookmarked by the user) pass; `same-site` does not (a sibling subdomain is another party).
 * Without Sec-Fetch-Site, Origin decides, except `null`: the subscriber pages send no referrer,
 * which makes an older browser (without Sec-Fetch-Site) send `Origin: null` from the page itself.
 */
export function fromAnotherSite(headers: PostHeaders, ownOrigins: readonly string[]): boolean {
  const site = headers.secFetchSite?.trim().toLowerCase();
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = headers.origin?.trim();
  if (!origin || origin === 'null') return false;
  return !ownOrigins.includes(origin.toLowerCase());
}

/** Whether the body is RFC 8058's one-click pair, read no further than ONE_CLICK_MAX_BYTES. */
async function isOneClick(request: Request): Promise<boolean> {
  const { bytes, whole } = await readHead(request.body, ONE_CLICK_MAX_BYTES);
  if (!whole) return false;
  return ONE_CLICK.test(new TextDecoder().decode(bytes));
}

export class CrossSitePost extends AppError {
  constructor() {
    super('forbidden', 'This form was posted from another website; nothing was done.', { reason: 'cross_site' });
  }
}

/**
 * Refuses a POST from another site with a 403, before anything is read or written. A mail
 * provider may post a one-click unsubscribe from anywhere (a webmail's own page included): its
 * link is the credential, and the pair in its body says what it is, so that POST passes.
 */
export function sameOriginPosts(): MiddlewareHandler<AppEnv> {
  return async (c: Context<AppEnv>, next) => {
    if (c.req.method !== 'POST') return next();
    const own = [new URL(c.get('ctx').config.PUBLIC_URL).origin, new URL(c.req.url).origin];
    const headers = { secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') };
    if (!fromAnotherSite(headers, own)) return next();
    if (/^\/unsubscribe\/[^/]+$/.test(c.req.path) && (await isOneClick(c.req.raw))) return next();
    throw new CrossSitePost();
  };
}
