// Who is at the keyboard: the session middleware, what each scope may post, CSRF on every POST,
// sign-in (rate-limited) and sign-out.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { clientAddress } from '../../domain/client-network';
import { AppError } from '../../domain/errors';
import type { Scope } from '../../domain/scopes';
import { covers } from '../../domain/scopes';
import { createCtx } from '../../env';
import type { LiveSession, SessionOrigin } from '../../services/admin-sessions';
import { endAdminSession, findAdminSession, openAdminSession, SESSION_TTL_MS } from '../../services/admin-sessions';
import { admitSignIn, retryAfterSeconds, SignInLimited } from '../../services/sign-in-limits';
import { authenticate } from '../../services/tokens';
import { RefusedPage } from '../../views/admin/refused-page';
import { SignInPage } from '../../views/admin/sign-in';
import { S } from '../../views/admin/strings';
import { accessActor, accessConfig } from './access';
import type { AdminEnv } from './admin-env';
import { render } from './render';
import type { Session, SessionCookie } from './session';
import {
  ANONYMOUS_TTL_MS,
  adminKeyOf,
  anonymousCookie,
  clearSessionCookie,
  csrfFor,
  readSessionCookie,
  sameSecret,
  writeSessionCookie,
} from './session';

const PUBLIC_PATHS = new Set(['/admin/sign-in']);

/** Where to go after signing in: only a path of the admin UI, never another site. */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(?:[/?#]|$)/.test(next) && !next.includes('//') && !next.includes('\\') ? next : '/admin';
}

/**
 * The scope a request needs, as the admin API's routes declare theirs: reading pages needs read,
 * every form post writes (write), signing out needs nothing, the subscribers' export write, and
 * the tokens page, read or written, admin.
 */
export function scopeNeeded(method: string, path: string): Scope | null {
  // The tokens page lists who can reach the API: admin only, to read it as much as to change it.
  if (path === '/admin/tokens' || path.startsWith('/admin/tokens/')) return 'admin';
  // Every subscriber's address at once: write, as the admin API's export (the page itself shows a
  // read session the counts alone).
  if (path === '/admin/subscribers/export.csv') return 'write';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (path === '/admin/sign-out' || PUBLIC_PATHS.has(path)) return null;
  return 'write';
}

/**
 * The identity of the request's valid Access JWT, verified at most once per request and only when
 * asked. Only the `Cf-Access-Jwt-Assertion` header counts, which Access adds to every request it
 * lets through; not the `CF_Authorization` cookie, which a browser also sends on a request that
 * did not come through Access (a route Access does not cover) and which Cloudflare's docs say is
 * "not guaranteed to be passed".
 */
function accessIdentity(c: Context<AdminEnv>, now: Date): () => Promise<`access:${string}` | null> {
  let verified: Promise<`access:${string}` | null> | undefined;
  return () => {
    verified ??= (async () => {
      const config = accessConfig(c.env);
      return config ? accessActor(config, c.req.header('cf-access-jwt-assertion'), now) : null;
    })();
    return verified;
  };
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The synchroniser token: the `_csrf` field must equal the one derived from this request's cookie. */
async function checkCsrf(c: Context<AdminEnv>, session: Session): Promise<void> {
  if (!FORM_TYPES.test(c.req.header('content-type') ?? '')) {
    throw new AppError('unsupported_media_type', 'the admin UI takes HTML form posts only');
  }
  const sent = (await c.req.formData()).get('_csrf');
  if (typeof sent !== 'string' || !(await sameSecret(sent, session.csrf))) throw new AppError('forbidden', S.errors.csrf);
}

const logFailure = (what: string) => (error: unknown) => console.error(what, error);

/**
 * Loads the session from D1 (or, behind Cloudflare Access, opens one for the Access identity),
 * sends anyone else to the sign-in page, refuses what the session's scope does not cover, checks
 * CSRF on every POST, and builds the ctx whose actor every audited write records.
 */
export function sessionMiddleware(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const secret = c.env.SIGNING_SECRET;
    const now = c.get('deps').clock.now();
    if (!secret || secret.length < 24) {
      return render(c, <SignInPage csrf={null} next="/admin" error={S.signIn.notConfigured} accessEnabled={false} />, 503);
    }
    const access = accessIdentity(c, now);
    let cookie: SessionCookie | null = readSessionCookie(c);
    let live: LiveSession | null = null;
    if (cookie?.kind === 'signed-in') {
      const adminKey = c.env.ADMIN_TOKEN ? await adminKeyOf(c.env.ADMIN_TOKEN, secret) : null;
      const found = await findAdminSession(c.env.DB, cookie.id, now, { adminKey, accessActor: access });
      live = found?.session ?? null;
      if (found?.touch) c.executionCtx.waitUntil(found.touch.run().catch(logFailure('admin session: touch failed')));
    }
    const ended = cookie?.kind === 'signed-in' && !live;

    if (!live) {
      const actor = await access();
      if (actor) {
        const opened = await openAdminSession(c.env.DB, { kind: 'access', actor }, now);
        live = opened.session;
        cookie = { kind: 'signed-in', id: opened.id };
        writeSessionCookie(c, cookie, SESSION_TTL_MS);
      }
    }

    if (!live && !PUBLIC_PATHS.has(c.req.path)) {
      if (ended) clearSessionCookie(c);
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
        return c.redirect(`/admin/sign-in?next=${next}${ended ? '&ended' : ''}`, 303);
      }
      throw new AppError('unauthorized', S.errors.signInFirst);
    }
    if (!live && cookie?.kind !== 'anonymous') {
      cookie = anonymousCookie();
      writeSessionCookie(c, cookie, ANONYMOUS_TTL_MS);
    }
    const session: Session = {
      actor: live?.actor ?? null,
      scope: live?.scope ?? null,
      csrf: await csrfFor(cookie as SessionCookie, secret),
      idHash: live?.idHash ?? null,
    };
    c.set('session', session);
    if (live) {
      const needed = scopeNeeded(c.req.method, c.req.path);
      if (needed && !covers(live.scope, needed)) {
        const reading = c.req.method === 'GET' || c.req.method === 'HEAD';
        return render(c, <RefusedPage actor={live.actor} scope={live.scope} needed={needed} csrf={session.csrf} reading={reading} />, 403);
      }
      c.set(
        'ctx',
        createCtx(c.env, c.get('deps'), live.actor, (work) => c.executionCtx.waitUntil(work)),
      );
    }
    if (c.req.method === 'POST') await checkCsrf(c, session);
    return next();
  };
}

export function registerSignIn(app: Hono<AdminEnv>): void {
  app.get('/sign-in', async (c) => {
    const session = c.get('session');
    const next = safeNext(c.req.query('next'));
    if (session.actor) return c.redirect(next, 303);
    const message =
      c.req.query('signed_out') !== undefined ? S.signIn.signedOut : c.req.query('ended') !== undefined ? S.signIn.expired : undefined;
    return render(c, <SignInPage csrf={session.csrf} next={next} message={message} accessEnabled={accessConfig(c.env) !== null} />);
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.formData();
    const token = String(form.get('token') ?? '').trim();
    const next = safeNext(String(form.get('next') ?? ''));
    const now = c.get('deps').clock.now();
    const secret = c.env.SIGNING_SECRET ?? '';
    const refuse = (error: string, status: 401 | 429) =>
      render(c, <SignInPage csrf={c.get('session').csrf} next={next} error={error} accessEnabled={accessConfig(c.env) !== null} />, status);

    try {
      await admitSignIn(c.env.DB, clientAddress(c.req.header('cf-connecting-ip'), c.req.header('cf-connecting-ipv6')), now);
    } catch (error) {
      if (!(error instanceof SignInLimited)) throw error;
      c.header('Retry-After', String(retryAfterSeconds(now)));
      return refuse(error.message, 429);
    }
    let signedIn: Awaited<ReturnType<typeof authenticate>>;
    try {
      signedIn = await authenticate(c.env.DB, c.env.ADMIN_TOKEN, `Bearer ${token}`, now);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'unauthorized') throw error;
      return refuse(S.signIn.wrong, 401);
    }
    const origin: SessionOrigin =
      signedIn.tokenId === null
        ? { kind: 'admin-token', adminKey: await adminKeyOf(c.env.ADMIN_TOKEN ?? '', secret) }
        : { kind: 'token', tokenId: signedIn.tokenId, scope: signedIn.scope };
    // A fresh session (and CSRF token) at sign-in, so nothing planted before it carries over; one
    // it replaces ends.
    const replaced = c.get('session').idHash;
    if (replaced) await endAdminSession(c.env.DB, replaced, now);
    const opened = await openAdminSession(c.env.DB, origin, now);
    writeSessionCookie(c, { kind: 'signed-in', id: opened.id }, SESSION_TTL_MS);
    if (signedIn.touch) c.executionCtx.waitUntil(signedIn.touch.run().catch(logFailure('token: touch failed')));
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const { actor, idHash } = c.get('session');
    if (idHash) await endAdminSession(c.env.DB, idHash, c.get('deps').clock.now());
    clearSessionCookie(c);
    // Behind Access, its own session would sign the browser straight back in.
    return c.redirect(actor?.startsWith('access:') ? '/cdn-cgi/access/logout' : '/admin/sign-in?signed_out', 303);
  });
}
