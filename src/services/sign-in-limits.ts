// How often the admin UI's sign-in form may be tried, so that nobody can guess tokens through it:
// fixed one-hour windows counted in D1 (rate_limits), as the subscription form's are (see
// subscribe-limits.ts for why D1 and not KV or the rate-limiting binding).
//
// Every attempt counts, before its token is looked at: a wrong token, a revoked or expired one and
// the right one all cost the same, and a burst sent at once cannot slip past a read-then-write.
import { networkOf } from '../domain/client-network';
import { AppError } from '../domain/errors';
import { HOUR_MS } from '../domain/time-units';
import { hitRateLimit } from '../store/rate-limits';

/** The README's Security section states these; change both together. */
export const SIGN_IN_LIMITS = {
  /** Attempts an hour from one IPv4 address or IPv6 /64 (429 beyond): a team behind one NAT signs in a few times a day. */
  perNetworkHour: 10,
  /**
   * Attempts an hour from everyone together (429 beyond): what someone asking from many networks
   * can guess. Access users and open sessions are not affected.
   */
  overallHour: 100,
};

export class SignInLimited extends AppError {
  constructor(readonly scope: 'network' | 'everyone') {
    super(
      'rate_limited',
      scope === 'network'
        ? 'Too many sign-in attempts from your network. Try again within the hour.'
        : 'Too many sign-in attempts right now. Try again within the hour.',
      { limit: scope },
    );
  }
}

/**
 * Counts one sign-in attempt against its network, then against everyone; throws SignInLimited
 * past either limit. Everyone's counter counts only what the network's let through, so a single
 * network cannot use up everyone's hour.
 */
export async function admitSignIn(db: D1Database, ip: string | undefined, now: Date): Promise<void> {
  const network = (ip && networkOf(ip)) || 'unknown';
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS).toISOString();
  if ((await hitRateLimit(db, `sign-in:ip:${network}`, hour)) > SIGN_IN_LIMITS.perNetworkHour) throw new SignInLimited('network');
  if ((await hitRateLimit(db, 'sign-in:all', hour)) > SIGN_IN_LIMITS.overallHour) throw new SignInLimited('everyone');
}

/** Seconds until the current window closes and attempts count afresh (the 429's Retry-After). */
export function retryAfterSeconds(now: Date): number {
  return Math.ceil((HOUR_MS - (now.getTime() % HOUR_MS)) / 1000);
}
