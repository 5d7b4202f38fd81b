import { beforeEach, describe, expect, it } from 'vitest';
import { rows } from '../support/db';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { endpoint, hmacHex, type Received } from '../support/webhook-receiver';

// Webhooks POSTed to a real HTTP server on loopback (test/support/webhook-global.ts), which only
// development lets a webhook reach (ALLOW_LOOPBACK_TARGETS; targets.test.ts holds production's refusals).

async function scenario() {
  const h = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const untilNextDue = () => {
    const next = Math.min(...h.notify.backlog.map((m) => m.notBefore));
    if (next > h.clock.now().getTime()) h.clock.set(new Date(next));
  };
  return { h, ...catalogue, untilNextDue };
}

describe('webhook subscribers', () => {
  beforeEach(emptyPage);

  it('an incident reaches a registered webhook, signed; a 500 is retried and then delivered once; a webhook for another component gets nothing', async () => {
    // The incident puts the API in major_outage: its component_update goes to `everything` too
    // (test/webhooks/moment.test.ts follows those); this story follows the incident's notice.
    const { h, api, login, untilNextDue } = await scenario();
    const everything = endpoint('all');
    const loginOnly = endpoint('login');
    const created = ok(await h.api('POST', '/webhooks', { url: everything.url }));
    expect(created.webhook).toMatchObject({
      url: everything.url,
      components: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const filtered = ok(await h.api('POST', '/webhooks', { url: loginOnly.url, components: [login.id] })).webhook;
    expect(filtered.components).toEqual([login.id]);
    // The secret is shown once: never in the list.
    const listed = ok(await h.api('GET', '/webhooks')).webhooks;
    expect(listed.map((w: { id: string }) => w.id).sort()).toEqual([created.webhook.id, filtered.id].sort());
    expect(JSON.stringify(listed)).not.toContain('whsec_');

    await everything.answerNext(1);
    const incident = ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }),
    ).incident;
    expect(h.notify.sent).toContainEqual({ type: 'webhooks', ids: [expect.any(String)] });

    const first = await h.drainQueue();
    // Back as a new message due in 30 s, not through retry(): the queue's max_retries stays for failures.
    expect(first.flatMap((r) => r.retried)).toEqual([]);
    expect(first.flatMap((r) => r.requeued.map((x) => x.delaySeconds))).toEqual([30]);
    const isIncident = (r: Received) => 'incident' in JSON.parse(r.body);
    expect((await everything.received()).filter(isIncident).map((r) => r.answered)).toEqual([500]);
    const incidentLog = async () =>
      (ok(await h.api('GET', `/webhooks/${created.webhook.id}/deliveries`)).deliveries as { notice_id: string }[]).filter(
        (d) => d.notice_id === noticeId,
      );
    const noticeId = (await rows<{ id: string }>("SELECT id FROM notices WHERE subject_type = 'incident'"))[0]!.id;
    let log = await incidentLog();
    expect(log).toMatchObject([{ status: 'pending', attempts: 1, last_status: 500, last_error: 'HTTP 500', sent_at: null }]);

    untilNextDue();
    await h.drainQueue();
    const got = (await everything.received()).filter(isIncident);
    expect(got.map((r) => r.answered)).toEqual([500, 204]);
    // Nothing is left to send, and a redelivery of everything sends nothing more.
    expect(h.notify.backlog).toHaveLength(0);
    const before = (await everything.received()).length;
    await h.queue(h.notify.sent.map((body, i) => ({ id: `again${i}`, body, attempts: 1, notBefore: 0 })));
    expect(await everything.received()).toHaveLength(before);

    const delivered = got[1]!;
    expect(delivered.method).toBe('POST');
    expect(delivered.headers['content-type']).toBe('application/json');
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivered.headers['x-forewarn-signature'] ?? '') ?? [];
    expect(Number(t)).toBe(Math.floor(h.clock.now().getTime() / 1000));
    expect(v1).toBe(await hmacHex(created.webhook.secret, `${t}.${delivered.body}`));
    expect(v1).not.toBe(await hmacHex(filtered.secret, `${t}.${delivered.body}`));

    const payload = JSON.parse(delivered.body);
    expect(Object.keys(payload).sort()).toEqual(['incident', 'meta', 'page']);
    expect(payload.meta).toEqual({
      unsubscribe: `https://status.example.com/api/v1/webhooks/${created.webhook.id}`,
      documentation: expect.stringMatching(/^https:\/\//),
      event_id: noticeId,
      event_type: 'incident.created',
      created_at: '2026-11-21T07:00:00.000Z',
    });
    expect(payload.page).toMatchObject({ status_indicator: 'critical', status_description: expect.any(String) });
    expect(payload.incident).toMatchObject({
      id: incident.id,
      name: 'API errors',
      status: 'investigating',
      shortlink: `https://status.example.com/incidents/${incident.id}`,
      incident_updates: [{ status: 'investigating', body: 'Elevated error rates.', incident_id: incident.id }],
      components: [{ id: api.id, status: 'major_outage' }],
    });

    log = await incidentLog();
    expect(log).toMatchObject([{ status: 'sent', attempts: 2, last_status: 204, last_error: null, sent_at: h.clock.now().toISOString() }]);

    // Filtered to Login, which the incident does not touch: nothing planned, nothing received.
    expect(await loginOnly.received()).toEqual([]);
    expect(ok(await h.api('GET', `/webhooks/${filtered.id}/deliveries`)).deliveries).toEqual([]);
  });

  it('a maintenance goes out as an incident, with its window, beside the e-mail; a deleted webhook gets nothing more', async () => {
    const { h, crawlers } = await scenario();
    const hook = endpoint('maint');
    const webhook = ok(await h.api('POST', '/webhooks', { url: hook.url, components: [crawlers.id] })).webhook;
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [{ email: 'reader@example.com', components: [crawlers.id] }],
      }),
    );
    const maintenance = await makeMaintenance(h, { name: 'Crawler move', components: { [crawlers.id]: 'under_maintenance' } });
    // E-mail and webhook messages share the queue and one batch; each consumer takes its own.
    expect(h.notify.sent.map((body) => (body as { type: string }).type).sort()).toEqual(['deliveries', 'webhooks']);
    const [batch] = await h.drainQueue();
    expect(batch!.acked).toHaveLength(2);
    expect(await rows("SELECT status FROM deliveries WHERE purpose = 'notice'")).toEqual([{ status: 'sent' }]);
    const [received] = await hook.received();
    expect(JSON.parse(received!.body).incident).toMatchObject({
      id: maintenance.id,
      name: 'Crawler move',
      status: 'scheduled',
      scheduled_for: '2026-12-05T08:00:00.000+01:00',
      components: [{ id: crawlers.id }],
    });

    expect((await h.api('DELETE', `/webhooks/${webhook.id}`)).status).toBe(204);
    expect(ok(await h.api('GET', '/webhooks')).webhooks).toEqual([]);
    ok(await h.api('POST', `/maintenances/${maintenance.id}/updates`, { status: 'scheduled', body: 'Still on.' }));
    await h.drainQueue();
    expect(await hook.received()).toHaveLength(1);
    expect(ok(await h.api('GET', `/webhooks/${webhook.id}/deliveries`)).deliveries).toHaveLength(1);
    expect((await h.api('DELETE', `/webhooks/${webhook.id}`)).status).toBe(404);

    const audit = await rows<{ action: string }>("SELECT action FROM audit_log WHERE target_type = 'webhook' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['webhook.create', 'webhook.delete']);
  });

  it('refuses plain http to other hosts and unknown components', async () => {
    const { h } = await scenario();
    expect((await h.api('POST', '/webhooks', { url: 'http://example.com/hook' })).status).toBe(422);
    expect((await h.api('POST', '/webhooks', { url: 'ftp://example.com/hook' })).status).toBe(422);
    expect((await h.api('POST', '/webhooks', { url: 'https://example.com/hook', components: ['nosuchthing'] })).status).toBe(422);
    expect((await h.api('POST', '/webhooks', { url: 'https://example.com/hook' }, null)).status).toBe(401);
    expect(ok(await h.api('GET', '/webhooks')).webhooks).toEqual([]);
  });
});
