// The envelope sender (Return-Path) of a delivery when BOUNCE_ADDRESS is set: the bounce mailbox
// with the delivery's id and a keyed tag as its detail (RFC 5233 subaddress, the VERP scheme):
// `bounces+<delivery id>.<tag>@status.example.com`. A server that accepts an e-mail and bounces it
// later mails its report to this address; Email Routing hands it to the worker, which knows from
// the address alone which delivery failed. The tag (HMAC, SIGNING_SECRET) means nobody can make a
// report about a delivery they did not receive: the address is seen only by the servers on the
// way, the recipient (Return-Path) and whoever they forward the e-mail to, who can at worst report
// on that one delivery. Changing SIGNING_SECRET makes the return addresses already out forged.

import { hmacKey } from './hmac';

const encoder = new TextEncoder();
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** 80 bits of the HMAC: a forged report must guess them, one SMTP transaction per guess. */
const TAG_BYTES = 10;
/** Delivery ids are randomId()'s lowercase letters and digits. */
const DETAIL = /^([a-z0-9]{1,32})\.([a-z2-7]{16})$/;
/** RFC 5321 §4.5.3.1.1: a local part is at most 64 octets. The detail takes up to 1 + 32 + 1 + 16. */
export const MAX_BOUNCE_LOCAL_PART = 64 - 50;

/**
 * What is wrong with `address` as BOUNCE_ADDRESS, or null: a bare address (no display name), no
 * "+" (the detail is each delivery's), a local part short enough for the detail, a dotted domain.
 * scripts/deploy-check.mjs states the same rule before a deploy.
 */
export function bounceAddressProblem(address: string): string | null {
  const m = /^([^@\s+"<>]+)@([^@\s"<>]+\.[^@\s"<>.]+)$/.exec(address.trim());
  if (!m) return 'must be a bare address without "+", such as bounces@status.example.com';
  if (m[1]!.length > MAX_BOUNCE_LOCAL_PART) return `must have a local part of at most ${MAX_BOUNCE_LOCAL_PART} characters`;
  return null;
}

/** Lowercase base32 (RFC 4648 alphabet): local parts are often folded to lowercase on the way. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

async function tag(secret: string, deliveryId: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`forewarn/return-path/v1:${deliveryId}`));
  return base32(new Uint8Array(mac).slice(0, TAG_BYTES));
}

/** `local` and `domain` of a bare address, lowercased; null when it is not one. */
function parts(address: string): { local: string; domain: string } | null {
  const m = /^([^@\s+]+)@([^@\s]+)$/.exec(address.trim().toLowerCase());
  return m ? { local: m[1]!, domain: m[2]! } : null;
}

/** Whether `address` is the bounce mailbox or one of its return addresses (tag not checked). */
export function isBounceMailbox(bounceAddress: string, address: string): boolean {
  const box = parts(bounceAddress);
  const given = parts(address.replace(/\+[^@]*@/, '@'));
  return box !== null && given !== null && given.local === box.local && given.domain === box.domain;
}

/**
 * A delivery's signed name, `<delivery id>.<tag>`: the detail of its return address, and what a
 * relay that reports by webhook is given to echo back (services/relay-events.ts).
 */
export async function deliveryTagFor(secret: string, deliveryId: string): Promise<string> {
  return `${deliveryId}.${await tag(secret, deliveryId)}`;
}

/** The delivery `written` names, if this secret made it (deliveryTagFor); null otherwise. */
export async function deliveryOfTag(secret: string, written: string): Promise<string | null> {
  const detail = DETAIL.exec(written.trim().toLowerCase());
  if (!detail) return null;
  const [, deliveryId, given] = detail;
  return sameText(given!, await tag(secret, deliveryId!)) ? deliveryId! : null;
}

/** The envelope sender of the delivery `deliveryTag` names (deliveryTagFor). */
export function returnPathFor(bounceAddress: string, deliveryTag: string): string {
  const box = parts(bounceAddress);
  if (!box) throw new Error(`BOUNCE_ADDRESS "${bounceAddress}" is not a bare address without "+"`);
  return `${box.local}+${deliveryTag}@${box.domain}`;
}

/**
 * Whom a message to `to` is for: `other` (not the bounce mailbox: another handler's), `mailbox`
 * (the bounce mailbox itself, where feedback loops send complaints), `forged` (a detail this
 * secret did not make), or the delivery it reports on.
 */
export async function returnPathOwner(
  secret: string,
  bounceAddress: string,
  to: string,
): Promise<{ kind: 'other' } | { kind: 'mailbox' } | { kind: 'forged' } | { kind: 'delivery'; deliveryId: string }> {
  if (!isBounceMailbox(bounceAddress, to)) return { kind: 'other' };
  const written = /^[^@+]*\+([^@]*)@/.exec(to.trim().toLowerCase())?.[1];
  if (written === undefined) return { kind: 'mailbox' };
  const deliveryId = await deliveryOfTag(secret, written);
  return deliveryId ? { kind: 'delivery', deliveryId } : { kind: 'forged' };
}

/** Equal strings of equal length, in a time that does not tell how much of them matched. */
function sameText(a: string, b: string): boolean {
  let differ = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) differ |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return differ === 0;
}
