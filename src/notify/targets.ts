// Calling a target someone registered (webhooks; chat targets reuse it): the address is checked again
// before every call, since a stored URL may predate the rule or the setting; redirects are not
// followed, since a public host could answer with a Location inside; and a refused call records
// only that it was refused, so the delivery log never says what listens at an address.
import { type TargetPolicy, targetRefusal } from '../domain/public-target';

/** What the delivery log says of a call that was never made. */
export const REFUSED = 'refused: not a public https address';
export const TARGET_TIMEOUT_MS = 10_000;

/**
 * The development setting that lets targets be on this machine (`wrangler dev`, the tests' receiver).
 * Read from the raw bindings: it is off unless spelled out, and production never sets it.
 */
export function targetPolicy(env: object): TargetPolicy {
  const value = (env as { ALLOW_LOOPBACK_TARGETS?: unknown }).ALLOW_LOOPBACK_TARGETS;
  return { allowLoopback: value === '1' || value === 'true' };
}

export type TargetOutcome =
  | { result: 'sent'; httpStatus: number }
  | { result: 'refused'; error: typeof REFUSED }
  | { result: 'failed'; httpStatus: number | null; error: string };

/**
 * POSTs to a registered target. `fetcher` is the global fetch but for a test that plays the far
 * side (a redirecting server).
 */
export async function postToTarget(
  url: string,
  init: { headers: Record<string, string>; body: string },
  policy: TargetPolicy,
  fetcher: typeof fetch = fetch,
): Promise<TargetOutcome> {
  if (targetRefusal(url, policy)) return { result: 'refused', error: REFUSED };
  try {
    const response = await fetcher(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      // A redirect is an answer, never a second call: its Location is not checked, and need not be.
      redirect: 'manual',
      signal: AbortSignal.timeout(TARGET_TIMEOUT_MS),
    });
    await response.body?.cancel();
    const httpStatus = response.status;
    if (httpStatus >= 200 && httpStatus < 300) return { result: 'sent', httpStatus };
    if (httpStatus >= 300 && httpStatus < 400) {
      return { result: 'failed', httpStatus, error: `HTTP ${httpStatus}: redirects are not followed; register the URL it points to` };
    }
    return { result: 'failed', httpStatus, error: `HTTP ${httpStatus}` };
  } catch (e) {
    const error =
      (e as Error).name === 'TimeoutError' ? `no answer within ${TARGET_TIMEOUT_MS / 1000} s` : String((e as Error).message ?? e);
    return { result: 'failed', httpStatus: null, error };
  }
}
