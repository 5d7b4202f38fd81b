// `npm run bench`: every benchmark of Forewarn, each figure beside a baseline from the same run.
import os from 'node:os';
import { benchHttp, bundleSize } from './http.mjs';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));

console.log(
  `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
console.log(`\nHTTP, wrangler dev (workerd), autocannon, 50 connections, ${duration} s per route:\n`);
const rows = await benchHttp({ duration });
console.log('Each route runs right after a ceiling run of its own; its ratio is to that run.\n');
console.log('| route | req/s | ceiling run before it, req/s | × ceiling | p50 ms | p99 ms | errors | 1-connection p50 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const ceiling = r.runs ? `runs: ${r.runs.join(', ')}` : fmt(r.ceilingRps, 0);
  console.log(
    `| ${r.name} \`${r.path}\` | ${fmt(r.rps, 0)} | ${ceiling} | ${fmt(r.ratio, 2)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors} | ${fmt(r.singleP50)} |`,
  );
}
const size = bundleSize();
if (size) console.log(`\nBundle (wrangler deploy --dry-run): ${size.rawKiB} KiB, ${size.gzipKiB} KiB gzipped (target ≤ 1024 KiB gzipped)`);
