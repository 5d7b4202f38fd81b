import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { endpoint } from '../support/webhook-receiver';

// Webhooks true to their moment (issue 14, item 3), POSTed to the real receiver on loopback
// (test/support/webhook-global.ts): each notice's body is the state AT the notice however late it
// goes out, a component's status change is Statuspage's component_update, every POST carries the
// Standard Webhooks headers, what waiting cannot mend is not retried, and a lost message goes out
// again on the cron's due-time sweep.

async function scenario() {
  const h = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  return { h, ...(await makeCatalogue(h)) };
}

/**
 * Standard Webhooks' symmetric verification, written from the spec (standardwebhooks.com, v1.0.0)
 * and nothing of ours: the key is the base64 after `whsec_`; the signed content is
 * `${webhook-id}.${webhook-timestamp}.${body}`; the header is a space-separated list of
 * `v1,<base64 HMAC-SHA256>`, any of which may match; the timestamp within a tolerance of now.
 */
async function verifyStandardWebhook(secret: string, headers: Record<string, string>, body: string, now: Date): Promise<boolean> {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > 5 * 60) return false;
  const raw = atob(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
  const key = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(raw, (c) => c.charCodeAt(0)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  for (const entry of signatures.split(' ')) {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || !signature) continue;
    const mac = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    if (await crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(`${id}.${timestamp}.${body}`))) return true;
  }
  return false;
}

describe('webhooks true to their moment', () => {
  beforeEach(emptyPage);

  it('investigating → identified → resolved, all sent after the last: three bodies, each as it stood then, in order, each with its own ids', async () => {
    const { h, api, login } = await scenario();
    const hook = endpoint('moments');
    const webhook = ok(await h.api('POST', '/webhooks', { url: hook.url, components: [api.id] })).webhook;

    // The queue is held back until the incident is over: every notice goes out after the resolution.
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }),
    ).incident;
    h.clock.advance(10 * 60_000);
    ok(
      await h.api('POST', `/incidents/${incident.id}/updates`, {
        status: 'identified',
        body: 'A bad deploy.',
        components: { [api.id]: 'partial_outage' },
      }),
    );
    h.clock.advance(10 * 60_000);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Rolled back.' }));
    await h.drainQueue();

    const bodies = (await hook.received()).map((r) => ({ ...r, json: JSON.parse(r.body) }));
    const incidents = bodies.filter((r) => 'incident' in r.json);
    expect(incidents.map((r) => r.json.incident.status)).toEqual(['investigating', 'identified', 'resolved']);
    // Each tells the updates up to it (newest first) and the API's status then.
    expect(incidents.map((r) => r.json.incident.incident_updates.map((u: { status: string }) => u.status))).toEqual([
      ['investigating'],
      ['identified', 'investigating'],
      ['resolved', 'identified', 'investigating'],
    ]);
    expect(incidents.map((r) => r.json.incident.components.map((c: { status: string }) => c.status))).toEqual([
      ['major_outage'],
      ['partial_outage'],
      ['operational'],
    ]);
    expect(incidents.map((r) => r.json.incident.resolved_at === null)).toEqual([true, true, false]);
    expect(incidents.map((r) => r.json.meta.event_type)).toEqual(['incident.created', 'incident.update', 'incident.resolved']);
    // Own ids: the event (the notice, as recorded) and the delivery (webhook-id), all distinct.
    const notices = await rows<{ id: string }>("SELECT id FROM notices WHERE subject_type = 'incident' ORDER BY created_at");
    expect(incidents.map((r) => r.json.meta.event_id)).toEqual(notices.map((n) => n.id));
    expect(new Set(incidents.map((r) => r.headers['webhook-id'])).size).toBe(3);
    expect(incidents.map((r) => r.headers['webhook-id'])).toEqual(notices.map((n) => `${n.id}${webhook.id}`));

    // Beside them, the API's three status changes as Statuspage's component_update, in order.
    const updates = bodies.filter((r) => 'component_update' in r.json).map((r) => r.json);
    expect(updates.map((u) => [u.component_update.old_status, u.component_update.new_status])).toEqual([
      ['operational', 'major_outage'],
      ['major_outage', 'partial_outage'],
      ['partial_outage', 'operational'],
    ]);
    expect(updates[1]).toMatchObject({
      component_update: { component_id: api.id, created_at: '2026-11-21T08:10:00.000+01:00' },
      component: { id: api.id, name: 'Public API', status: 'partial_outage' },
      meta: { event_type: 'component.update' },
      page: { status_indicator: expect.any(String) },
    });
    expect(Object.keys(updates[0]).sort()).toEqual(['component', 'component_update', 'meta', 'page']);
    expect(login.id).not.toBe(api.id);
  });

  it('a long incident: each notice names its updates instead of copying them, so notices stay small; each body still tells every update up to it', async () => {
    const { h, api } = await scenario();
    const hook = endpoint('long');
    ok(await h.api('POST', '/webhooks', { url: hook.url, components: [api.id] }));
    const long = (n: number) => `Update ${n}. ${'We are still working on it. '.repeat(700)}`.slice(0, 19_000);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: long(0), components: { [api.id]: 'major_outage' } }),
    ).incident;
    const UPDATES = 24;
    for (let n = 1; n <= UPDATES; n++) {
      h.clock.advance(60_000);
      ok(
        await h.api('POST', `/incidents/${incident.id}/updates`, {
          status: 'identified',
          body: long(n),
          translations: { fr: { body: long(n).replaceAll('We are', 'Nous') } },
        }),
      );
    }
    // Before, the last notice alone held the 25 updates in both languages: about 900 KB.
    const [{ largest }] = await rows<{ largest: number }>(
      "SELECT MAX(LENGTH(moment)) AS largest FROM notices WHERE subject_type = 'incident'",
    );
    expect(largest).toBeLessThan(5_000);

    await h.drainQueue();
    const bodies = (await hook.received()).map((r) => JSON.parse(r.body)).filter((b) => 'incident' in b);
    expect(bodies).toHaveLength(UPDATES + 1);
    expect(bodies.map((b) => b.incident.incident_updates.length)).toEqual(Array.from({ length: UPDATES + 1 }, (_, i) => i + 1));
    const last = bodies.at(-1).incident.incident_updates;
    expect(last[0].body).toBe(long(UPDATES));
    expect(last.at(-1).body).toBe(long(0));
  });

  it("a component's status change alone sends a component_update to webhooks following it, Statuspage's only: no e-mail, no chat, no other component's webhook", async () => {
    const { h, api, login } = await scenario();
    const apiHook = endpoint('api');
    const loginHook = endpoint('login');
    ok(await h.api('POST', '/webhooks', { url: apiHook.url, components: [api.id] }));
    ok(await h.api('POST', '/webhooks', { url: loginHook.url, components: [login.id] }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'reader@example.com' }] }));

    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'degraded_performance' }));
    // A change that changes nothing records nothing.
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'degraded_performance', name: 'Public API' }));
    await h.drainQueue();

    const [got, ...more] = await apiHook.received();
    expect(more).toEqual([]);
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      component_update: { old_status: 'operational', new_status: 'degraded_performance', component_id: api.id, id: expect.any(String) },
      component: { id: api.id, name: 'Public API', status: 'degraded_performance', group_id: expect.any(String) },
      page: { status_indicator: 'minor' },
    });
    expect(await loginHook.received()).toEqual([]);
    const notices = await rows<{ subject_type: string; kind: string }>('SELECT subject_type, kind FROM notices');
    expect(notices).toEqual([{ subject_type: 'component', kind: 'component_update' }]);
    expect(await rows("SELECT id FROM deliveries WHERE purpose = 'notice'")).toEqual([]);
    // The admin API's notice list stays about incidents and maintenances.
    expect(ok(await h.api('GET', '/notices')).notices ?? []).toEqual([]);
  });

  it("a maintenance started by the cron: the announcement sent after the start still says scheduled; the start says in_progress, with each component's component_update", async () => {
    const { h, crawlers } = await scenario();
    const hook = endpoint('cron');
    ok(await h.api('POST', '/webhooks', { url: hook.url, components: [crawlers.id] }));
    const maintenance = ok(
      await h.api('POST', '/maintenances', {
        name: 'Crawler move',
        scheduled_for: '2026-11-21T08:00:00.000Z',
        scheduled_until: '2026-11-21T10:00:00.000Z',
        components: { [crawlers.id]: 'under_maintenance' },
      }),
    ).maintenance;
    // The announcement's message is held until after the start.
    h.clock.set('2026-11-21T08:00:30.000Z');
    await h.tick();
    await h.drainQueue();
    const bodies = (await hook.received()).map((r) => JSON.parse(r.body));
    const told = bodies.filter((b) => 'incident' in b);
    expect(told.map((b) => [b.meta.event_type, b.incident.status])).toEqual([
      ['maintenance.scheduled', 'scheduled'],
      ['maintenance.started', 'in_progress'],
    ]);
    expect(told.map((b) => b.incident.components[0].status)).toEqual(['operational', 'under_maintenance']);
    expect(told[0].incident.id).toBe(maintenance.id);
    const changes = bodies.filter((b) => 'component_update' in b);
    expect(changes.map((b) => [b.component_update.component_id, b.component_update.old_status, b.component_update.new_status])).toEqual([
      [crawlers.id, 'operational', 'under_maintenance'],
    ]);
  });

  it('every POST carries the Standard Webhooks headers, verified by the spec algorithm; a wrong secret or a changed body fails it', async () => {
    const { h, api } = await scenario();
    const hook = endpoint('standard');
    const created = ok(await h.api('POST', '/webhooks', { url: hook.url })).webhook;
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.format).toBe('statuspage');
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }));
    await h.drainQueue();
    const got = await hook.received();
    expect(got).toHaveLength(2);
    for (const r of got) {
      expect(await verifyStandardWebhook(created.secret, r.headers, r.body, h.clock.now())).toBe(true);
      expect(r.headers['webhook-timestamp']).toBe(String(Math.floor(h.clock.now().getTime() / 1000)));
      expect(r.headers['x-forewarn-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(await verifyStandardWebhook(created.secret, r.headers, `${r.body} `, h.clock.now())).toBe(false);
      expect(await verifyStandardWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', r.headers, r.body, h.clock.now())).toBe(false);
      expect(await verifyStandardWebhook(created.secret, r.headers, r.body, new Date(h.clock.now().getTime() + 3_600_000))).toBe(false);
    }
    // A webhook made before (a hex secret) verifies the same way: hex is base64's alphabet.
    const old = `whsec_${'ab12'.repeat(16)}`;
    await env.DB.prepare('UPDATE webhooks SET secret = ? WHERE id = ?').bind(old, created.id).run();
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'operational' }));
    await h.drainQueue();
    const last = (await hook.received()).at(-1)!;
    expect(await verifyStandardWebhook(old, last.headers, last.body, h.clock.now())).toBe(true);
  });

  it('a 410 or a 404 is not retried (a 410 disables the webhook); a 429 waits its Retry-After, a 503 its backoff, then both are delivered', async () => {
    const { h, api } = await scenario();
    const gone = endpoint('gone');
    const missing = endpoint('missing');
    const limited = endpoint('limited');
    const down = endpoint('down');
    const ids: Record<string, string> = {};
    for (const [name, hook] of Object.entries({ gone, missing, limited, down })) {
      ids[name] = ok(await h.api('POST', '/webhooks', { url: hook.url, components: [api.id] })).webhook.id;
    }
    await gone.answerNext(5, 410);
    await missing.answerNext(5, 404);
    await limited.answerNext(1, 429, '120');
    await down.answerNext(1, 503);
    // Only the component_update: one notice, four deliveries.
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'major_outage' }));
    const first = await h.drainQueue();
    expect(first.flatMap((r) => r.retried)).toEqual([]);
    expect(first.flatMap((r) => r.requeued.map((m) => m.delaySeconds)).sort((a, b) => a - b)).toEqual([30, 120]);

    const log = async (name: string) => ok(await h.api('GET', `/webhooks/${ids[name]}/deliveries`)).deliveries;
    expect(await log('gone')).toMatchObject([{ status: 'failed', attempts: 1, last_status: 410 }]);
    expect(await log('missing')).toMatchObject([{ status: 'failed', attempts: 1, last_status: 404, last_error: 'HTTP 404: not retried' }]);
    expect(await log('limited')).toMatchObject([{ status: 'pending', attempts: 1, last_status: 429 }]);
    expect(await log('down')).toMatchObject([{ status: 'pending', attempts: 1, last_status: 503 }]);
    // 410 Gone: the receiver wants no more; the webhook is disabled, its log kept.
    expect(
      ok(await h.api('GET', '/webhooks'))
        .webhooks.map((w: { id: string }) => w.id)
        .sort(),
    ).toEqual([ids.missing, ids.limited, ids.down].sort());
    expect(await rows("SELECT actor, action, target_id FROM audit_log WHERE action = 'webhook.disable'")).toEqual([
      { actor: 'notifier', action: 'webhook.disable', target_id: ids.gone },
    ]);

    h.clock.advance(30_000);
    await h.drainQueue();
    expect((await down.received()).map((r) => r.answered)).toEqual([503, 204]);
    expect((await limited.received()).map((r) => r.answered)).toEqual([429]);
    h.clock.advance(90_000);
    await h.drainQueue();
    expect((await limited.received()).map((r) => r.answered)).toEqual([429, 204]);
    expect((await gone.received()).map((r) => r.answered)).toEqual([410]);
    expect((await missing.received()).map((r) => r.answered)).toEqual([404]);
    expect(await log('limited')).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('a delivery whose message was lost goes out on the due-time sweep, a minute later, not hours', async () => {
    const { h, api } = await scenario();
    const hook = endpoint('stranded');
    ok(await h.api('POST', '/webhooks', { url: hook.url, components: [api.id] }));
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'major_outage' }));
    // The message is lost (a crash took the queue with it).
    expect(h.notify.takeDue()).toHaveLength(1);
    expect(await rows("SELECT status FROM webhook_deliveries WHERE due_at = '2026-11-21T07:00:00.000Z'")).toEqual([{ status: 'pending' }]);
    h.clock.advance(30_000);
    await h.tick();
    expect(h.notify.backlog).toHaveLength(0);
    h.clock.advance(40_000);
    await h.tick();
    await h.drainQueue();
    const got = await hook.received();
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body).component_update.new_status).toBe('major_outage');
    expect(await rows('SELECT status, attempts FROM webhook_deliveries')).toEqual([{ status: 'sent', attempts: 1 }]);
  });
});
