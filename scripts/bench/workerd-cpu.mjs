// CPU a workerd process has spent, from Linux's /proc: every thread's run time in nanoseconds
// (/proc/<pid>/task/<tid>/schedstat, first field), summed. That is CPU time, not wall time: on a
// loaded machine a runnable thread waiting for a core is not counted (schedstat's second field
// holds that wait). It counts everything the process does: the worker's JavaScript, workerd's
// HTTP, Miniflare's entry worker, and the local simulation of KV and D1, which in production run
// elsewhere. Falls back to utime + stime (10 ms ticks) where schedstat is missing.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_NS = 1e7; // USER_HZ 100

function threadNs(pid, tid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_NS;
  }
}

/** CPU nanoseconds used so far by every live thread of `pid`. */
export function cpuNs(pid) {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += threadNs(pid, tid);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

/** Whether per-thread run times in nanoseconds are available (else 10 ms ticks). */
export function hasSchedstat(pid) {
  try {
    readFileSync(`/proc/${pid}/schedstat`, 'utf8');
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Nanoseconds per second `pid` spends with no request in flight (timers, housekeeping). */
export async function idleNsPerSecond(pid, ms = 2000) {
  const start = cpuNs(pid);
  const t = performance.now();
  await sleep(ms);
  return ((cpuNs(pid) - start) / (performance.now() - t)) * 1000;
}

/**
 * Waits until `pid` has spent under `thresholdNs` over `windowMs` (work after a response, such as
 * `waitUntil`, has ended); gives up after `maxMs`.
 */
export async function settle(pid, { windowMs = 100, thresholdNs = 300_000, maxMs = 5000 } = {}) {
  const deadline = performance.now() + maxMs;
  let last = cpuNs(pid);
  while (performance.now() < deadline) {
    await sleep(windowMs);
    const now = cpuNs(pid);
    if (now - last < thresholdNs) return true;
    last = now;
  }
  return false;
}

// Student's t, two-sided 95 %, by degrees of freedom (1–30); the normal value beyond.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086,
  2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Mean, 95 % confidence half-width of the mean, median, min, max and n of `xs`. */
export function summarize(xs) {
  const n = xs.length;
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  const t = n > 1 ? (T95[n - 2] ?? 1.96) : Number.NaN;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { mean, ci95: (t * sd) / Math.sqrt(n), median, min: sorted[0], max: sorted[n - 1], n };
}
