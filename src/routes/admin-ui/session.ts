// The admin session cookie: a random id, `s.<id>` once signed in (the session itself lives in D1,
// services/admin-sessions.ts) or `a.<id>` before (nothing stored: it only anchors the sign-in
// form's CSRF token). Every form carries a CSRF token derived from the cookie with
// SIGNING_SECRET, so a new cookie at sign-in is a new token too.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { hmacKey, toBase64Url } from '../../domain/hmac';
import type { Scope } from '../../domain/scopes';
import { newSessionId } from '../../services/admin-sessions';

export const SESSION_COOKIE = 'fw_admin';
/** A visitor who has not signed in yet holds an anonymous cookie for the sign-in form's CSRF token. */
export const ANONYMOUS_TTL_MS = 3_600_000;

/** Who is at the keyboard, for this request. */
export interface Session {
  /** `admin-token`, `token:<id>`, `access:<email>`; null before sign-in. */
  actor: string | null;
  /** What the actor may do in the admin UI; null before sign-in. */
  scope: Scope | null;
  /** The synchroniser token every form of this session carries. */
  csrf: string;
  /** The stored session's key (the hash of its id); null before sign-in. */
  idHash: string | null;
}

export type SessionCookie = { kind: 'signed-in' | 'anonymous'; id: string };

const ID = /^[A-Za-z0-9_-]{43}$/;

/** The cookie's id and kind; null when there is none or it is not one this code wrote. */
export function readSessionCookie(c: Context): SessionCookie | null {
  const value = getCookie(c, SESSION_COOKIE) ?? '';
  const [kind, id, extra] = value.split('.');
  if (!id || extra !== undefined || !ID.test(id)) return null;
  if (kind === 's') return { kind: 'signed-in', id };
  if (kind === 'a') return { kind: 'anonymous', id };
  return null;
}

export const anonymousCookie = (): SessionCookie => ({ kind: 'anonymous', id: newSessionId() });

const cookieValue = (cookie: SessionCookie) => `${cookie.kind === 'signed-in' ? 's' : 'a'}.${cookie.id}`;

/** HttpOnly (scripts never see it), Secure, SameSite=Strict, scoped to /admin, gone at expiry. */
export function writeSessionCookie(c: Context, cookie: SessionCookie, ttlMs: number): void {
  setCookie(c, SESSION_COOKIE, cookieValue(cookie), {
    path: '/admin',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: Math.max(1, Math.floor(ttlMs / 1000)),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', httpOnly: true, secure: true, sameSite: 'Strict' });
}

const encoder = new TextEncoder();

/** The CSRF token of a cookie: computing it takes SIGNING_SECRET; a page of the UI hands it to the cookie's holder. */
export async function csrfFor(cookie: SessionCookie, secret: string): Promise<string> {
  const label = encoder.encode(`forewarn.admin-csrf.v2.${cookieValue(cookie)}`);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), label)));
}

/**
 * What an ADMIN_TOKEN session keeps of ADMIN_TOKEN, to end when it is rotated: keyed with
 * SIGNING_SECRET, so a copy of the database alone cannot be used to guess ADMIN_TOKEN offline.
 */
export async function adminKeyOf(adminToken: string, secret: string): Promise<string> {
  const label = encoder.encode(`forewarn.admin-token.v2.${adminToken}`);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), label)));
}

/** Compares two strings in time that depends on their length only. */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([a, b].map((v) => crypto.subtle.digest('SHA-256', encoder.encode(v))));
  return crypto.subtle.timingSafeEqual(ha as ArrayBuffer, hb as ArrayBuffer);
}
