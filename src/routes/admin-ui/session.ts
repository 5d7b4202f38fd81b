// The admin session: one signed cookie that says who signed in, until when, and the CSRF token
// every form rendered for them carries. Nothing is stored server-side: signing out clears the
// cookie, a session ends at its expiry, and a revoked token or a rotated ADMIN_TOKEN ends it at
// the next request (see `stillValid`).
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { fromBase64Url, hmacKey, toBase64Url } from '../../domain/hmac';
import { randomId } from '../../env';

export const SESSION_COOKIE = 'fw_admin';
/** Long enough for a migration night, short enough that a forgotten laptop does not stay in. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** A visitor who has not signed in yet holds an anonymous session: it carries the sign-in form's CSRF token. */
const ANONYMOUS_TTL_MS = 3_600_000;

export interface Session {
  /** `admin-token`, `token:<id>`, `access:<email>`; null before sign-in. */
  actor: string | null;
  csrf: string;
  /** Expiry, ms since the epoch. */
  exp: number;
  /** For `admin-token` sessions: a digest of the token signed in with, so rotating it signs everyone out. */
  key?: string;
}

const encoder = new TextEncoder();
/** The label keeps these signatures apart from anything else signed with the same secret. */
const signedPart = (payload: string) => encoder.encode(`forewarn.admin-session.v1.${payload}`);

export async function sealSession(session: Session, secret: string): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(session)));
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), signedPart(payload)));
  return `${payload}.${toBase64Url(signature)}`;
}

/** The session in `value` if its signature holds and it has not expired; otherwise null. */
export async function openSession(value: string | undefined, secret: string, now: Date): Promise<Session | null> {
  const [payload, signature, extra] = (value ?? '').split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const signatureBytes = fromBase64Url(signature);
  const payloadBytes = fromBase64Url(payload);
  if (!signatureBytes || !payloadBytes) return null;
  if (!(await crypto.subtle.verify('HMAC', await hmacKey(secret), signatureBytes, signedPart(payload)))) return null;
  let session: Session;
  try {
    session = JSON.parse(new TextDecoder().decode(payloadBytes)) as Session;
  } catch {
    return null;
  }
  if (typeof session.exp !== 'number' || session.exp <= now.getTime() || typeof session.csrf !== 'string') return null;
  return session;
}

export function newSession(actor: string | null, now: Date, key?: string): Session {
  const ttl = actor ? SESSION_TTL_MS : ANONYMOUS_TTL_MS;
  return { actor, csrf: randomId(32), exp: now.getTime() + ttl, ...(key ? { key } : {}) };
}

export async function readSessionCookie(c: Context, secret: string, now: Date): Promise<Session | null> {
  return openSession(getCookie(c, SESSION_COOKIE), secret, now);
}

/** HttpOnly (scripts never see it), Secure, SameSite=Strict, scoped to /admin, gone at expiry. */
export async function writeSessionCookie(c: Context, session: Session, secret: string, now: Date): Promise<void> {
  setCookie(c, SESSION_COOKIE, await sealSession(session, secret), {
    path: '/admin',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: Math.max(1, Math.floor((session.exp - now.getTime()) / 1000)),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', httpOnly: true, secure: true, sameSite: 'Strict' });
}

/** A short digest of a secret, safe to put in a cookie, to notice when the secret changes. */
export async function secretDigest(secret: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`forewarn.admin-token.${secret}`)));
  return toBase64Url(digest.slice(0, 12));
}

/** Compares two strings in time that depends on their length only. */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([a, b].map((v) => crypto.subtle.digest('SHA-256', encoder.encode(v))));
  return crypto.subtle.timingSafeEqual(ha as ArrayBuffer, hb as ArrayBuffer);
}
