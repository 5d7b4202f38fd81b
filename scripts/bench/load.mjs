// The load `npm run bench` puts on a worker: wrk where it is installed (C, lighter on a shared
// machine), autocannon otherwise; and a plain keep-alive client for counted batches and single
// requests (CPU per request).
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import autocannon from 'autocannon';

/** What a browser sends; `/` picks its language from it. */
export const HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-GB,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
};

const wrkPath = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).stdout.trim();
export const generator = wrkPath ? 'wrk' : 'autocannon';

const toMs = (value, unit) => Number(value) * { us: 1e-3, ms: 1, s: 1000 }[unit];

/** wrk's output, without blocking this process: two loads may run at once (a co-run). */
function runWrk(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(wrkPath, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`wrk failed: ${stderr}`))));
  });
}

async function wrk(url, { connections, seconds, headers }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const out = await runWrk([...args, url]);
  const latency = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    return m ? toMs(m[1], m[2]) : Number.NaN;
  };
  const errors = [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: latency(50),
    p99: latency(99),
    errors: errors + Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

function cannon(url, { connections, seconds, headers }) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1, headers }, (error, r) => {
      if (error) return reject(error);
      // Completed 2xx responses over the run's length: autocannon's `requests.average` is a mean of
      // per-second samples and counts the first, partial second as a whole one.
      resolve({
        rps: r['2xx'] / (r.duration || seconds),
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.timeouts + r.non2xx,
      });
    });
  });
}

/** Closed-loop load on `url` for `seconds`: req/s (2xx only), p50 and p99 latency (ms), errors. */
export async function load(url, { connections = 50, seconds = 5, headers = HEADERS } = {}) {
  return generator === 'wrk' ? wrk(url, { connections, seconds, headers }) : cannon(url, { connections, seconds, headers });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One GET, body read; `host` reaches another worker of the same server. Resolves with status and bytes. */
export function get(url, { headers = HEADERS, host } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: host ? { ...headers, host } : headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** `count` GETs of `url`, `concurrency` at a time; throws on any non-2xx. */
export async function batch(url, { count, concurrency = 4, headers = HEADERS }) {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      const res = await get(url, { headers });
      if (res.status < 200 || res.status > 299) throw new Error(`${url} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}
