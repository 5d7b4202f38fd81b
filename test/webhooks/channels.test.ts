import { beforeEach, describe, expect, it } from 'vitest';
import { CHAT_VALIDATORS, type ChatFormatName } from '../support/chat-receivers';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { endpoint } from '../support/webhook-receiver';

// Chat channels through the webhook outbox (issue 14, item 4, the outbox's side): a webhook with a
// chat `format` is POSTed the platform's own message (src/notify/chat, checked here against each
// platform's documented rules by test/support/chat-receivers.ts) for incidents and maintenances,
// never a component_update, filtered by component, in its language, once, retried like any webhook.

const PRODUCTION = { vars: { ALLOW_LOOPBACK_TARGETS: '0' } };

describe('chat channels in the webhook outbox', () => {
  beforeEach(emptyPage);

  it("a chat channel must be its platform's incoming webhook; a language is for chat channels only", async () => {
    const h = harness('2026-11-21T07:00:00.000Z', PRODUCTION);
    const create = (body: Record<string, unknown>) => h.api('POST', '/webhooks', body);
    const accepted = [
      { format: 'slack', url: 'https://hooks.slack.com/services/T0001/B0002/abcdefXYZ', locale: 'fr' },
      {
        format: 'teams',
        url: 'https://default0123.45.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=x',
      },
      { format: 'teams', url: 'https://prod-05.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x' },
      { format: 'discord', url: 'https://discord.com/api/webhooks/123456789/token-abc' },
      { format: 'google_chat', url: 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t', locale: 'en' },
    ];
    for (const body of accepted) {
      const created = await create(body);
      expect([body.url, created.status]).toEqual([body.url, 201]);
      expect(created.body.webhook).toMatchObject({ format: body.format, locale: body.locale ?? null });
    }
    const refused = [
      { format: 'slack', url: 'https://example.com/services/T/B/X' },
      { format: 'slack', url: 'https://hooks.slack.com/workflows/T/A/1/x' },
      { format: 'teams', url: 'https://acme.webhook.office.com/webhookb2/abc' },
      { format: 'discord', url: 'https://discord.com.evil.example/api/webhooks/1/x' },
      { format: 'google_chat', url: 'https://chat.googleapis.com/v1/spaces/AAAA' },
      { format: 'statuspage', url: 'https://hooks.example.com/x', locale: 'fr' },
      { format: 'telegram', url: 'https://hooks.example.com/x' },
      { format: 'slack', url: 'https://hooks.slack.com/services/T/B/X', locale: 'de' },
      // The platform's host does not excuse a non-public address.
      { format: 'slack', url: 'http://hooks.slack.com/services/T/B/X' },
    ];
    for (const body of refused) {
      const answer = await create(body);
      expect([body, answer.status]).toEqual([body, 422]);
      expect(answer.body.error).toBeDefined();
    }
    const listed = ok(await h.api('GET', '/webhooks')).webhooks as { format: string }[];
    expect(listed.map((w) => w.format).sort()).toEqual(['discord', 'google_chat', 'slack', 'teams', 'teams']);
  });

  it('each channel gets one message per notice in its format and language, filtered by component, retried, never a component_update', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', translations: { fr: { name: 'Acme Veille' } } }));
    const { api, login } = await makeCatalogue(h);
    const hooks = {
      slack: endpoint('slack'),
      teams: endpoint('teams'),
      discord: endpoint('discord'),
      google_chat: endpoint('gchat'),
    } satisfies Record<ChatFormatName, unknown>;
    const ids: Record<string, string> = {};
    for (const [format, hook] of Object.entries(hooks)) {
      const created = ok(await h.api('POST', '/webhooks', { url: hook.url, format, locale: format === 'slack' ? 'fr' : 'en' })).webhook;
      ids[format] = created.id;
      expect(created).toMatchObject({ format, components: null });
    }
    const loginOnly = endpoint('login-discord');
    ok(await h.api('POST', '/webhooks', { url: loginOnly.url, format: 'discord', components: [login.id] }));
    const statuspage = endpoint('statuspage');
    ok(await h.api('POST', '/webhooks', { url: statuspage.url }));

    await hooks.slack.answerNext(1, 503);
    const incident = ok(
      await h.api('POST', '/incidents', {
        name: 'API errors',
        body: 'Elevated error rates.',
        components: { [api.id]: 'major_outage' },
        translations: { fr: { name: "Erreurs de l'API", body: "Taux d'erreurs élevé." } },
      }),
    ).incident;
    await h.drainQueue();
    h.clock.advance(30_000);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'resolved', body: 'Fixed.' }));
    await h.drainQueue();

    for (const [format, hook] of Object.entries(hooks) as [ChatFormatName, (typeof hooks)[ChatFormatName]][]) {
      const got = (await hook.received()).filter((r) => r.answered === 204);
      // Two notices (created, resolved): two messages; the API's two component_updates: none.
      expect([format, got.length]).toEqual([format, 2]);
      for (const r of got) {
        expect([format, CHAT_VALIDATORS[format](r.body)]).toEqual([format, []]);
        expect(r.headers['content-type']).toMatch(/^application\/json/);
        // The platforms check no signature: none is sent.
        expect(r.headers['webhook-signature']).toBeUndefined();
        expect(r.headers['x-forewarn-signature']).toBeUndefined();
        expect(r.body).not.toContain('component_update');
      }
      expect(got[0]!.body).toContain(format === 'slack' ? "Erreurs de l'API" : 'API errors');
      expect(got[0]!.body).toContain(`https://status.example.com/incidents/${incident.id}`);
    }
    // Slack's first POST got a 503: tried again 30 s later, delivered once per notice.
    expect((await hooks.slack.received()).map((r) => r.answered)).toEqual([503, 204, 204]);
    const slackLog = ok(await h.api('GET', `/webhooks/${ids.slack}/deliveries`)).deliveries as { status: string; attempts: number }[];
    expect(slackLog.map((d) => [d.status, d.attempts]).sort()).toEqual([
      ['sent', 1],
      ['sent', 2],
    ]);
    // Filtered to Login, which the incident does not touch: nothing.
    expect(await loginOnly.received()).toEqual([]);
    // The Statuspage webhook gets both notices and both component_updates.
    expect(await statuspage.received()).toHaveLength(4);
    const chatComponentDeliveries = await rows(
      `SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN notices n ON n.id = d.notice_id
       WHERE w.format <> 'statuspage' AND n.subject_type = 'component'`,
    );
    expect(chatComponentDeliveries).toEqual([]);

    // Redelivering every message sends nothing twice.
    const before = (await hooks.discord.received()).length;
    await h.queue(h.notify.sent.map((body, i) => ({ id: `again${i}`, body, attempts: 1, notBefore: 0 })));
    expect(await hooks.discord.received()).toHaveLength(before);
  });
});
