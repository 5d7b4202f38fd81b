// Fault runs against `wrangler dev` (workerd, local D1 and Queues) as `npm start` runs it: one
// maintenance announced to N subscribers, and while the e-mails go out, the worker is killed
// (SIGKILL to wrangler and workerd, which takes the in-memory local queue with it) or the SMTP
// server goes away for 60 s. Each run ends with every subscriber holding exactly one copy.
// `npm run test:faults`; FAULT_SUBSCRIBERS sets N (default 1,000).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.mjs';
import { type SmtpSink, startSmtpSink } from '../../scripts/smtp-sink.mjs';

const N = Number(process.env.FAULT_SUBSCRIBERS ?? 1000);
/** A short lease, so claims a killed consumer held come free within the run. */
const LEASE_SECONDS = 15;
/** The consumer's lanes: at most this many accepted messages can be unrecorded at a kill. */
const LANES = 16;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
  return Date.now() - started;
}

interface Run {
  sink: SmtpSink;
  worker: LocalWorker;
  restart(): Promise<void>;
  api(method: string, path: string, body?: unknown): Promise<any>;
  announce(): Promise<{ id: string }>;
  deliveries(maintenanceId: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

let current: Run | null = null;

afterEach(async () => {
  await current?.close();
  current = null;
});

/** A worker on `port` with N subscribers to one component, ticked like the cron (every 10 s here). */
async function setUp(port: number): Promise<Run> {
  const sink = await startSmtpSink();
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-faults-'));
  const start = () =>
    startLocalWorker({
      port,
      persistDir: dir,
      seed: false,
      killable: true,
      // FAULT_LOG=1 shows the worker's own log (what it tried, what failed) beside the run.
      log: process.env.FAULT_LOG === '1',
      // Paced (the slots in D1 outlive a kill), fast enough for the runs to stay short.
      vars: { SMTP_URL: sink.url, DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS), MAIL_RATE_PER_SECOND: '200' },
    });
  let worker = await start();
  const ticker = setInterval(() => worker.tick().catch(() => {}), 10_000);
  // Through whichever worker runs now: a restart replaces it.
  const api = (method: string, path: string, body?: unknown) => adminApi(worker.url, worker.adminToken).ok(method, path, body);
  const component = (await api('POST', '/components', { name: 'Price crawlers' })).component;
  for (let i = 0; i < N; i += 1000) {
    const subscribers = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
      email: `reader${String(i + j).padStart(6, '0')}@example.com`,
      locale: (i + j) % 3 === 0 ? 'fr' : 'en',
      components: (i + j) % 2 === 0 ? [] : [component.id],
    }));
    await api('POST', '/subscribers/import', { confirmed: true, subscribers });
  }
  const run: Run = {
    sink,
    get worker() {
      return worker;
    },
    async restart() {
      worker = await start();
    },
    api,
    async announce() {
      const startAt = Date.now() + 5 * 24 * 3600_000;
      return (
        await api('POST', '/maintenances', {
          name: 'Data-centre move',
          body: 'The crawler fleet moves to the new data centre; results arrive late.',
          scheduled_for: new Date(startAt).toISOString(),
          scheduled_until: new Date(startAt + 36 * 3600_000).toISOString(),
          components: { [component.id]: 'degraded_performance' },
        })
      ).maintenance;
    },
    async deliveries(maintenanceId) {
      const { notices } = await api('GET', `/deliveries?subject_type=maintenance&subject_id=${maintenanceId}`);
      return notices[0].deliveries;
    },
    async close() {
      clearInterval(ticker);
      await worker.stop();
      await sink.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  current = run;
  return run;
}

const everyone = () => Array.from({ length: N }, (_, i) => `reader${String(i).padStart(6, '0')}@example.com`);

/** Recipients with their number of copies, and how many distinct messages each got. */
function tally(sink: SmtpSink) {
  const missing = everyone().filter((to) => !sink.copies.has(to));
  const copies = [...sink.copies.values()];
  return {
    missing,
    duplicated: copies.filter((ids) => ids.length > 1).length,
    mixed: copies.filter((ids) => new Set(ids).size > 1).length,
    strangers: [...sink.copies.keys()].filter((to) => !/^reader\d{6}@example\.com$/.test(to)).length,
  };
}

describe('one notice to every subscriber, whatever fails on the way', () => {
  it('the worker killed while the e-mails go out, then restarted: each subscriber gets exactly one copy', {
    timeout: 600_000,
  }, async () => {
    const run = await setUp(8831);
    const move = await run.announce();
    await until('a third of the e-mails', () => run.sink.accepted >= N / 3, 180_000);

    // Hold the server's "250 accepted" replies, let every accepted message be recorded, then kill:
    // the messages whose reply was held were never accepted, as SMTP sees it.
    run.sink.hold();
    await sleep(1_500);
    await run.worker.kill();
    run.sink.discardHeld();
    const atKill = run.sink.accepted;
    expect(atKill).toBeLessThan(N);

    await run.restart();
    const recoveredIn = await until('every e-mail after the restart', () => run.sink.accepted >= N, 300_000);
    await sleep(3_000); // a late duplicate would land now
    console.log(`kill at ${atKill} of ${N} sent; the rest out ${(recoveredIn / 1000).toFixed(0)} s after the restart`);

    expect(tally(run.sink)).toEqual({ missing: [], duplicated: 0, mixed: 0, strangers: 0 });
    expect(run.sink.accepted).toBe(N);
    expect(await run.deliveries(move.id)).toEqual({ pending: 0, sent: N, failed: 0, skipped: 0 });
  });

  it('the worker killed at any moment: everyone gets the message; a copy sent twice is the same message', {
    timeout: 600_000,
  }, async () => {
    const run = await setUp(8832);
    const move = await run.announce();
    await until('half of the e-mails', () => run.sink.accepted >= N / 2, 180_000);
    await run.worker.kill();
    const atKill = run.sink.accepted;

    await run.restart();
    await until('every subscriber after the restart', () => run.sink.copies.size >= N, 300_000);
    await sleep(3_000);
    const t = tally(run.sink);
    console.log(`kill at ${atKill} of ${N} sent, without warning: ${t.duplicated} subscriber(s) got a second copy`);

    // The one window left: accepted by the server, not yet recorded (one D1 write per message,
    // at most one per lane). The resend carries the same Message-ID, which mailbox providers drop.
    expect(t.missing).toEqual([]);
    expect(t.mixed).toBe(0);
    expect(t.strangers).toBe(0);
    expect(t.duplicated).toBeLessThanOrEqual(LANES);
    expect(await run.deliveries(move.id)).toEqual({ pending: 0, sent: N, failed: 0, skipped: 0 });
  });

  it('the SMTP server gone for 60 s in the middle: every subscriber gets exactly one copy once it is back', {
    timeout: 600_000,
  }, async () => {
    const run = await setUp(8833);
    const move = await run.announce();
    await until('a third of the e-mails', () => run.sink.accepted >= N / 3, 180_000);

    await run.sink.down();
    const atDown = run.sink.accepted;
    await sleep(60_000);
    expect(run.sink.accepted).toBe(atDown);
    const during = await run.deliveries(move.id);
    expect(during.sent).toBe(atDown);
    expect(during.failed).toBe(0);

    await run.sink.up();
    const recoveredIn = await until('every e-mail after the server came back', () => run.sink.accepted >= N, 360_000);
    await sleep(3_000);
    console.log(`server down at ${atDown} of ${N} sent, for 60 s; the rest out ${(recoveredIn / 1000).toFixed(0)} s after it came back`);

    expect(tally(run.sink)).toEqual({ missing: [], duplicated: 0, mixed: 0, strangers: 0 });
    expect(run.sink.accepted).toBe(N);
    expect(await run.deliveries(move.id)).toEqual({ pending: 0, sent: N, failed: 0, skipped: 0 });
  });
});
