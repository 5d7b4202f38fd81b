import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/domain/errors';
import { signLink } from '../../src/domain/signed-links';
import { SUBSCRIBE_LIMITS, subscribeCounters } from '../../src/services/subscribe-limits';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { prng, type Rng } from '../support/random';
import { linkShot, strayShot } from './link-requests';
import {
  asksForJson,
  browserHeaders,
  FORM,
  type KnownSubscriber,
  query,
  type Shot,
  subscribeForm,
  subscribeJson,
  type World,
} from './subscribe-requests';

const REQUESTS = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const SECRET = env.SIGNING_SECRET!;

/**
 * What the database holds after a request: counts that any write moves (with the clock moving
 * between requests, any subscriber write moves `updated`), this hour's hits of the request's
 * network (and its limit: an IPv4 address or an IPv6 /64) and mailbox, today's e-mails to that
 * mailbox, and the subscriber it names by address or by link.
 */
interface Probe {
  subscribers: number;
  updated: string;
  choices: number;
  deliveries: number;
  audits: number;
  ip: number;
  ipLimit: number;
  address: number;
  addressToday: number;
  id: string | null;
  created_at: string | null;
  mails: number;
  locale: string | null;
  time_zone: string | null;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

/** One query a request, so that 10,000 of them stay quick. */
async function probe(shot: Shot, now: Date): Promise<Probe> {
  const counters = await subscribeCounters(shot.headers['cf-connecting-ip'], shot.email ?? '', now);
  const [row] = await rows<Probe>(
    `SELECT (SELECT count(*) FROM subscribers) AS subscribers,
       (SELECT coalesce(max(updated_at), '') FROM subscribers) AS updated,
       (SELECT count(*) FROM subscriber_components) AS choices,
       (SELECT count(*) FROM deliveries) AS deliveries,
       (SELECT count(*) FROM audit_log) AS audits,
       coalesce((SELECT hits FROM rate_limits WHERE key = ?1 AND window_start = ?3), 0) AS ip,
       coalesce((SELECT hits FROM rate_limits WHERE key = ?2 AND window_start = ?3), 0) AS address,
       coalesce((SELECT hits FROM rate_limits WHERE key = ?7 AND window_start = ?8), 0) AS addressToday,
       s.id, s.created_at, s.locale, s.time_zone, s.confirmed_at, s.unsubscribed_at,
       (SELECT count(*) FROM deliveries d WHERE d.subscriber_id = s.id AND d.purpose = 'confirmation'
          AND d.status = 'pending' AND d.created_at = ?6) AS mails
     FROM (SELECT 1) LEFT JOIN subscribers s ON s.email = ?4 OR s.id = ?5`,
    counters.network.key,
    counters.mailboxHour.key,
    counters.network.window,
    shot.email ?? null,
    shot.link?.subscriber.id ?? null,
    now.toISOString(),
    counters.mailboxDay.key,
    counters.mailboxDay.window,
  );
  return { ...row!, ipLimit: counters.network.limit };
}

/** The mix: subscriptions by form and JSON, the form page, signed links, and stray methods and paths. */
function nextShot(rng: Rng, world: World): Shot {
  const headers = browserHeaders(rng);
  const roll = rng.next();
  if (roll < 0.25) return subscribeForm(rng, world, headers);
  if (roll < 0.42) return subscribeJson(rng, world, headers);
  if (roll < 0.48) return { method: rng.pick(['GET', 'HEAD']), path: `/subscribe${query(rng)}`, headers, expect: 'accept' };
  if (roll < 0.94) return linkShot(rng, world, headers);
  return strayShot(rng, world, headers);
}

const WRITES = ['subscribers', 'updated', 'choices', 'deliveries', 'audits'] as const;
const wrote = (before: Probe, after: Probe) => WRITES.some((k) => before[k] !== after[k]);

async function known(id: string, email: string, now: Date): Promise<KnownSubscriber> {
  const seconds = Math.floor(now.getTime() / 1000);
  return {
    id,
    email,
    confirm: await signLink(SECRET, { purpose: 'confirm', subscriberId: id, expires: seconds + 7 * 86_400 }),
    manage: await signLink(SECRET, { purpose: 'manage', subscriberId: id }),
    expired: await signLink(SECRET, { purpose: 'confirm', subscriberId: id, expires: seconds - 1 }),
    stranger: await signLink(SECRET, { purpose: 'manage', subscriberId: `${id}x` }),
  };
}

/** The error shape for a client that asked for JSON, a readable page for a browser; null when it fits. */
function errorProblem(shot: Shot, status: number, type: string, text: string): string | null {
  if (shot.method === 'HEAD') return null;
  if (asksForJson(shot.headers)) {
    if (!type.startsWith('application/json')) return `asked for JSON, got ${type}`;
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'not JSON';
    }
    const { code, message } = parsed?.error ?? {};
    if (typeof code !== 'string' || typeof message !== 'string') return 'not the error shape';
    if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status) return `code ${code} with status ${status}`;
    return null;
  }
  if (!type.startsWith('text/html')) return `a browser got ${type}`;
  if (!/<h1>[^<]+<\/h1>/.test(text)) return 'no heading on the page';
  return null;
}

describe('the subscribers’ pages under random and malformed requests', () => {
  it(`${REQUESTS} requests: never a 5xx, every 4xx in the shape the client asked for, nothing wrong written (seed ${SEED})`, {
    timeout: 300_000,
  }, async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const rng = prng(SEED);
    const { platform, crawlers, webapp, api, login, alerts } = await makeCatalogue(h);
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'active@example.com' },
          { email: 'left@example.com' },
          { email: 'chosen@example.com', components: [webapp.id] },
        ],
      }),
    );
    const pending = await h.fetch('/subscribe', { method: 'POST', headers: { 'content-type': FORM }, body: 'email=pending@example.com' });
    expect(pending.status).toBe(200);
    const world: World = {
      components: [crawlers.id, webapp.id, api.id, login.id, alerts.id],
      strangers: ['nosuchcomponent', platform.id],
      subscribers: [],
      addresses: Array.from({ length: 120 }, (_, i) => `fuzz-${i}@example.com`),
    };
    for (const { id, email } of await rows<{ id: string; email: string }>('SELECT id, email FROM subscribers ORDER BY email'))
      world.subscribers.push(await known(id, email, h.clock.now()));
    const left = world.subscribers.find((s) => s.email === 'left@example.com')!;
    expect((await h.fetch(`/unsubscribe/${left.manage}`, { method: 'POST' })).status).toBe(200);
    const initial = new Set(world.subscribers.map((s) => s.email));
    const accepted = new Set<string>();

    const failures: string[] = [];
    const seen = new Map<number, number>();
    const acts = new Map<string, number>();
    const started = Date.now();
    // Only requests write, so what the probe saw after one request is the state before the next.
    let before = await probe(nextShot(prng(0), world), h.clock.now());
    for (let i = 0; i < REQUESTS && failures.length < 8; i++) {
      // Each write gets its own moment, and the hourly windows open and close along the way.
      h.clock.advance(1000 + rng.int(8000));
      const now = h.clock.now();
      const shot = nextShot(rng, world);
      const subscribing = shot.method === 'POST' && shot.path.split('?')[0] === '/subscribe';
      const enqueued = h.notify.sent.length;

      const init: RequestInit = { method: shot.method, headers: shot.headers };
      if (shot.body !== undefined && shot.method !== 'GET' && shot.method !== 'HEAD') init.body = shot.body;
      const res = await h.fetch(shot.path, init);
      const text = await res.text();
      const after = await probe(shot, now);
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      const headers = JSON.stringify(shot.headers).slice(0, 200);
      const fail = (why: string) =>
        failures.push(
          `#${i} ${shot.method} ${shot.path.slice(0, 120)} ${headers} (${shot.expect}) → ${res.status}: ${why} | ${text.slice(0, 300)}`,
        );
      const accepting = res.status >= 200 && res.status < 300;

      if (res.status >= 500) fail('a server error');
      if (res.headers.get('cache-control') !== 'no-store') fail(`cache-control ${res.headers.get('cache-control')}`);
      if (res.status >= 400) {
        const problem = errorProblem(shot, res.status, res.headers.get('content-type') ?? '', text);
        if (problem) fail(problem);
        if (wrote(before, after)) fail('a refusal wrote');
      }
      if ((shot.method === 'GET' || shot.method === 'HEAD') && wrote(before, after)) fail('a GET wrote');

      // What the generator knew the request must come to. A request that reaches the service counts
      // against its network's hourly limit, and past the limit gets 429 whatever it sends.
      const limited = subscribing && after.ip > after.ipLimit;
      if (shot.expect === 'accept' && !(limited ? res.status === 429 : accepting)) fail(limited ? 'expected 429' : 'expected a 2xx');
      if (shot.expect === 'unknown_component' && res.status !== (limited ? 429 : 422)) fail(limited ? 'expected 429' : 'expected 422');
      if (shot.expect === 'reject' && (res.status < 400 || res.status === 429)) fail('expected a refusal before any service');
      if (shot.expect === 'not_found' && res.status !== 404) fail('expected 404 for a link we did not sign');
      if (shot.expect === 'erased' && res.status !== (shot.link?.act === 'leave' ? 200 : 410)) fail('expected the erased page');
      if (shot.expect === 'erased' && wrote(before, after)) fail('a link of nobody wrote');
      if (res.status === 429 && !limited) fail(`429 at ${after.ip} requests from this network`);

      if (subscribing && accepting) {
        // One subscriber per address, and one pending confirmation (or manage-link) mail while its mailbox is under its limits.
        accepted.add(shot.email ?? '');
        const mails = after.address <= SUBSCRIBE_LIMITS.perMailboxHour && after.addressToday <= SUBSCRIBE_LIMITS.perMailboxDay ? 1 : 0;
        const created = after.created_at === now.toISOString() ? 1 : 0;
        if (!after.id) fail(`no subscriber for ${shot.email}`);
        if (after.subscribers - before.subscribers !== created) fail(`subscribers went ${before.subscribers} → ${after.subscribers}`);
        if (after.deliveries - before.deliveries !== mails || after.mails !== mails) fail(`not exactly ${mails} new confirmation`);
        if (h.notify.sent.length - enqueued !== mails) fail(`enqueued ${h.notify.sent.length - enqueued}, not ${mails}`);
        if (after.id && world.subscribers.length < 40 && !world.subscribers.some((s) => s.id === after.id))
          world.subscribers.push(await known(after.id, shot.email ?? '', now));
      }

      if (shot.link && accepting && shot.method === 'POST' && shot.expect !== 'erased') {
        const act = shot.link.act;
        acts.set(act, (acts.get(act) ?? 0) + 1);
        const active = after.confirmed_at !== null && after.unsubscribed_at === null;
        if ((act === 'confirm' || act === 'resubscribe') && !active) fail(`not active after ${act}`);
        if (act === 'leave' && after.unsubscribed_at === null) fail('still subscribed after leaving');
        const p = shot.link.preferences;
        if (p && (after.locale !== p.locale || after.time_zone !== p.time_zone))
          fail(`preferences not saved: ${after.locale} ${after.time_zone}`);
      }
      before = after;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`subscribe fuzz, seed ${SEED}: ${REQUESTS} requests in ${seconds} s`, Object.fromEntries(seen), Object.fromEntries(acts));
    expect(failures).toEqual([]);

    // Nobody but the addresses that were accepted, each stored trimmed and in lower case.
    const emails = (await rows<{ email: string }>('SELECT email FROM subscribers')).map((r) => r.email);
    expect(emails.filter((e) => !initial.has(e) && !accepted.has(e))).toEqual([]);
    expect(emails.filter((e) => e !== e.trim().toLowerCase())).toEqual([]);
    // The generator must reach past validation and the limits, not only bounce off the door.
    for (const status of [200, 202, 400, 404, 413, 415, 422, 429]) expect(seen.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(0);
    for (const act of ['confirm', 'leave', 'resubscribe', 'preferences']) expect(acts.get(act) ?? 0, `${act} done`).toBeGreaterThan(0);
  });
});
