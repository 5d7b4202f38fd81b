// Who is at the keyboard: the session middleware, CSRF on every POST, sign-in and sign-out.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { AppError } from '../../domain/errors';
import { createCtx } from '../../env';
import { authenticate } from '../../services/tokens';
import { findToken } from '../../store/tokens';
import { SignInPage } from '../../views/admin/sign-in';
import { S } from '../../views/admin/strings';
import { accessActor, accessConfig } from './access';
import type { AdminEnv } from './admin-env';
import { render } from './render';
import type { Session } from './session';
import { clearSessionCookie, newSession, readSessionCookie, sameSecret, secretDigest, writeSessionCookie } from './session';

const PUBLIC_PATHS = new Set(['/admin/sign-in']);

/** Where to go after signing in: only a path of the admin UI, never another site. */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(?:[/?#]|$)/.test(next) && !next.includes('//') && !next.includes('\\') ? next : '/admin';
}

/** A signed-in session stays valid while what it signed in with does. */
async function stillValid(c: Context<AdminEnv>, session: Session): Promise<boolean> {
  const actor = session.actor ?? '';
  if (actor === 'admin-token') return !!c.env.ADMIN_TOKEN && session.key === (await secretDigest(c.env.ADMIN_TOKEN));
  if (actor.startsWith('token:')) {
    const token = await findToken(c.env.DB, actor.slice('token:'.length));
    return !!token && token.revokedAt === null;
  }
  if (actor.startsWith('access:')) return accessConfig(c.env) !== null;
  return false;
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** The synchroniser token: the `_csrf` field must equal the one in the signed session cookie. */
async function checkCsrf(c: Context<AdminEnv>, session: Session): Promise<void> {
  if (!FORM_TYPES.test(c.req.header('content-type') ?? '')) {
    throw new AppError('unsupported_media_type', 'the admin UI takes HTML form posts only');
  }
  const sent = (await c.req.formData()).get('_csrf');
  if (typeof sent !== 'string' || !(await sameSecret(sent, session.csrf))) throw new AppError('forbidden', S.errors.csrf);
}

/**
 * Loads the session (or, behind Cloudflare Access, opens one for the Access identity), sends
 * anyone else to the sign-in page, checks CSRF on every POST, and builds the ctx whose actor
 * every audited write records.
 */
export function sessionMiddleware(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const secret = c.env.SIGNING_SECRET;
    const now = c.get('deps').clock.now();
    if (!secret || secret.length < 24) {
      return render(c, <SignInPage csrf={null} next="/admin" error={S.signIn.notConfigured} accessEnabled={false} />, 503);
    }
    let session = await readSessionCookie(c, secret, now);
    if (session?.actor && !(await stillValid(c, session))) session = null;

    if (!session?.actor) {
      const access = accessConfig(c.env);
      const actor = access ? await accessActor(access, c.req.header('cf-access-jwt-assertion'), now) : null;
      if (actor) {
        session = newSession(actor, now);
        await writeSessionCookie(c, session, secret, now);
      }
    }

    const isPublic = PUBLIC_PATHS.has(c.req.path);
    if (!session?.actor && !isPublic) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const next = encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''));
        return c.redirect(`/admin/sign-in?next=${next}`, 303);
      }
      throw new AppError('unauthorized', S.errors.signInFirst);
    }
    if (!session) {
      session = newSession(null, now);
      await writeSessionCookie(c, session, secret, now);
    }
    if (c.req.method === 'POST') await checkCsrf(c, session);
    c.set('session', session);
    if (session.actor)
      c.set(
        'ctx',
        createCtx(c.env, c.get('deps'), session.actor, (work) => c.executionCtx.waitUntil(work)),
      );
    return next();
  };
}

export function registerSignIn(app: Hono<AdminEnv>): void {
  app.get('/sign-in', async (c) => {
    const session = c.get('session');
    const next = safeNext(c.req.query('next'));
    if (session.actor) return c.redirect(next, 303);
    const message = c.req.query('signed_out') !== undefined ? S.signIn.signedOut : undefined;
    return render(c, <SignInPage csrf={session.csrf} next={next} message={message} accessEnabled={accessConfig(c.env) !== null} />);
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.formData();
    const token = String(form.get('token') ?? '').trim();
    const next = safeNext(String(form.get('next') ?? ''));
    const now = c.get('deps').clock.now();
    let signedIn: Awaited<ReturnType<typeof authenticate>>;
    try {
      signedIn = await authenticate(c.env.DB, c.env.ADMIN_TOKEN, `Bearer ${token}`, now);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'unauthorized') throw error;
      const page = (
        <SignInPage csrf={c.get('session').csrf} next={next} error={S.signIn.wrong} accessEnabled={accessConfig(c.env) !== null} />
      );
      return render(c, page, 401);
    }
    // A fresh session (and CSRF token) at sign-in, so nothing planted before it carries over.
    const key = signedIn.actor === 'admin-token' && c.env.ADMIN_TOKEN ? await secretDigest(c.env.ADMIN_TOKEN) : undefined;
    await writeSessionCookie(c, newSession(signedIn.actor, now, key), c.env.SIGNING_SECRET ?? '', now);
    if (signedIn.touch) c.executionCtx.waitUntil(signedIn.touch.run().catch((error) => console.error('token: touch failed', error)));
    return c.redirect(next, 303);
  });

  app.post('/sign-out', (c) => {
    const actor = c.get('session').actor ?? '';
    clearSessionCookie(c);
    // Behind Access, its own session would sign the browser straight back in.
    return c.redirect(actor.startsWith('access:') ? '/cdn-cgi/access/logout' : '/admin/sign-in?signed_out', 303);
  });
}
