import { describe, expect, it } from 'vitest';
import { harness, ok } from '../support/harness';

// A chat channel's URL is its credential: whoever holds it can post to the channel. Forewarn gives
// it back whole once, to the call that registers it, and shortened everywhere else.
describe("a chat channel's address", () => {
  it('is whole in the answer that registers it, shortened in the list and in the audit log', async () => {
    const h = harness();
    const url = 'https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/s3cr3tT0k3nV4lu3xyzW9Q2';
    const created = ok(await h.api('POST', '/webhooks', { format: 'slack', url })).webhook;
    expect(created.url).toBe(url);

    const listed = ok(await h.api('GET', '/webhooks')).webhooks.find((w: { id: string }) => w.id === created.id);
    expect(listed.url).toBe('https://hooks.slack.com/services/…W9Q2');
    const log = ok(await h.api('GET', `/webhooks/${created.id}/deliveries`));
    expect(log.webhook.url).toBe(listed.url);

    const audit = JSON.stringify(ok(await h.api('GET', '/audit')));
    expect(audit).toContain('webhook.create');
    expect(audit).toContain('hooks.slack.com/services/');
    expect(audit).not.toContain('s3cr3tT0k3n');
  });
});
