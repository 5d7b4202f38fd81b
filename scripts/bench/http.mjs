// HTTP benchmark of the public routes against `wrangler dev` (workerd), with autocannon at 50
// connections, each route beside a bare route of the same worker measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startLocalWorker } from '../local-worker.mjs';
import { preparePage, publishPage, wranglerRun } from './page.mjs';

function load(url, { connections, duration }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1 }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Runs the HTTP benchmark; returns rows for BENCHMARKS.md. */
export async function benchHttp({ duration = 10, connections = 50, port = 8799 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-bench-'));
  preparePage(dir);
  const worker = await startLocalWorker({ port, persistDir: dir, seed: false });
  try {
    await publishPage(worker);

    const routes = [
      ['ceiling: bare route', '/healthz'],
      ['status page', '/'],
      ['summary.json', '/api/v2/summary.json'],
      ['history.atom', '/history.atom'],
      ['badge.svg', '/badge.svg'],
    ];
    for (const [, path] of routes) {
      const check = await fetch(`${worker.url}${path}`);
      if (!check.ok) throw new Error(`${path} answered ${check.status}`);
      await check.arrayBuffer();
      await load(`${worker.url}${path}`, { connections, duration: 2 });
    }
    // Each route runs right after its own ceiling run: on a shared machine the load drifts, and a
    // ratio of two runs far apart in time measures the drift as much as the route.
    const measure = async (name, path) => {
      const busy = await load(`${worker.url}${path}`, { connections, duration });
      const single = await load(`${worker.url}${path}`, { connections: 1, duration: Math.max(3, duration / 2) });
      return {
        name,
        path,
        rps: busy.requests.average,
        p50: busy.latency.p50,
        p99: busy.latency.p99,
        errors: busy.errors + busy.non2xx,
        singleP50: single.latency.p50,
        singleMean: single.latency.average,
      };
    };
    const [ceilingName, ceilingPath] = routes[0];
    const ceilings = [];
    const rows = [];
    for (const [name, path] of routes.slice(1)) {
      const ceiling = await measure(ceilingName, ceilingPath);
      const row = await measure(name, path);
      row.ratio = row.rps / ceiling.rps;
      row.ceilingRps = ceiling.rps;
      ceilings.push(ceiling);
      rows.push(row);
    }
    const mean = (pick) => ceilings.reduce((sum, c) => sum + pick(c), 0) / ceilings.length;
    rows.unshift({
      name: ceilingName,
      path: ceilingPath,
      rps: mean((c) => c.rps),
      p50: mean((c) => c.p50),
      p99: mean((c) => c.p99),
      errors: ceilings.reduce((sum, c) => sum + c.errors, 0),
      singleP50: mean((c) => c.singleP50),
      singleMean: mean((c) => c.singleMean),
      ratio: 1,
      runs: ceilings.map((c) => Math.round(c.rps)),
    });
    return rows;
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bundle size as `wrangler deploy --dry-run` reports it. */
export function bundleSize() {
  const out = wranglerRun(['deploy', '--dry-run', '--outdir', join(tmpdir(), 'forewarn-bundle')]);
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(out);
  return m ? { rawKiB: Number(m[1]), gzipKiB: Number(m[2]) } : null;
}
