// `node scripts/bench/cpu.mjs` (issue 8; no longer part of `npm run bench`, which is scripts/bench/public.mjs since
// issue 16): CPU per public request beside the bare route `/healthz`, target ≤ 2 ms.
// workerd reports no CPU time locally (its tail events carry cpuTime 0), so two measures stand in:
//   - in-process: the fetch handler called in workerd by a vitest bench (test/bench/cpu.bench.ts),
//     snapshot served from memory, so wall time is the worker's own work;
//   - wrangler dev: the time workerd's --async-trace records for each request's turns
//     (scripts/bench/turns.mjs), with real HTTP, KV and D1.
// A busy loop timed in workerd and in Node checks that the clock a bench reads in workerd moves, and
// shows how busy the machine was: every figure stretches with it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { BUSY_STEPS, busyLoop } from './busy-loop.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TARGET_MS = 2;
const ROUTES = [
  ['bare route', '/healthz'],
  ['status page', '/'],
  ['Statuspage API', '/api/v2/summary.json'],
  ['Atom feed', '/history.atom'],
  ['badge', '/badge.svg'],
];

/** Runs a Node script of the project; resolves with its stdout, echoed as it comes when `echo`. */
function runNode(args, { echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function nodeBusyLoopMs() {
  for (let i = 0; i < 5; i++) busyLoop(BUSY_STEPS);
  const samples = [];
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    busyLoop(BUSY_STEPS);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function inProcess() {
  const dir = mkdtempSync(join(os.tmpdir(), 'forewarn-cpu-'));
  const json = join(dir, 'cpu.json');
  try {
    const out = await runNode(
      ['node_modules/vitest/vitest.mjs', 'bench', '--run', '--project', 'worker', 'test/bench/cpu.bench.ts', '--outputJson', json],
      { echo: true },
    );
    const clockLine = stripVTControlCharacters(out)
      .split('\n')
      .find((l) => l.startsWith('cpu-bench clock: '));
    const benches = new Map();
    for (const file of JSON.parse(readFileSync(json, 'utf8')).files) {
      for (const group of file.groups) for (const b of group.benchmarks) benches.set(b.name, b);
    }
    const figure = (name) => {
      const b = benches.get(name);
      if (!b) throw new Error(`the CPU bench did not report "${name}"`);
      return b.median;
    };
    return { clock: clockLine ? JSON.parse(clockLine.slice('cpu-bench clock: '.length)) : null, figure };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (n) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(n < 0.1 ? 3 : n < 1 ? 2 : 1));
const withRatio = (n, base) => `${ms(n)} (${(n / base).toFixed(n / base < 10 ? 1 : 0)}×)`;

console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the start`,
);
console.log('\nCPU per request, in-process (vitest bench in workerd):\n');
const pool = await inProcess();
const nodeLoop = nodeBusyLoopMs();
console.log('\nCPU per request, wrangler dev (workerd --async-trace turns):\n');
const turns = JSON.parse((await runNode(['scripts/bench/turns.mjs'])).trim().split('\n').at(-1));
const turnOf = (path) => turns.find((r) => r.path === path);

const warmBase = pool.figure('warm GET /healthz');
const turnBase = turnOf('/healthz').warm.median;
const parse = pool.figure('read and parse a new snapshot version (every public route pays it once per version)');
const nextMinute = pool.figure('next minute GET / (same snapshot: bars and page rendered again)');
const rows = ROUTES.map(([name, path]) => {
  const turn = turnOf(path);
  const coldOther = path === '/healthz' ? null : pool.figure(`cold GET ${path}`);
  return {
    name,
    path,
    kib: (pool.clock?.bodyBytes?.[path] ?? Number.NaN) / 1024,
    warm: pool.figure(`warm GET ${path}`),
    warmTurns: turn.warm.median,
    coldSame: turn.cold?.median ?? null,
    coldOther,
  };
});

console.log(`\nCPU per request, ms (medians; target ≤ ${TARGET_MS} ms; × = times the bare route in the same measure):\n`);
console.log(
  '| route | body KiB | warm, in-process | warm, wrangler dev turns | first after a write, writing isolate (turns: render) | first after a write, other isolate (in-process: read, parse, render) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.name} \`${r.path}\` | ${r.kib < 10 ? r.kib.toFixed(1) : r.kib.toFixed(0)} | ${withRatio(r.warm, warmBase)} | ${withRatio(r.warmTurns, turnBase)} | ${ms(r.coldSame)} | ${ms(r.coldOther)} |`,
  );
}
console.log(`\nOf the last column, reading and parsing the new snapshot (${pool.clock?.snapshotBytes ?? '?'} bytes): ${ms(parse)} ms.`);
console.log(`\`/\` in the next minute, same snapshot (bars and page rendered again, in-process): ${ms(nextMinute)} ms.`);
console.log(
  `Clock check: ${BUSY_STEPS.toLocaleString('en')} xorshift steps take ${ms(pool.figure('busy loop'))} ms in workerd ` +
    `(clock step ${pool.clock?.stepMs ?? '?'} ms, advancing during synchronous work) and ${ms(nodeLoop)} ms in Node.`,
);
const over = (xs) => xs.filter((r) => r.value > TARGET_MS).map((r) => `${r.path} ${ms(r.value)} ms`);
const warmOver = over(rows.flatMap((r) => [{ path: r.path, value: Math.max(r.warm, r.warmTurns) }]));
const coldOver = over(rows.flatMap((r) => [{ path: r.path, value: Math.max(r.coldSame ?? 0, r.coldOther ?? 0) }]));
console.log(`Target ≤ ${TARGET_MS} ms, warm: ${warmOver.length ? `missed by ${warmOver.join(', ')}` : 'met by every route'}.`);
console.log(
  `Target ≤ ${TARGET_MS} ms, first request after a write: ${coldOver.length ? `missed by ${coldOver.join(', ')}` : 'met by every route'}.`,
);
console.log(`Load average ${os.loadavg()[0].toFixed(1)} at the end.`);
