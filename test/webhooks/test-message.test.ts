import { beforeEach, describe, expect, it } from 'vitest';
import { CHAT_VALIDATORS, type ChatFormatName } from '../support/chat-receivers';
import { rows } from '../support/db';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { endpoint, hmacHex } from '../support/webhook-receiver';

// An operator who adds a chat channel or a webhook wants to know it works before the first
// incident: POST /api/v1/webhooks/{id}/test sends it a test now, through the same rules as a
// delivery, and answers how it went. Each receiver here is a real HTTP server on loopback that
// checks what the platform's documentation requires (test/support/chat-receivers.ts).

describe('testing a webhook', () => {
  beforeEach(emptyPage);

  it('sends each chat channel a message in its format and language that it works; nothing in the delivery log', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', translations: { fr: { name: 'Acme Veille' } } }));
    for (const format of ['slack', 'teams', 'discord', 'google_chat'] as const satisfies readonly ChatFormatName[]) {
      for (const locale of ['en', 'fr'] as const) {
        const hook = endpoint(`${format}-${locale}`);
        const webhook = ok(await h.api('POST', '/webhooks', { url: hook.url, format, locale })).webhook;
        const answer = await h.api('POST', `/webhooks/${webhook.id}/test`);
        expect([format, locale, answer.status, answer.body]).toEqual([
          format,
          locale,
          200,
          { test: { result: 'sent', http_status: 204, error: null } },
        ]);
        const [got, ...more] = await hook.received();
        expect(more).toEqual([]);
        expect([format, CHAT_VALIDATORS[format](got!.body)]).toEqual([format, []]);
        expect(got!.headers['webhook-signature']).toBeUndefined();
        const words =
          locale === 'fr'
            ? ['Test\u00a0: Acme Veille peut publier ici', 'Ce canal recevra les incidents et les maintenances d’Acme Veille, en français']
            : ['Test: Acme Intel can post here', 'This channel will receive the incidents and maintenance of Acme Intel, in English'];
        // The body as JSON re-serialised, so that escapes a platform's encoder chose do not matter.
        const text = JSON.stringify(JSON.parse(got!.body));
        for (const w of words) expect([format, text]).toEqual([format, expect.stringContaining(w)]);
        expect(text).toContain('https://status.example.com');
        expect(ok(await h.api('GET', `/webhooks/${webhook.id}/deliveries`)).deliveries).toEqual([]);
      }
    }
  });

  it('sends a Statuspage-format webhook a signed body with its page and no incident, and says how the far side answered', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
    const hook = endpoint('statuspage');
    const created = ok(await h.api('POST', '/webhooks', { url: hook.url })).webhook;

    expect(ok(await h.api('POST', `/webhooks/${created.id}/test`))).toEqual({ test: { result: 'sent', http_status: 204, error: null } });
    const [got] = await hook.received();
    const body = JSON.parse(got!.body);
    expect(Object.keys(body).sort()).toEqual(['meta', 'page']);
    expect(body.meta).toMatchObject({ event_type: 'webhook.test', created_at: '2026-11-21T07:00:00.000Z' });
    expect(body.meta.event_id).toMatch(/^test_[a-z0-9]+$/);
    expect(body.page).toMatchObject({ status_indicator: 'none' });
    // Signed like every delivery, so the receiver's check is tested too.
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(got!.headers['x-forewarn-signature'] ?? '') ?? [];
    expect(v1).toBe(await hmacHex(created.secret, `${t}.${got!.body}`));
    expect(got!.headers['webhook-id']).toBe(body.meta.event_id);

    // A receiver that fails: the answer says so, and nothing is tried again.
    await hook.answerNext(1, 503);
    expect(ok(await h.api('POST', `/webhooks/${created.id}/test`))).toEqual({
      test: { result: 'failed', http_status: 503, error: 'HTTP 503' },
    });
    await h.drainQueue();
    expect((await hook.received()).map((r) => r.answered)).toEqual([204, 503]);

    // Audited, with the outcome; only a write token may test; a stopped webhook is not there.
    expect(
      (await rows<{ details: string }>("SELECT details FROM audit_log WHERE action = 'webhook.test' ORDER BY id")).map((r) =>
        JSON.parse(r.details),
      ),
    ).toEqual([
      { result: 'sent', http_status: 204, error: null },
      { result: 'failed', http_status: 503, error: 'HTTP 503' },
    ]);
    const reader = ok(await h.api('POST', '/tokens', { name: 'wallboard', scope: 'read' })).token;
    expect((await h.api('POST', `/webhooks/${created.id}/test`, undefined, reader.secret)).status).toBe(403);
    expect((await h.api('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
    expect((await h.api('POST', `/webhooks/${created.id}/test`)).status).toBe(404);
    expect((await h.api('POST', '/webhooks/nosuchid/test')).status).toBe(404);
    expect(await hook.received()).toHaveLength(2);
  });

  it('refuses, without calling it, a target that is no longer allowed (stored while this machine was)', async () => {
    const dev = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
    const hook = endpoint('loopback');
    const created = ok(await dev.api('POST', '/webhooks', { url: hook.url })).webhook;
    const production = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '0' } });
    const answer = ok(await production.api('POST', `/webhooks/${created.id}/test`));
    expect(answer.test).toMatchObject({ result: 'refused', http_status: null });
    expect(answer.test.error).toMatch(/public/);
    expect(await hook.received()).toEqual([]);
  });
});
