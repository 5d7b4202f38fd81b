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
  | { result: 'failed'; httpStatus: number | null; error: string; retryAfterSeconds?: number };

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP-date names its day and month (IMF-fixdate, or RFC 850 and asctime's obsolete forms).
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

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
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), new Date());
    if (httpStatus >= 200 && httpStatus < 300) return { result: 'sent', httpStatus };
    if (httpStatus >= 300 && httpStatus < 400) {
      return { result: 'failed', httpStatus, error: `HTTP ${httpStatus}: redirects are not followed; register the URL it points to` };
    }
    return { result: 'failed', httpStatus, error: `HTTP ${httpStatus}`, ...(retryAfter !== null ? { retryAfterSeconds: retryAfter } : {}) };
  } catch (e) {
    const error =
      (e as Error).name === 'TimeoutError' ? `no answer within ${TARGET_TIMEOUT_MS / 1000} s` : String((e as Error).message ?? e);
    return { result: 'failed', httpStatus: null, error };
  }
}

/** Chat formats, and where each platform's incoming webhooks live (their documentation's URL forms). */
const CHAT_HOSTS: Record<string, { hosts: RegExp; path: RegExp; example: string }> = {
  // https://api.slack.com/messaging/webhooks — GovSlack's live on hooks.slack-gov.com.
  slack: {
    hosts: /^hooks\.slack(-gov)?\.com$/,
    path: /^\/services\/[^/]+\/[^/]+\/[^/]+$/,
    example: 'https://hooks.slack.com/services/T…/B…/…',
  },
  // Teams Workflows ("When a Teams webhook request is received"): Power Automate's request trigger,
  // on *.api.powerplatform.com since 2025 and *.logic.azure.com before.
  teams: {
    hosts: /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(api\.powerplatform\.com|logic\.azure\.com)$/,
    path: /\/workflows\/[^/]+\/triggers\//,
    example: 'https://….environment.api.powerplatform.com/powerautomate/automations/direct/workflows/…/triggers/manual/paths/invoke?…',
  },
  // https://discord.com/developers/docs/resources/webhook#execute-webhook
  discord: {
    hosts: /^((ptb|canary)\.)?discord(app)?\.com$/,
    path: /^\/api\/(v\d+\/)?webhooks\/\d+\/[^/]+$/,
    example: 'https://discord.com/api/webhooks/<id>/<token>',
  },
  // https://developers.google.com/workspace/chat/quickstart/webhooks
  google_chat: {
    hosts: /^chat\.googleapis\.com$/,
    path: /^\/v1\/spaces\/[^/]+\/messages$/,
    example: 'https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…',
  },
};

/**
 * Why a chat channel's URL is not its platform's incoming webhook, or null when it is. Strict on
 * purpose: a chat message POSTed anywhere else is at best ignored, at worst read by the wrong
 * service. A target on this machine passes when development allows one (the tests' receivers).
 */
export function chatTargetRefusal(format: string, url: string, policy: TargetPolicy): string | null {
  const rule = CHAT_HOSTS[format];
  if (!rule) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (policy.allowLoopback && !targetRefusal(url, policy) && targetRefusal(url, { allowLoopback: false })) return null;
  if (format === 'teams' && parsed.hostname.endsWith('.webhook.office.com')) {
    return `Office 365 connector webhooks are retired: create a Workflows webhook in Teams (${rule.example})`;
  }
  if (!rule.hosts.test(parsed.hostname) || !rule.path.test(parsed.pathname)) {
    return `a ${format} webhook URL looks like ${rule.example}`;
  }
  return null;
}
