import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { endpoint, receiver } from '../support/webhook-receiver';
import { adminClient, textOf } from './client';

// Webhooks POSTed to the real HTTP server on loopback of test/support/webhook-global.ts, which
// development (ALLOW_LOOPBACK_TARGETS) lets them reach.
const SLACK_URL = 'https://hooks.slack.com/services/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';

async function setUp(vars: Record<string, string> = {}) {
  const h = harness('2026-11-21T07:00:00.000Z', { vars });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  const admin = adminClient(h);
  await admin.signIn();
  await admin.get('/admin/webhooks');
  const untilNextDue = () => {
    const next = Math.min(...h.notify.backlog.map((m) => m.notBefore));
    if (next > h.clock.now().getTime()) h.clock.set(new Date(next));
  };
  return { h, admin, untilNextDue, ...catalogue };
}

/** The delivery log's rows as text, one string per row. */
const logRows = (html: string) =>
  [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1] ?? '').trim());

describe('webhooks and chat channels in the admin UI', () => {
  beforeEach(emptyPage);

  it('a webhook added through the form shows its secret once; its delivery log tells a failed try and the delivery, in Paris time; audited', async () => {
    const { h, admin, api, untilNextDue } = await setUp({ ALLOW_LOOPBACK_TARGETS: '1' });
    const hook = endpoint('ui');
    const added = await admin.post('/admin/webhooks', { format: 'statuspage', url: hook.url, locale: '', components: api.id });
    expect(added.status).toBe(200);
    const secret = /id="added-secret"[^>]*value="(whsec_[^"]+)"/.exec(added.html)?.[1];
    expect(secret).toMatch(/^whsec_/);
    const [row] = await rows<{ id: string; secret: string; format: string; locale: string | null }>(
      'SELECT id, secret, format, locale FROM webhooks',
    );
    expect(row).toMatchObject({ secret, format: 'statuspage', locale: null });
    expect(await rows('SELECT component_id FROM webhook_components')).toEqual([{ component_id: api.id }]);

    const list = await admin.get('/admin/webhooks');
    expect(list.html).not.toContain(secret ?? 'whsec_');
    expect(list.html).not.toContain(hook.path);
    expect(textOf(list.html)).toContain(
      `${receiver}/hooks/…${hook.path.slice(-4)} Webhook (Statuspage JSON, signed) — Public API 21 Nov 2026, 08:00 CET`,
    );
    const audit = await rows<{ actor: string; details: string }>("SELECT actor, details FROM audit_log WHERE action = 'webhook.create'");
    expect(audit).toMatchObject([{ actor: 'admin-token' }]);
    expect(audit[0]?.details).not.toContain('whsec_');

    // An incident on the API: the first POST answers 500, the retry is delivered.
    await hook.answerNext(1);
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }));
    await h.drainQueue();
    const failed = logRows((await admin.get(`/admin/webhooks/${row?.id}`)).html).find((r) => r.startsWith('Incident opened: API errors'));
    expect(failed).toBe('Incident opened: API errors Waiting 1 HTTP 500 HTTP 500 21 Nov 2026, 08:00 CET 21 Nov 2026, 08:00 CET');
    untilNextDue();
    await h.drainQueue();
    const log = await admin.get(`/admin/webhooks/${row?.id}`);
    expect(textOf(log.html)).toContain(`Delivery log of ${receiver}/hooks/…${hook.path.slice(-4)}`);
    expect(logRows(log.html).find((r) => r.startsWith('Incident opened: API errors'))).toBe(
      'Incident opened: API errors Delivered 2 HTTP 204 21 Nov 2026, 08:00 CET 21 Nov 2026, 08:00 CET 21 Nov 2026, 08:00 CET',
    );
    // The API's change of status went to it too, as Statuspage's component_update.
    expect(logRows(log.html).find((r) => r.startsWith('Component status:'))).toMatch(
      /^Component status: Public API, Operational → Major outage Delivered \d HTTP 204 /,
    );
    expect(log.html).not.toContain(hook.path);
  });

  it('a French Slack channel is added without a secret to copy, its address hidden; stopping it asks first, then stops it; audited', async () => {
    const { admin, crawlers } = await setUp();
    const added = await admin.post('/admin/webhooks', { format: 'slack', url: SLACK_URL, locale: 'fr', components: crawlers.id });
    expect(added.status).toBe(200);
    expect(textOf(added.html)).toContain('Added: the Slack channel gets a message for each notice from now on.');
    expect(added.html).not.toContain('whsec_');
    const [row] = await rows<{ id: string; format: string; locale: string }>('SELECT id, format, locale FROM webhooks');
    expect(row).toMatchObject({ format: 'slack', locale: 'fr' });

    const list = await admin.get('/admin/webhooks');
    expect(textOf(list.html)).toContain('https://hooks.slack.com/services/…a7b8 Slack French Price crawlers');
    expect(list.html).not.toContain('q7r8s9t0u1v2');

    const before = await fingerprint();
    const asked = await admin.post(`/admin/webhooks/${row?.id}/stop`);
    expect(asked.status).toBe(200);
    expect(textOf(asked.html)).toContain('Stop posting to https://hooks.slack.com/services/…a7b8?');
    expect(await fingerprint()).toEqual(before);
    const stopped = await admin.answer(asked);
    expect(stopped.status).toBe(303);
    expect(await rows('SELECT disabled_at FROM webhooks')).toEqual([{ disabled_at: '2026-11-21T07:00:00.000Z' }]);
    expect(textOf((await admin.get('/admin/webhooks')).html)).toContain('No webhook or chat channel yet.');
    const log = await admin.get(`/admin/webhooks/${row?.id}`);
    expect(textOf(log.html)).toContain('Stopped 21 Nov 2026, 08:00 CET');
    expect(log.html).not.toContain(`/admin/webhooks/${row?.id}/stop`);
    expect(await rows("SELECT actor, action FROM audit_log WHERE target_type = 'webhook' ORDER BY id")).toEqual([
      { actor: 'admin-token', action: 'webhook.create' },
      { actor: 'admin-token', action: 'webhook.delete' },
    ]);
    // Stopped already: a second stop is a 404, not a second audit line.
    expect((await admin.post(`/admin/webhooks/${row?.id}/stop`, { confirm: row?.id ?? '' })).status).toBe(404);
  });

  it('refuses plain http, a Slack channel elsewhere than Slack, a language for a webhook and a vanished component, at their fields (422)', async () => {
    const { h, admin } = await setUp();
    const before = await fingerprint();
    const cases: [Record<string, string>, RegExp][] = [
      [
        { format: 'statuspage', url: 'http://hooks.example.com/x' },
        /id="webhook-url-error">Forewarn posts only to https addresses on the public internet: /,
      ],
      [{ format: 'statuspage', url: 'not a url' }, /id="webhook-url-error">Enter a whole address starting with https:\/\/\.</],
      [
        { format: 'slack', url: 'https://example.com/services/a/b/c' },
        /id="webhook-url-error">This is not a Slack incoming-webhook address: /,
      ],
      [
        { format: 'statuspage', url: 'https://hooks.example.com/x', locale: 'fr' },
        /id="webhook-locale-error">A language is for chat channels/,
      ],
      [
        { format: 'statuspage', url: 'https://hooks.example.com/x', components: 'zzz404' },
        /A component on this form no longer exists \(zzz404\)/,
      ],
      [{ format: 'carrier_pigeon', url: 'https://hooks.example.com/x' }, /id="webhook-format-error">Choose one of the offered values\.</],
    ];
    for (const [fields, said] of cases) {
      const res = await admin.post('/admin/webhooks', { locale: '', ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(422);
      expect(res.html, JSON.stringify(fields)).toMatch(said);
      expect(res.html).not.toContain('id="added');
    }
    // A post without the form's CSRF token, or without a session, is refused too.
    const fine = { format: 'statuspage', url: 'https://hooks.example.com/x', locale: '' };
    expect((await admin.post('/admin/webhooks', fine, false)).status).toBe(403);
    expect((await adminClient(h).post('/admin/webhooks', fine, false)).status).toBe(401);
    expect(await fingerprint()).toEqual(before);
  });

  it('a read session sees the list and the logs, without the form or stop buttons, and its posts are refused (403)', async () => {
    const { h } = await setUp();
    const webhook = ok(await h.api('POST', '/webhooks', { url: 'https://hooks.example.com/ops' })).webhook;
    const token = ok(await h.api('POST', '/tokens', { name: 'auditor', scope: 'read' })).token;
    const reader = adminClient(h);
    await reader.signIn(token.secret);
    const list = await reader.get('/admin/webhooks');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/admin/webhooks/${webhook.id}"`);
    expect(list.html).not.toMatch(/action="\/admin\/webhooks(\/[a-z0-9]+\/stop)?"/);
    const log = await reader.get(`/admin/webhooks/${webhook.id}`);
    expect(log.status).toBe(200);
    expect(log.html).not.toContain('/stop"');
    expect(log.html).not.toContain('/test"');
    const before = await fingerprint();
    expect((await reader.post('/admin/webhooks', { format: 'statuspage', url: 'https://hooks.example.com/x' })).status).toBe(403);
    expect((await reader.post(`/admin/webhooks/${webhook.id}/stop`, { confirm: webhook.id })).status).toBe(403);
    expect((await reader.post(`/admin/webhooks/${webhook.id}/test`)).status).toBe(403);
    expect(await fingerprint()).toEqual(before);
  });

  it('sends a test from the log page and says how it went; nothing added to the log; audited', async () => {
    const { h, admin } = await setUp({ ALLOW_LOOPBACK_TARGETS: '1' });
    const hook = endpoint('tested');
    const webhook = ok(await h.api('POST', '/webhooks', { url: hook.url })).webhook;
    const log = await admin.get(`/admin/webhooks/${webhook.id}`);
    expect(log.html).toContain(`action="/admin/webhooks/${webhook.id}/test"`);

    const sent = await admin.post(`/admin/webhooks/${webhook.id}/test`);
    expect(sent.status).toBe(200);
    expect(textOf(/<p class="notice-ok" role="status" id="tested">([\s\S]*?)<\/p>/.exec(sent.html)?.[1] ?? '')).toBe(
      'Test sent: it answered HTTP 204.',
    );
    expect(logRows(sent.html)).toEqual([]);
    const received = (await (await fetch(`${receiver}/_requests?path=${encodeURIComponent(hook.path)}`)).json()) as { body: string }[];
    expect(received.map((r) => JSON.parse(r.body).meta.event_type)).toEqual(['webhook.test']);

    await hook.answerNext(1);
    const failed = await admin.post(`/admin/webhooks/${webhook.id}/test`);
    expect(textOf(/<p class="error-summary" role="status" id="tested">([\s\S]*?)<\/p>/.exec(failed.html)?.[1] ?? '')).toBe(
      'The test failed: HTTP 500. Nothing is tried again.',
    );
    expect((await rows("SELECT actor FROM audit_log WHERE action = 'webhook.test'")).length).toBe(2);
  });
});
