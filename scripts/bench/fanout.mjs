// Fan-out benchmark: N confirmed subscribers (100,000 by default), one maintenance announced,
// every e-mail composed and sent by the real queue consumer of `wrangler dev` (workerd, local
// D1 and Queues) through nodemailer to an SMTP sink on loopback. Beside it, in the same run, the
// baseline: Node's nodemailer sending ready-made messages of the same size to the same sink over
// the same number of connections (what the sink and loopback allow), before and after the
// worker's run (the host's speed drifts), after an untimed warm-up; the mean is the figure.
//
//   FANOUT_SUBSCRIBERS=100000 node scripts/bench/fanout.mjs
//
// The consumer sends at MAIL_RATE_PER_SECOND: FANOUT_RATE sets it (unset: 1,000/s, which this
// machine never reaches, so the run measures the consumer's own ceiling). With a rate, the run
// also reports what the sink saw: e-mails per second overall and in its busiest second.
//
// FANOUT_TRACE=1 runs workerd under --async-trace and reports, beside the process's CPU (which
// counts Miniflare's local D1 and Queues, run in the same process), the worker's own turns per
// e-mail: its JavaScript alone, what a deployed Worker's CPU time counts. The trace slows the
// run: take the e-mails per second from a run without it.
//
// FANOUT_PROFILE=1 runs V8's sampling profiler in the worker's isolate (wrangler dev's inspector)
// from the announcement to the last e-mail, and prints the functions that took the samples per
// e-mail; the .cpuprofile is kept (its path is printed). Profiling slows the run too.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { adminApi } from '../admin-api.mjs';
import { startLocalWorker } from '../local-worker.mjs';
import { startSmtpSink } from '../smtp-sink.mjs';
import { busiestSecond } from './busiest-second.mjs';
import { inspect, profileTable, tally } from './v8-profile.mjs';
import { tracingWorkerd, workerTurnsWithin } from './worker-turns.mjs';

const N = Number(process.env.FANOUT_SUBSCRIBERS ?? 100_000);
const BASELINE = Math.min(N, Number(process.env.FANOUT_BASELINE ?? 5_000));
// The baseline's connections: as many as the worker's SMTP transport opens (SMTP_CONNECTIONS).
const CONNECTIONS = Number(process.env.FANOUT_CONNECTIONS ?? 3);
const PORT = Number(process.env.FANOUT_PORT ?? 8796);
const TIMEOUT_MS = Number(process.env.FANOUT_TIMEOUT_S ?? 3_600) * 1000;
const RATE = process.env.FANOUT_RATE ? Number(process.env.FANOUT_RATE) : null;
const TRACE = process.env.FANOUT_TRACE === '1';
const PROFILE = process.env.FANOUT_PROFILE === '1';
const INSPECTOR_PORT = PORT + 1000;

const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const api = (worker, method, path, body) => adminApi(worker.url, worker.adminToken).ok(method, path, body);

/** Node's nodemailer to the same sink: `count` copies of `raw`, `connections` at a time. */
async function baseline(sink, raw, count) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
    pool: true,
    maxConnections: CONNECTIONS,
    ignoreTLS: true,
  });
  const before = sink.accepted;
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail({ envelope: { from: 'status@forewarn.localhost', to: `baseline${i}@example.com` }, raw });
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS * 2 }, lane));
  const ms = performance.now() - started;
  transport.close();
  if (sink.accepted - before !== count) throw new Error(`baseline: sink took ${sink.accepted - before} of ${count}`);
  return { ms, perSecond: count / (ms / 1000) };
}

/** The English e-mail of the maintenance's first notice, as the consumer would send it. */
async function sampleOf(worker, maintenanceId) {
  const { notices } = await api(worker, 'GET', `/deliveries?subject_type=maintenance&subject_id=${maintenanceId}`);
  if (!notices[0]) throw new Error(`no notice for maintenance ${maintenanceId}`);
  return fetch(`${worker.url}/api/v1/notices/${notices[0].id}/preview?locale=en&format=eml`, {
    headers: { authorization: `Bearer ${worker.adminToken}` },
  }).then((r) => r.text());
}

export async function benchFanOut() {
  const sink = await startSmtpSink();
  const dir = mkdtempSync(join(os.tmpdir(), 'forewarn-fanout-'));
  const traces = TRACE ? mkdtempSync(join(os.tmpdir(), 'forewarn-fanout-trace-')) : null;
  const worker = await startLocalWorker({
    workerdPath: traces ? tracingWorkerd(traces) : undefined,
    port: PORT,
    persistDir: dir,
    seed: false,
    killable: true,
    log: process.env.FANOUT_LOG === '1',
    vars: { SMTP_URL: sink.url, MAIL_RATE_PER_SECOND: String(RATE ?? 1000) },
    args: PROFILE ? ['--inspector-port', String(INSPECTOR_PORT)] : [],
  });
  const ticker = setInterval(() => worker.tick().catch(() => {}), 60_000);
  try {
    const components = [];
    for (const name of ['Price crawlers', 'Web app', 'API', 'Alerts'])
      components.push((await api(worker, 'POST', '/components', { name })).component);

    const importStarted = performance.now();
    for (let i = 0; i < N; i += 1000) {
      const subscribers = [];
      for (let j = i; j < Math.min(N, i + 1000); j++) {
        subscribers.push({
          email: `reader${String(j).padStart(6, '0')}@example.com`,
          locale: j % 3 === 0 ? 'fr' : 'en',
          time_zone: ZONES[j % ZONES.length],
          // Half follow everything, half only what the maintenance touches.
          components: j % 2 === 0 ? [] : [components[0].id],
        });
      }
      await api(worker, 'POST', '/subscribers/import', { confirmed: true, subscribers });
    }
    const importMs = performance.now() - importStarted;

    // Node's baseline runs before and after the worker's run, and their mean is the figure: this
    // host's speed drifts within a minute. The message before: the same e-mail of a rehearsal,
    // the same maintenance announced without notifications (same template, same size).
    const move = (deliver) => {
      const start = new Date(Date.now() + 5 * 24 * 3600_000);
      return {
        name: 'Data-centre move',
        body: 'We move the crawler fleet to the new data centre. Results arrive late; the web app stays up.',
        scheduled_for: start.toISOString(),
        scheduled_until: new Date(start.getTime() + 36 * 3600_000).toISOString(),
        components: { [components[0].id]: 'degraded_performance' },
        deliver_notifications: deliver,
      };
    };
    const rehearsal = (await api(worker, 'POST', '/maintenances', move(false))).maintenance;
    const rehearsed = await sampleOf(worker, rehearsal.id);
    // Untimed: Node's JIT and the sink (in this process) warm, as they are for the baseline after.
    await baseline(sink, rehearsed, Math.min(BASELINE, 1_000));
    const before = await baseline(sink, rehearsed, BASELINE);
    // What the sink took so far was the baseline's: the worker's e-mails come after it.
    const offset = sink.accepted;
    const sent = () => sink.accepted - offset;

    let profiler = null;
    if (PROFILE) {
      // wrangler dev's inspector lists the worker it proxies at /json.
      const [target] = await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`).then((r) => r.json());
      profiler = await inspect(target.webSocketDebuggerUrl);
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.send('Profiler.start');
    }
    const cpuBefore = worker.workerdCpuSeconds();
    const announcedAt = Date.now();
    const announced = performance.now();
    const { maintenance } = await api(worker, 'POST', '/maintenances', move(true));
    const answeredMs = performance.now() - announced;

    let lastReport = performance.now();
    while (sent() < N) {
      if (performance.now() - announced > TIMEOUT_MS) throw new Error(`timed out with ${sent()} of ${N} sent`);
      await sleep(250);
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        const s = (lastReport - announced) / 1000;
        console.log(`  … ${fmt(sent())} of ${fmt(N)} after ${fmt(s)} s (${fmt(sent() / s)} /s)`);
      }
    }
    const totalMs = performance.now() - announced;
    const doneAt = Date.now();
    const cpuMsPerMail = ((worker.workerdCpuSeconds() - cpuBefore) * 1000) / N;
    let profile = null;
    if (profiler) {
      const stopped = await profiler.send('Profiler.stop');
      profiler.close();
      const file = join(os.tmpdir(), `forewarn-fanout-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(stopped.profile));
      profile = { file, tally: tally(stopped.profile) };
    }
    await sleep(2_000); // a late duplicate would land now
    const readers = [...sink.copies].filter(([to]) => to.startsWith('reader')).map(([, ids]) => ids);
    const duplicates = readers.filter((ids) => ids.length > 1).length;
    const recipients = readers.length;

    const { notices } = await api(worker, 'GET', `/deliveries?subject_type=maintenance&subject_id=${maintenance.id}`);
    const counts = notices[0]?.deliveries;

    // The baseline again, with the e-mail the worker sent.
    const sample = await sampleOf(worker, maintenance.id);
    const after = await baseline(sink, sample, BASELINE);
    const base = { before: before.perSecond, after: after.perSecond, perSecond: (before.perSecond + after.perSecond) / 2 };
    let turns = null;
    if (traces) {
      await worker.stop(); // the trace is complete once workerd has stopped
      turns = await workerTurnsWithin(traces, 'forewarn', announcedAt, doneAt);
    }

    const perSecond = N / (totalMs / 1000);
    const times = sink.acceptedAt.slice(offset, offset + N);
    const sinkPerSecond = (times.length - 1) / ((times.at(-1) - times[0]) / 1000);
    return {
      rate: RATE,
      sinkPerSecond,
      busiest: busiestSecond(times),
      busiestStarts: busiestSecond(sink.startedAt.slice(offset, offset + N)),
      n: N,
      cpuMsPerMail,
      importMs,
      answeredMs,
      totalMs,
      perSecond,
      duplicates,
      recipients,
      counts,
      base,
      messageBytes: sample.length,
      turns,
      profile,
    };
  } finally {
    clearInterval(ticker);
    await worker.stop();
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
    if (traces && process.env.KEEP_TRACES !== '1') rmSync(traces, { recursive: true, force: true });
  }
}

export function printFanOut(r) {
  console.log(`\nFan-out: ${fmt(r.n)} subscribers, one notice, real queue consumer → SMTP sink (${CONNECTIONS} connections)\n`);
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| import ${fmt(r.n)} subscribers (admin API, 1,000 per call) | ${fmt(r.importMs / 1000, 1)} s |`);
  console.log(`| announce answered (write + plan + enqueue) | ${fmt(r.answeredMs)} ms |`);
  console.log(`| announce → last e-mail accepted | ${fmt(r.totalMs / 1000, 1)} s |`);
  console.log(`| e-mails per second, worker | ${fmt(r.perSecond)} |`);
  if (r.rate !== null) {
    console.log(`| configured rate (MAIL_RATE_PER_SECOND) | ${fmt(r.rate, 1)} /s |`);
    console.log(
      `| measured at the sink, first to last e-mail | ${fmt(r.sinkPerSecond, 2)} /s (${fmt(r.sinkPerSecond / r.rate, 3)}× the rate) |`,
    );
    console.log(`| most transactions started (MAIL FROM) in any one second | ${fmt(r.busiestStarts)} |`);
    console.log(`| most e-mails accepted (end of DATA) in any one second | ${fmt(r.busiest)} |`);
  }
  console.log(
    `| baseline: Node nodemailer, ready-made ${fmt(r.messageBytes)}-byte message, same sink (before / after the worker's run) | ${fmt(r.base.perSecond)} /s (${fmt(r.base.before)} / ${fmt(r.base.after)}) |`,
  );
  console.log(`| worker ÷ baseline | ${fmt(r.perSecond / r.base.perSecond, 2)}× |`);
  console.log(`| workerd CPU per e-mail (user + system, all its threads) | ${fmt(r.cpuMsPerMail, 2)} ms |`);
  if (r.turns) {
    const total = Object.values(r.turns).reduce((a, b) => a + b, 0);
    const parts = Object.entries(r.turns)
      .map(([kind, ms]) => `${kind} ${fmt(ms / r.n, 3)}`)
      .join(', ');
    console.log(`| the worker's own turns per e-mail (async trace; JavaScript only) | ${fmt(total / r.n, 3)} ms (${parts}) |`);
  }
  console.log(`| recipients reached / with more than one copy | ${fmt(r.recipients)} / ${fmt(r.duplicates)} |`);
  console.log(`| deliveries recorded | ${JSON.stringify(r.counts)} |`);
  if (r.profile) {
    console.log(`\nV8 profile of the worker's isolate, announcement to last e-mail (${r.profile.file}):\n`);
    console.log(profileTable(r.profile.tally, { title: 'fan-out', count: r.n, unit: 'e-mail', top: 40 }));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchFanOut();
  printFanOut(result);
  if (result.duplicates > 0 || result.recipients !== result.n) process.exitCode = 1;
  if (result.rate !== null && result.busiestStarts > result.rate) process.exitCode = 1;
}
