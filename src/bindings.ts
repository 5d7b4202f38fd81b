// What the worker is given: its bindings, and the clock and ids its handlers take (tests pass their
// own). Light on purpose: a new isolate evaluates this before its first request (worker.ts); the
// configuration checked from the bindings is env.ts's.

export interface Bindings {
  DB: D1Database;
  SNAPSHOT: KVNamespace;
  NOTIFY: Queue<unknown>;
  PUBLIC_URL: string;
  MAIL_FROM: string;
  UNSUBSCRIBE_MAILTO: string;
  BOUNCE_ADDRESS?: string;
  RELAY_EVENTS?: string;
  RELAY_WEBHOOK_SECRET?: string;
  ADMIN_TOKEN?: string;
  SIGNING_SECRET?: string;
  SMTP_URL?: string;
  /** Cloudflare Email Service (`[[send_email]]` in wrangler.toml). */
  EMAIL?: SendEmail;
  MAIL_TRANSPORT?: string;
  MAIL_RATE_PER_SECOND?: string;
  DKIM_PRIVATE_KEY?: string;
  DKIM_SELECTOR?: string;
  DELIVERY_LEASE_SECONDS?: string;
  D1_QUERIES_PER_INVOCATION?: string;
  RETENTION_DAYS?: string;
  /** Development only: webhooks may call this machine (127.0.0.1, ::1, localhost). */
  ALLOW_LOOPBACK_TARGETS?: string;
}

/**
 * PUBLIC_URL as every link is built from it: cleaned as a URL parser cleans it (surrounding
 * whitespace, tabs and line breaks dropped) and without a trailing slash. readConfig and the
 * worker's front (rendererFor) both take it from here, so they name the same site.
 */
export const publicUrlOf = (raw: string): string =>
  raw
    .trim()
    .replace(/[\t\n\r]/g, '')
    .replace(/\/+$/, '');

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Statuspage-style ids: 12 lowercase alphanumerics from the CSPRNG. */
export function randomId(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % 36];
  return id;
}

export interface Deps {
  clock: Clock;
  newId: () => string;
  /**
   * Real milliseconds between two writes of the snapshot's KV key: KV takes one write per second
   * per key and answers 429 beyond. Local KV has no such limit, so tests pass 0 unless they are
   * about the limit.
   */
  snapshotWriteGapMs: number;
}

export const KV_WRITE_GAP_MS = 1_000;

export const productionDeps: Deps = { clock: systemClock, newId: () => randomId(), snapshotWriteGapMs: KV_WRITE_GAP_MS };
