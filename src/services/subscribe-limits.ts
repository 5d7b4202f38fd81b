// How much the public subscription form may be asked, so that nobody can use it to flood a
// mailbox or to spend the page's sending reputation: fixed windows counted in D1 (rate_limits).
//
// Why D1: a limit must count every hit, at once, wherever it lands. Workers KV is eventually
// consistent (a write may take 60 s or more to show elsewhere, and misses are cached) and takes
// one write per key per second (429 beyond): a burst on one key would be both undercounted and
// refused. The Workers rate-limiting binding counts per Cloudflare location over 10 or 60 s, not
// an hour across the world. D1 runs each statement on one primary, one at a time, so an
// INSERT … ON CONFLICT DO UPDATE … RETURNING counts each hit exactly once; the cron deletes
// windows a day old (services/retention.ts).

import { networkOf } from '../domain/client-network';
import { AppError } from '../domain/errors';
import { toHex } from '../domain/hmac';
import { mailboxOf } from '../domain/mailbox';
import { DAY_MS, HOUR_MS } from '../domain/time-units';
import type { Ctx } from '../env';
import { hitRateLimit } from '../store/rate-limits';

/** The form's limits. The README's Security section states them; change both together. */
export const SUBSCRIBE_LIMITS = {
  /** Requests an hour from one IPv4 address (429 beyond): a household or office behind one NAT. */
  perIpv4Hour: 20,
  /** Requests an hour from one IPv6 /64, the block one customer gets (429 beyond). */
  perIpv6NetworkHour: 20,
  /**
   * Requests an hour to the whole form, all senders together (429 beyond): how many
   * confirmations the page can be made to send, however many networks ask.
   */
  overallHour: 1_000,
  /** E-mails an hour to one mailbox, `+tag` and provider spellings folded (beyond: not sent, the same answer). */
  perMailboxHour: 3,
  /** E-mails a day to one mailbox: what someone asking from many networks can send a stranger. */
  perMailboxDay: 6,
};

/** Why a request was refused: its own network asked too much, or everyone together did. */
export type LimitScope = 'network' | 'everyone';

export class SubscribeLimited extends AppError {
  constructor(readonly scope: LimitScope) {
    super(
      'rate_limited',
      scope === 'network'
        ? 'Too many subscription requests from your network. Please try again in an hour.'
        : 'Too many subscription requests right now. Please try again in an hour.',
      { limit: scope },
    );
  }
}

const windowStart = (now: Date, ms: number): string => new Date(Math.floor(now.getTime() / ms) * ms).toISOString();

const encoder = new TextEncoder();
const digest = async (text: string): Promise<string> => toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

/** The counters one request moves: its network's, the form's, and (hashed: no address is kept here) its mailbox's. */
export async function subscribeCounters(ip: string | undefined, email: string, now: Date) {
  const network = (ip && networkOf(ip)) || 'unknown';
  const mailbox = await digest(mailboxOf(email));
  const hour = windowStart(now, HOUR_MS);
  return {
    network: {
      key: `subscribe:ip:${network}`,
      window: hour,
      limit: network.endsWith('/64') ? SUBSCRIBE_LIMITS.perIpv6NetworkHour : SUBSCRIBE_LIMITS.perIpv4Hour,
    },
    overall: { key: 'subscribe:all', window: hour, limit: SUBSCRIBE_LIMITS.overallHour },
    mailboxHour: { key: `subscribe:mailbox:${mailbox}`, window: hour, limit: SUBSCRIBE_LIMITS.perMailboxHour },
    mailboxDay: { key: `subscribe:mailbox-day:${mailbox}`, window: windowStart(now, DAY_MS), limit: SUBSCRIBE_LIMITS.perMailboxDay },
  };
}

export type SubscribeCounters = Awaited<ReturnType<typeof subscribeCounters>>;
type Counter = SubscribeCounters[keyof SubscribeCounters];

const hit = async (ctx: Ctx, counter: Counter): Promise<boolean> =>
  (await hitRateLimit(ctx.db, counter.key, counter.window)) <= counter.limit;

/**
 * Counts the request against its network: the first thing the form does, so a flood from one
 * network costs one statement a request. Past the limit, a 429 that depends on the network alone.
 */
export async function admitNetwork(ctx: Ctx, counters: SubscribeCounters): Promise<void> {
  if (!(await hit(ctx, counters.network))) throw new SubscribeLimited('network');
}

/** Counts a valid request against the whole form; a 429 past the limit, whatever the address. */
export async function admitOverall(ctx: Ctx, counters: SubscribeCounters): Promise<void> {
  if (!(await hit(ctx, counters.overall))) throw new SubscribeLimited('everyone');
}

/**
 * Counts a request for an e-mail to this mailbox; whether one may go. Counted whatever the
 * address's state (new, pending, subscribed, gone), so the answer never tells them apart. The
 * day counts only what the hour let through, so a burst does not use up the day by itself.
 */
export async function mailboxMayReceive(ctx: Ctx, counters: SubscribeCounters): Promise<boolean> {
  return (await hit(ctx, counters.mailboxHour)) && (await hit(ctx, counters.mailboxDay));
}
