// `npm run bench:startup`: the CPU an isolate spends before its first request (parsing the script
// and running its global scope), Forewarn's beside a bare Hono worker's, measured by
// `wrangler check startup` (workerd and V8's profiler, as Cloudflare runs a Worker's startup).
// Every new isolate pays it on the request that starts it; Cloudflare refuses a Worker whose
// startup passes 1 s. Rounds alternate between the bundles, so the host's drift reaches each alike.
//
//   STARTUP_ROUNDS (10) · BENCH_REF (a commit to measure beside the working tree) · BENCH_OUT
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, openTree, startupMs } from './miniflare.mjs';

const env = process.env;
const rounds = Number(env.STARTUP_ROUNDS ?? 10);
const log = (...args) => console.error(`[startup ${new Date().toISOString().slice(11, 19)}]`, ...args);
const work = mkdtempSync(join(os.tmpdir(), 'forewarn-startup-'));
const out = env.BENCH_OUT ?? mkdtempSync(join(os.tmpdir(), 'forewarn-startup-out-'));
mkdirSync(out, { recursive: true });

const tree = openTree(undefined, work);
const bareHono = fileURLToPath(new URL('./fixtures/bare-hono.mjs', import.meta.url));
const subjects = [
  { key: 'hono', id: 'bare Hono', built: bundle(tree, join(work, 'hono'), { main: bareHono, name: 'bare-hono', upload: true }), tree },
  {
    key: 'tree',
    id: `Forewarn ${tree.commit}${tree.dirty ? ' + changes' : ''}`,
    built: bundle(tree, join(work, 'fw'), { upload: true }),
    tree,
  },
];
if (env.BENCH_REF) {
  const refDir = join(work, 'ref');
  mkdirSync(refDir);
  const ref = openTree(env.BENCH_REF, refDir);
  subjects.push({
    key: 'ref',
    id: `Forewarn ${ref.commit} (BENCH_REF)`,
    built: bundle(ref, join(work, 'ref-fw'), { upload: true }),
    tree: ref,
  });
}
for (const s of subjects) log(s.id, `${s.built.rawKiB} KiB, gzip ${s.built.gzipKiB} KiB`);

const ms = new Map(subjects.map((s) => [s.id, []]));
for (let round = 0; round < rounds; round++) {
  for (const s of round % 2 ? [...subjects].reverse() : subjects) {
    ms.get(s.id).push(startupMs(s.tree, s.built, join(out, `${s.key}-${round}.cpuprofile`)));
  }
  log(`round ${round + 1}/${rounds}`, subjects.map((s) => `${s.id} ${ms.get(s.id).at(-1)} ms`).join(' · '));
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const forewarn = median(ms.get(subjects[1].id));
const lines = [
  '| bundle | size (gzip) | startup CPU, median (range) | × bare Hono | × the working tree |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...subjects.map((s) => {
    const xs = ms.get(s.id);
    const m = median(xs);
    return `| ${s.id} | ${s.built.rawKiB} KiB (${s.built.gzipKiB} KiB) | ${m.toFixed(1)} ms (${sorted(xs)[0]}–${sorted(xs).at(-1)}) | ${(m / median(ms.get(subjects[0].id))).toFixed(1)} | ${(m / forewarn).toFixed(2)} |`;
  }),
];
console.log(
  `Startup, ${rounds} alternating rounds, ${new Date().toISOString().slice(0, 16)}Z, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}\n`,
);
console.log(lines.join('\n'));
writeFileSync(join(out, 'startup.json'), JSON.stringify(Object.fromEntries(ms), null, 2));
log(`profiles and startup.json in ${out}`);
rmSync(work, { recursive: true, force: true });
