// Links that prove access to a mailbox: HMAC-SHA256 (SIGNING_SECRET) over what the link may do.
// A confirmation link expires; a manage link (manage page, one-click unsubscribe) lasts as long
// as the subscriber, since it sits in every e-mail they ever received.

import { fromBase64Url, hmacKey, toBase64Url } from './hmac';
import { DAY_MS } from './time-units';

export type LinkPurpose = 'confirm' | 'manage';

const PREFIX: Record<LinkPurpose, string> = { confirm: 'c', manage: 'm' };
const PURPOSE_OF: Record<string, LinkPurpose> = { c: 'confirm', m: 'manage' };

export const CONFIRM_LINK_TTL_MS = 7 * DAY_MS;

/**
 * Days a subscriber who never confirmed is kept after the last confirmation link they were sent:
 * the link's own lifetime, so none of their links still works when they go (services/retention.ts).
 * Their address was typed by someone who may not own it; it is not kept longer than it can serve.
 * The subscription pages tell readers so.
 */
export const UNCONFIRMED_DAYS = CONFIRM_LINK_TTL_MS / DAY_MS;

export interface LinkClaims {
  purpose: LinkPurpose;
  subscriberId: string;
  /** Epoch seconds; confirmation links only. */
  expires?: number;
}

const encoder = new TextEncoder();
/** A signature is 32 bytes: 43 base64url characters. */
const signatureBytes = (text: string): Uint8Array | null => (/^[A-Za-z0-9_-]{43}$/.test(text) ? fromBase64Url(text) : null);

// The domain label keeps these signatures from ever matching another use of the same secret.
const signedText = (body: string) => encoder.encode(`forewarn/subscriber-link/v1:${body}`);

const bodyOf = (claims: LinkClaims): string =>
  [PREFIX[claims.purpose], claims.subscriberId, ...(claims.expires !== undefined ? [String(claims.expires)] : [])].join('.');

export async function signLink(secret: string, claims: LinkClaims): Promise<string> {
  const body = bodyOf(claims);
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), signedText(body));
  return `${body}.${toBase64Url(signature)}`;
}

/** A manage token in text: an unsubscribe link, the List-Unsubscribe header, a mailto: subject. */
export const MANAGE_TOKEN = /\bm\.[a-z0-9]{1,32}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/;

/** When a confirmation link was made: its expiry less its lifetime (to the second it was signed in). */
export const confirmLinkIssuedAt = (claims: LinkClaims): number | null =>
  claims.expires === undefined ? null : claims.expires * 1000 - CONFIRM_LINK_TTL_MS;

/** The claims of a genuine, unexpired link for `purpose`; null for anything else. */
export async function verifyLink(secret: string, token: string, purpose: LinkPurpose, now: Date): Promise<LinkClaims | null> {
  if (token.length > 200) return null;
  const parts = token.split('.');
  const signature = signatureBytes(parts.pop() ?? '');
  const [prefix, subscriberId, expires, ...rest] = parts;
  if (!signature || rest.length > 0 || !prefix || PURPOSE_OF[prefix] !== purpose) return null;
  if (!subscriberId || !/^[a-z0-9]{1,32}$/.test(subscriberId)) return null;
  if ((purpose === 'confirm') !== (expires !== undefined)) return null;
  if (expires !== undefined && !/^\d{1,12}$/.test(expires)) return null;
  const genuine = await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, signedText(parts.join('.')));
  if (!genuine) return null;
  const claims: LinkClaims = { purpose, subscriberId };
  if (expires !== undefined) {
    claims.expires = Number(expires);
    if (claims.expires * 1000 <= now.getTime()) return null;
  }
  return claims;
}
