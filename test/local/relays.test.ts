// Against `wrangler dev`, as a deployment runs: e-mail to an SMTP relay over TLS (a local
// smtp-server named localhost, with a certificate from the CA this run made and workerd trusts
// through NODE_EXTRA_CA_CERTS), and through Cloudflare Email Service's send_email binding as
// Miniflare simulates it locally.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.mjs';
import { type MailCatcher, startMailCatcher } from '../../scripts/mail-catcher.mjs';
import { setUpTestPki } from '../support/test-pki.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'forewarn-relays-'));
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** wrangler.toml with absolute paths, `main` swapped when asked, and `extra` TOML appended. */
function wranglerConfig(name: string, extra: string, main = join(root, 'src/index.ts')): string {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
    .replace('main = "src/index.ts"', `main = ${JSON.stringify(main)}`)
    .replace('migrations_dir = "migrations"', `migrations_dir = ${JSON.stringify(join(root, 'migrations'))}`);
  const path = join(scratch, `${name}.toml`);
  writeFileSync(path, `${toml}\n${extra}\n`);
  return path;
}

async function start(port: number, options: Parameters<typeof startLocalWorker>[0]): Promise<LocalWorker> {
  const worker = await startLocalWorker({ port, persistDir: join(scratch, `state-${port}`), seed: false, ...options });
  cleanups.push(() => worker.stop());
  return worker;
}

async function catcher(options: Parameters<typeof startMailCatcher>[0]): Promise<MailCatcher> {
  const c = await startMailCatcher({ httpPort: 0, ...options });
  cleanups.push(() => c.stop());
  return c;
}

/** One subscriber, then a maintenance tomorrow: its announcement goes out through the local queue. */
async function announce(worker: LocalWorker, email: string, name: string): Promise<string> {
  const api = adminApi(worker.url, worker.adminToken).call;
  const component = (await api('POST', '/components', { name: `Crawlers for ${name}` })).body.component;
  expect((await api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email }] })).status).toBe(200);
  const now = Date.now();
  const created = await api('POST', '/maintenances', {
    name,
    scheduled_for: new Date(now + 86_400_000).toISOString(),
    scheduled_until: new Date(now + 90_000_000).toISOString(),
    components: { [component.id]: 'under_maintenance' },
    reminders: [],
  });
  expect(created.status).toBe(201);
  return created.body.maintenance.id;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The announcement's deliveries, as the admin API lists them. */
async function deliveriesOf(worker: LocalWorker, maintenanceId: string): Promise<any[]> {
  const api = adminApi(worker.url, worker.adminToken).call;
  const [notice] = (await api('GET', `/deliveries?subject_id=${maintenanceId}`)).body.notices;
  if (!notice) return [];
  return (await api('GET', `/notices/${notice.id}/deliveries`)).body.deliveries;
}

describe.each([
  ['TLS from the first byte', 'implicit', 'smtps', 8798],
  ['STARTTLS', 'starttls', 'smtp', 8799],
] as const)('wrangler dev, an SMTP relay speaking %s', (_name, mode, scheme, port) => {
  it('delivers over TLS to a relay certified for its name, and sends nothing to one whose CA nobody trusts, keeping the delivery for a retry', async () => {
    const pki = setUpTestPki();
    const tlsOf = (authority: typeof pki.trusted) => ({
      mode,
      key: readFileSync(authority.key, 'utf8'),
      cert: readFileSync(authority.cert, 'utf8'),
    });
    const trusted = await catcher({ smtpPort: 0, tls: tlsOf(pki.trusted) });
    const worker = await start(port, { vars: { SMTP_URL: `${scheme}://localhost:${trusted.smtpPort}` } });

    await announce(worker, 'ana@example.com', 'Crawler move');
    const [mail] = await until('the announcement', async () => (trusted.messages.length > 0 ? trusted.messages : null));
    expect(mail!.envelope.to).toEqual(['ana@example.com']);
    expect(mail!.parsed.subject).toBe('[Scheduled] Crawler move');
    expect(trusted.transactions.map((t) => t.secure)).toEqual([true]);

    // Same name and port, but a certificate from a CA workerd does not trust.
    const smtpPort = trusted.smtpPort;
    await trusted.stop();
    const impostor = await catcher({ smtpPort, tls: tlsOf(pki.untrusted) });
    const second = await announce(worker, 'bruno@example.com', 'Database move');
    const [refused] = await until('the refused delivery', async () => {
      const rows = await deliveriesOf(worker, second);
      return rows[0]?.last_error ? rows : null;
    });
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.last_error).toMatch(/TLS .*localhost.*certificate/);
    expect(impostor.messages).toEqual([]);
    expect(impostor.transactions).toEqual([]);
  });
});

describe('wrangler dev, Cloudflare Email Service (send_email binding, local simulation)', () => {
  const sentFiles = (worker: LocalWorker): string[] => [...worker.output().matchAll(/^Email: (.+\.eml)$/gm)].map((m) => m[1]!);

  it('hands the binding the exact MIME nodemailer built; the local simulator only replaces Message-ID', async () => {
    const config = wranglerConfig(
      'email-probe',
      '[[send_email]]\nname = "EMAIL"',
      join(root, 'test/local/fixtures/email-service-probe.ts'),
    );
    const worker = await start(8800, { config });
    const res = await fetch(`${worker.url}/send?to=lecteur@example.com`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-accepted')).toBe('lecteur@example.com');
    const built = await res.text();
    const [file] = await until('the binding to log the message', async () => (sentFiles(worker).length ? sentFiles(worker) : null));
    const received = readFileSync(file!, 'utf8');
    const messageId = /^Message-ID: (.+)$/m;
    expect(received.match(messageId)?.[1]).not.toBe('<maintenance.m1.s1@status.example.com>');
    expect(received.replace(messageId, 'Message-ID: <maintenance.m1.s1@status.example.com>')).toBe(built);
  });

  it('a notice goes out through the binding from the queue consumer, with both unsubscribe headers and the .ics', async () => {
    const config = wranglerConfig('email-service', '[[send_email]]\nname = "EMAIL"');
    const worker = await start(8801, {
      config,
      vars: { MAIL_TRANSPORT: 'email-service', MAIL_FROM: 'Acme Status <status@status.example.com>' },
    });
    const id = await announce(worker, 'chloe@example.com', 'Crawler move');
    const [file] = await until('the binding to log the message', async () => (sentFiles(worker).length ? sentFiles(worker) : null));
    // Header fields as one line each (long ones are folded on the wire).
    const received = readFileSync(file!, 'utf8').replace(/\r\n[ \t]+/g, ' ');
    expect(received).toMatch(/^To: chloe@example\.com\r?$/m);
    expect(received).toMatch(/^Subject: \[Scheduled\] Crawler move\r?$/m);
    expect(received).toMatch(/^List-Unsubscribe: <http:\/\/localhost:8801\/unsubscribe\/[^>]+>, <mailto:unsubscribe@/m);
    expect(received).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(received).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH; name=maintenance\.ics/);
    const [delivery] = await until('the delivery to be recorded', async () => {
      const rows = await deliveriesOf(worker, id);
      return rows[0]?.status === 'sent' ? rows : null;
    });
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1 });

    // The window moves: the second e-mail replies to the Message-ID the service gave the first,
    // the one the reader has (and the delivery recorded), not the one Forewarn wrote.
    const api = adminApi(worker.url, worker.adminToken).call;
    const moved = await api('PATCH', `/maintenances/${id}`, { scheduled_until: new Date(Date.now() + 93_600_000).toISOString() });
    expect(moved.status).toBe(200);
    const files = await until('the second message', async () => (sentFiles(worker).length > 1 ? sentFiles(worker) : null));
    const reply = readFileSync(files[1]!, 'utf8').replace(/\r\n[ \t]+/g, ' ');
    const firstId = received.match(/^Message-ID: (.+?)\r?$/m)?.[1];
    expect(firstId).toBe(delivery.message_id);
    expect(firstId).not.toMatch(/^<maintenance\./);
    expect(reply).toMatch(/^Subject: \[Extended\] Crawler move\r?$/m);
    expect(reply.match(/^In-Reply-To: (.+?)\r?$/m)?.[1]).toBe(firstId);
    expect(reply.match(/^References: (.+?)\r?$/m)?.[1]).toBe(firstId);
  });
});
