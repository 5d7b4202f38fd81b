import { describe, expect, it } from 'vitest';
import { makeCatalogue } from '../support/factories';
import { ADMIN_TOKEN, harness, ok } from '../support/harness';
import { prng, type Rng, randomJson } from '../support/random';

const REQUESTS = 10_000;

/** Percent-encodes, or hands back a malformed escape when the value has a lone surrogate. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%E0%A4%A%ZZ';
  }
};
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

function mutate(rng: Rng, valid: Record<string, unknown>): unknown {
  const body: Record<string, unknown> = { ...valid };
  const keys = Object.keys(body);
  switch (rng.int(4)) {
    case 0:
      if (keys.length) delete body[rng.pick(keys)];
      return body;
    case 1:
      if (keys.length) body[rng.pick(keys)] = randomJson(rng);
      return body;
    case 2:
      body[`extra_${rng.int(9)}`] = randomJson(rng);
      return body;
    default:
      return randomJson(rng);
  }
}

function rawBody(rng: Rng, json: unknown): { body?: BodyInit; type?: string } {
  switch (rng.int(12)) {
    case 0:
      return { body: '{"name": "unterminated', type: 'application/json' };
    case 1:
      return { body: new Uint8Array(Array.from({ length: rng.int(64) }, () => rng.int(256))), type: 'application/json' };
    case 2:
      return { body: JSON.stringify(json), type: rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '']) };
    case 3:
      return { body: JSON.stringify({ name: 'x'.repeat(270_000) }), type: 'application/json' };
    case 4:
      return {};
    default:
      return {
        body: JSON.stringify(json),
        type: rng.pick(['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']),
      };
  }
}

describe('the admin API under random and malformed requests', () => {
  it(`${REQUESTS} requests: never a 5xx, every 4xx in the error shape (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const h = harness('2026-11-21T07:00:00.000Z');
    const rng = prng(SEED);
    const { crawlers, webapp, platform } = await makeCatalogue(h);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'Slow', body: 'Slow.', components: { [webapp.id]: 'degraded_performance' } }),
    ).incident;
    const maintenance = ok(
      await h.api('POST', '/maintenances', {
        name: 'Move',
        scheduled_for: '2026-12-05T07:00:00Z',
        scheduled_until: '2026-12-06T19:00:00Z',
        components: { [crawlers.id]: 'under_maintenance' },
      }),
    ).maintenance;
    const ids = [
      crawlers.id,
      webapp.id,
      platform.id,
      incident.id,
      maintenance.id,
      // The ids above exist (REAL_IDS of them); those below do not.
      'nosuchid',
      'UPPER',
      '%00',
      '..%2f..',
      'a'.repeat(40),
      '',
    ];
    const REAL_IDS = 5;
    const valid: Record<string, Record<string, unknown> | Record<string, unknown>[]> = {
      '/components': { name: 'Search', status: 'operational', group_id: platform.id },
      '/groups': { name: 'Data' },
      '/incidents': { name: 'Down', body: 'Down.', components: { [crawlers.id]: 'major_outage' } },
      '/incidents/:id/updates': [
        { status: 'identified', body: 'Found.' },
        { status: 'postmortem', body: 'Why.' },
        { status: 'resolved', body: 'Fixed.' },
        { status: 'investigating', body: 'Again.' },
      ],
      '/incidents/backfill': {
        name: 'Past',
        impact: 'minor',
        body: 'x',
        started_at: '2026-11-01T00:00:00Z',
        resolved_at: '2026-11-01T01:00:00Z',
      },
      '/maintenances': { name: 'M', scheduled_for: '2026-12-10T07:00:00Z', scheduled_until: '2026-12-10T09:00:00Z', reminders: [60] },
      '/maintenances/:id': { scheduled_until: '2026-12-06T20:00:00Z' },
      '/maintenances/:id/updates': [
        { status: 'scheduled', body: 'Note.' },
        { status: 'completed' },
        { status: 'in_progress' },
        { status: 'verifying' },
        { status: 'cancelled' },
      ],
      '/components/:id': { status: 'degraded_performance' },
      '/groups/:id': { name: 'Renamed' },
      '/page': { name: 'Pricescope', time_zone: 'Europe/Paris' },
      '/tokens': { name: 'bot' },
    };
    const doc = ok(await h.api('GET', '/openapi.json', undefined, null));
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), template: path.replace(/\{id\}/g, ':id') })),
    );

    const failures: string[] = [];
    const seen = new Map<number, number>();
    for (let i = 0; i < REQUESTS && failures.length < 5; i++) {
      const route = rng.pick(routes);
      const method = rng.chance(0.05) ? rng.pick(['PUT', 'OPTIONS', 'DELETE', 'PATCH']) : route.method;
      // Half the time an id that exists, so that requests reach the services (a conflicting
      // transition's 409 among them), not only the 404 of an unknown id.
      let path = route.template.replace(':id', encode(rng.pick(rng.chance(0.5) ? ids.slice(0, REAL_IDS) : ids)));
      if (rng.chance(0.2))
        path += `?${rng.pick(['limit', 'before', 'status', 'open', 'x', 'subject_id'])}=${encode(String(randomJson(rng)))}`;
      const headers: Record<string, string> = {};
      if (!rng.chance(0.03)) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
      const init: RequestInit = { method, headers };
      if (method !== 'GET' && method !== 'HEAD') {
        const options = valid[route.template] ?? {};
        const base = Array.isArray(options) ? rng.pick(options) : options;
        const { body, type } = rawBody(rng, rng.chance(0.3) ? base : mutate(rng, base));
        if (type) headers['content-type'] = type;
        if (body !== undefined) init.body = body;
      }
      const res = await h.fetch(`/api/v1${path}`, init);
      const text = await res.text();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      const where = `#${i} ${method} ${path} → ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: ${text.slice(0, 300)}`);
      else if (res.status >= 400) {
        let parsed: any;
        try {
          parsed = JSON.parse(text);
        } catch {
          failures.push(`${where}: not JSON: ${text.slice(0, 200)}`);
          continue;
        }
        if (typeof parsed?.error?.code !== 'string' || typeof parsed?.error?.message !== 'string')
          failures.push(`${where}: ${text.slice(0, 200)}`);
      }
      // Keep time moving so that the scheduler-sensitive paths see different moments.
      if (i % 500 === 0) h.clock.advance(3_600_000);
    }
    expect(failures).toEqual([]);
    // The generator must reach past validation into the services, not only bounce off the door.
    for (const status of [200, 201, 400, 401, 404, 409, 413, 415, 422])
      expect(seen.get(status) ?? 0, `responses with ${status}`).toBeGreaterThan(0);
  });
});
