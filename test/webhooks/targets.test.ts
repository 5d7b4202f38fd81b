import { beforeEach, describe, expect, inject, it } from 'vitest';
import { randomId } from '../../src/env';
import { REFUSED } from '../../src/notify/targets';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// The attacks of issue 15 against webhook targets: an admin token registering the notifier's own
// network as a webhook, to reach the metadata service or to read ports and statuses from the log.

const receiver = inject('webhookReceiver');
// Spelled out, so that a developer's .dev.vars (which the tests read) cannot turn production into development.
const PRODUCTION = { vars: { ALLOW_LOOPBACK_TARGETS: '0' } };
const DEVELOPMENT = { vars: { ALLOW_LOOPBACK_TARGETS: '1' } };

const received = async (path: string): Promise<unknown[]> => (await fetch(`${receiver}/_requests?path=${encodeURIComponent(path)}`)).json();

describe('webhook targets', () => {
  beforeEach(emptyPage);

  it('refuses every address of the network Forewarn runs in, saying why, and keeps nothing', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', PRODUCTION);
    const port = new URL(receiver).port;
    const attacks: [string, string][] = [
      [`http://127.1:${port}/hooks/probe`, '127.0.0.1 is a loopback address'],
      [`https://127.1:${port}/hooks/probe`, '127.0.0.1 is a loopback address'],
      ['https://[::1]:22/', '[::1] is a loopback address'],
      ['https://2130706433/', '127.0.0.1 is a loopback address'],
      ['https://0x7f.1/', '127.0.0.1 is a loopback address'],
      ['https://localhost:8787/api/v1/tokens', 'localhost is a loopback address'],
      ['https://169.254.169.254/latest/meta-data/iam/security-credentials/', '169.254.169.254 is a link-local address'],
      ['https://10.0.0.1/', '10.0.0.1 is a private address'],
      ['https://192.168.1.1:8443/', '192.168.1.1 is a private address'],
      ['https://100.100.100.200/latest/meta-data/', '100.100.100.200 is a carrier-grade NAT address'],
      ['https://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe] is an IPv4-mapped address'],
      ['https://[::ffff:a9fe:a9fe]/', '[::ffff:a9fe:a9fe] is an IPv4-mapped address'],
      ['https://[fd00:ec2::254]/', '[fd00:ec2::254] is a unique-local address'],
      ['https://[fe80::1]/', '[fe80::1] is a link-local address'],
      ['https://0.0.0.0/', '0.0.0.0 is the unspecified address'],
      ['https://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is an internal name'],
      ['https://kubernetes/', 'kubernetes is an internal name'],
      ['http://hooks.example.com/forewarn', 'http is not https'],
    ];
    const answers = [];
    for (const [url] of attacks) answers.push(await h.api('POST', '/webhooks', { url }));
    expect(answers.map((a) => a.status)).toEqual(attacks.map(() => 422));
    // The reason comes first; a hint may follow it after a semicolon.
    expect(answers.map((a) => a.body.error.message.split(';')[0])).toEqual(
      attacks.map(([, why]) => `url must be https to a public address: ${why}`),
    );
    // A developer learns how to open this machine locally; nobody else can, since it is the operator's setting.
    expect(answers[0]!.body.error.message).toContain('ALLOW_LOOPBACK_TARGETS=1');
    expect(answers[7]!.body.error.details).toEqual({ url: { host: '10.0.0.1', kind: 'private' } });

    expect(await rows('SELECT id FROM webhooks')).toEqual([]);
    expect(await rows("SELECT id FROM audit_log WHERE target_type = 'webhook'")).toEqual([]);
    expect(await received('/hooks/probe')).toEqual([]);
  });

  it('a public https target is registered as before', async () => {
    const h = harness('2026-11-21T07:00:00.000Z', PRODUCTION);
    const created = ok(await h.api('POST', '/webhooks', { url: 'https://hooks.example.com/forewarn' })).webhook;
    expect(created).toMatchObject({ url: 'https://hooks.example.com/forewarn', components: null });
    expect(await rows('SELECT url FROM webhooks')).toEqual([{ url: 'https://hooks.example.com/forewarn' }]);
  });

  it('development opens this machine and nothing else', async () => {
    const dev = harness('2026-11-21T07:00:00.000Z', DEVELOPMENT);
    ok(await dev.api('POST', '/webhooks', { url: `${receiver}/hooks/dev-${randomId()}` }));
    ok(await dev.api('POST', '/webhooks', { url: 'http://localhost:8788/hook' }));
    ok(await dev.api('POST', '/webhooks', { url: 'http://[::1]:8788/hook' }));
    for (const url of ['https://10.0.0.1/', 'https://169.254.169.254/', 'https://[::ffff:169.254.169.254]/', 'http://hooks.example.com/']) {
      expect([url, (await dev.api('POST', '/webhooks', { url })).status]).toEqual([url, 422]);
    }
    expect(await rows('SELECT id FROM webhooks')).toHaveLength(3);
  });

  it('a stored target that is not public is never called: its delivery fails at once, saying only that it was refused', async () => {
    // Registered on a developer's machine (or before the rule); the same database then runs as production.
    const path = `/hooks/stored-${randomId()}`;
    const dev = harness('2026-11-21T07:00:00.000Z', DEVELOPMENT);
    const webhook = ok(await dev.api('POST', '/webhooks', { url: `${receiver.replace('127.0.0.1', '127.1')}${path}` })).webhook;

    const h = harness('2026-11-21T07:00:00.000Z', PRODUCTION);
    const { api } = await makeCatalogue(h);
    ok(await h.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }));
    const reports = await h.drainQueue();

    expect(await received(path)).toEqual([]);
    // Final at the first attempt: no retry is queued, since waiting will not make the address public.
    expect(reports.flatMap((r) => r.retried)).toEqual([]);
    expect(h.notify.backlog).toHaveLength(0);
    // The incident's notice and the component_update of the API's status change: both refused.
    const log = ok(await h.api('GET', `/webhooks/${webhook.id}/deliveries`)).deliveries;
    const refused = { status: 'failed', attempts: 1, last_status: null, last_error: REFUSED, sent_at: null };
    expect(log).toMatchObject([refused, refused]);
    expect(REFUSED).toBe('refused: not a public https address');
  });

  it('the same stored target is called while development is on', async () => {
    const path = `/hooks/dev-send-${randomId()}`;
    const dev = harness('2026-11-21T07:00:00.000Z', DEVELOPMENT);
    const webhook = ok(await dev.api('POST', '/webhooks', { url: `${receiver}${path}` })).webhook;
    const { api } = await makeCatalogue(dev);
    ok(
      await dev.api('POST', '/incidents', { name: 'API errors', body: 'Elevated error rates.', components: { [api.id]: 'major_outage' } }),
    );
    await dev.drainQueue();
    // The incident, and the API's component_update.
    expect(await received(path)).toHaveLength(2);
    const sent = { status: 'sent', last_status: 204 };
    expect(ok(await dev.api('GET', `/webhooks/${webhook.id}/deliveries`)).deliveries).toMatchObject([sent, sent]);
  });
});
