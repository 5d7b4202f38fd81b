// Against `wrangler dev` as `npm start` runs it: the real local Queues consumer delivers the
// e-mails of a notice through nodemailer to the local mail catcher, with no test driving the queue.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { startLocalWorker } from '../../scripts/local-worker.mjs';
import { type MailCatcher, startMailCatcher } from '../../scripts/mail-catcher.mjs';

const dir = mkdtempSync(join(tmpdir(), 'forewarn-mail-'));
let worker: Awaited<ReturnType<typeof startLocalWorker>>;
let catcher: MailCatcher;

const api = (method: string, path: string, body?: unknown) => adminApi(worker.url, worker.adminToken).call(method, path, body);

async function caught(to: string, count: number, timeoutMs = 30_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${catcher.httpPort}/api/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await res.json()) as { messages: any[] };
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  worker = await startLocalWorker({ port: 8793, persistDir: dir, seed: false, vars: { SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}` } });
});

afterAll(async () => {
  await worker?.stop();
  await catcher?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('e-mail under wrangler dev', () => {
  it('a new maintenance reaches its subscriber through the local queue and SMTP, once', async () => {
    const component = (await api('POST', '/components', { name: 'Price crawlers' })).body.component;
    expect(
      (
        await api('POST', '/subscribers/import', {
          confirmed: true,
          subscribers: [{ email: 'local@example.com', components: [component.id] }],
        })
      ).status,
    ).toBe(200);
    const now = Date.now();
    const created = await api('POST', '/maintenances', {
      name: 'Local move',
      scheduled_for: new Date(now + 86_400_000).toISOString(),
      scheduled_until: new Date(now + 90_000_000).toISOString(),
      components: { [component.id]: 'under_maintenance' },
      reminders: [],
    });
    expect(created.status).toBe(201);

    const [mail, ...more] = await caught('local@example.com', 1);
    expect(mail?.subject).toBe('[Scheduled] Local move');
    expect(mail.attachments.map((a: any) => a.filename)).toEqual(['maintenance.ics']);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(more).toEqual([]);
    expect(await caught('local@example.com', 2, 0)).toHaveLength(1);
    const deliveries = (await api('GET', `/deliveries?subject_id=${created.body.maintenance.id}`)).body.notices[0].deliveries;
    expect(deliveries).toEqual({ pending: 0, sent: 1, failed: 0, skipped: 0 });
  });
});
