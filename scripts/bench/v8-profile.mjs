// V8's CPU profiles of a worker's isolate, through workerd's inspector (Chrome DevTools
// Protocol): a session, and what a profile says per function. Used by `npm run bench:profile`
// and by `FANOUT_PROFILE=1 npm run bench:fanout`.

/** A Chrome DevTools Protocol session with one worker's isolate (workerd's inspector). */
export async function inspect(url) {
  // wrangler dev's inspector proxy wants an Origin on its own host (Node's client sends none).
  const ws = new WebSocket(url, { headers: { origin: 'http://127.0.0.1' } });
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error(`no inspector at ${url}`)), { once: true });
  });
  let id = 0;
  const waiting = new Map();
  ws.addEventListener('message', (event) => {
    const msg = JSON.parse(String(event.data));
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(`${msg.error.message} (${msg.error.code})`));
    else w.resolve(msg.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      waiting.set(++id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

/**
 * Self and inclusive time per function of a V8 CPU profile, in ms, with the sampled total.
 *
 * A sample stands for the time until the next one, but at most twice the sampling interval (the
 * deltas' median): a longer gap is time the profiler did not sample (the isolate waiting with no
 * `(idle)` sample, or its thread off the CPU), which would otherwise be charged to whatever ran
 * last before it: a socket `connect` showed 100 ms per call, the relay's greeting. Gaps are
 * reported apart.
 */
export function tally(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const deltas = profile.timeDeltas.filter((d) => d > 0).sort((a, b) => a - b);
  const cap = 2 * (deltas[Math.floor(deltas.length / 2)] ?? 0);
  let gaps = 0;
  const selfUs = new Map();
  // timeDeltas[i] is the time before sample i: the time of sample i is the next delta.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const counted = Math.min(dt, cap);
    gaps += dt - counted;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + counted);
  }
  const name = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  for (const [nodeId, us] of selfUs) {
    const node = nodes.get(nodeId);
    const key = name(node);
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive: each function once per sample's stack (recursion counted once).
    const seen = new Set();
    for (let at = nodeId; at !== undefined; at = parent.get(at)) {
      const k = name(nodes.get(at));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const ms = (m) => [...m].map(([k, us]) => [k, us / 1000]).sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, idleMs: idle / 1000, gapMs: gaps / 1000, capUs: cap, self: ms(self), inclusive: ms(inclusive) };
}

/** Markdown: the top functions of `tally` by self and by inclusive time, per `unit` of `count`. */
export function profileTable(t, { title, count, unit, top = 25 }) {
  const per = (ms) => ((ms / count) * 1000).toFixed(1);
  return [
    `## ${title}, ${count} ${unit}s: sampled JavaScript ${per(t.totalMs)} µs per ${unit} (idle left out, and ${per(t.gapMs)} µs per ${unit} of gaps between samples longer than ${Math.round(t.capUs)} µs)`,
    '',
    `| self µs/${unit} | share | function |`,
    '|---:|---:|---|',
    ...t.self.slice(0, top).map(([k, ms]) => `| ${per(ms)} | ${((ms / t.totalMs) * 100).toFixed(1)} % | \`${k}\` |`),
    '',
    `| inclusive µs/${unit} | function |`,
    '|---:|---|',
    ...t.inclusive.slice(0, top).map(([k, ms]) => `| ${per(ms)} | \`${k}\` |`),
    '',
  ].join('\n');
}
