// Subscribers and deliveries: who is owed which notice, and how a failed send is retried.
import { hmacKey, toBase64Url } from './hmac';
import type { Locale } from './model';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_PURPOSES = ['notice', 'confirmation'] as const;
export type DeliveryPurpose = (typeof DELIVERY_PURPOSES)[number];

export interface Subscriber {
  id: string;
  email: string;
  locale: Locale;
  timeZone: string;
  /** Empty when the subscriber follows every component. */
  components: string[];
  allComponents: boolean;
  source: 'form' | 'import';
  createdAt: string;
  updatedAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  /** When their mail server answered that the address does not take mail: nothing is sent since. */
  bouncedAt: string | null;
  /** That answer's codes ("550 5.1.1", "E_RECIPIENT_SUPPRESSED"): never its text, which names the address. */
  bounceReason: string | null;
}

export type SubscriberState = 'pending' | 'active' | 'unsubscribed';

/**
 * Per state, how many who left are erased since (only a fingerprint of each address kept), and
 * how many active ones bounced (their server refuses the address; nothing is sent to them).
 */
export type SubscriberCounts = Record<SubscriberState | 'erased' | 'bounced', number>;

export const isActive = (s: Pick<Subscriber, 'confirmedAt' | 'unsubscribedAt'>): boolean =>
  s.confirmedAt !== null && s.unsubscribedAt === null;

/** How many components a subscriber (or a webhook) may follow one by one; none follows them all. */
export const MAX_FOLLOWED_COMPONENTS = 200;

/** One mailbox, one subscriber: addresses are compared without case or surrounding space. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const encoder = new TextEncoder();

/**
 * What is kept of a subscriber erased after leaving (migrations/0016_erased_subscribers.sql): a
 * keyed fingerprint of the folded address. Equal for equal addresses under one secret, so an import
 * can refuse them; without the secret nobody can tell whose it is, even by trying addresses. The
 * label keeps it from ever matching another use of the secret (links, sessions).
 */
export async function addressHash(secret: string, email: string): Promise<string> {
  const text = encoder.encode(`forewarn/erased-address/v1:${normalizeEmail(email)}`);
  return toBase64Url(await crypto.subtle.sign('HMAC', await hmacKey(secret), text));
}

/**
 * Whether a subscriber follows a notice whose incident or maintenance touches `touched`
 * components. A notice that touches none concerns the whole page, so everyone gets it.
 */
export function follows(subscriber: Pick<Subscriber, 'allComponents' | 'components'>, touched: readonly string[]): boolean {
  if (subscriber.allComponents || touched.length === 0) return true;
  return subscriber.components.some((id) => touched.includes(id));
}

/**
 * Queue attempts of one message: the first delivery plus `max_retries` in wrangler.toml. The
 * consumer marks a delivery failed when its last one fails.
 */
export const MAX_SEND_ATTEMPTS = 9;

/**
 * How long a claim on a delivery holds by default (DELIVERY_LEASE_SECONDS overrides it): longer
 * than nodemailer's timeouts for one message add up to.
 */
export const LEASE_MS = 5 * 60_000;

export const MAX_RETRY_DELAY_SECONDS = 3600;

/** Seconds before the next attempt: 30 s doubling to at most an hour (about 2 h 40 over 9 attempts). */
export const retryDelaySeconds = (attempt: number): number => Math.min(30 * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_SECONDS);

/** SMTP 5xx replies are permanent (no such mailbox, policy): retrying cannot help. */
export const isPermanentSmtpFailure = (responseCode: number | undefined): boolean =>
  responseCode !== undefined && responseCode >= 500 && responseCode < 600;

/**
 * SMTP replies that mean "too fast" rather than "no" (Amazon SES answers 454 "Throttling failure",
 * others 421 or 451; 429 from relays that speak HTTP codes): send again later, not a failed attempt.
 */
const THROTTLE_REPLIES: ReadonlySet<number> = new Set([421, 451, 454, 429]);

export const isThrottleReply = (responseCode: number | undefined): boolean =>
  responseCode !== undefined && THROTTLE_REPLIES.has(responseCode);
