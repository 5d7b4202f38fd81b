// The Markdown of one `npm run bench` run (scripts/bench/public.mjs): throughput and ratios to the
// ceilings, CPU per request with its confidence interval, the first request after a write, sizes.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fixed = (n, d) => (Number.isFinite(n) ? n.toFixed(d) : '–');

/**
 * A distribution-free 95 % confidence interval of the median (order statistics: the widest k with
 * P(Binomial(n, ½) < k) ≤ 2.5 % gives [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎], coverage ≥ 95 %); null below 6 samples.
 * With 6 samples it is the range; with 10, the second lowest to the second highest.
 */
export function medianCi(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let choose = 1; // C(n, k)
  let tail = 0;
  let k = 0;
  while (tail + choose / 2 ** n <= 0.025) {
    tail += choose / 2 ** n;
    choose = (choose * (n - k)) / (k + 1);
    k++;
  }
  return k === 0 ? null : [s[k - 1], s[n - k]];
}

/** `median [low–high]`, the median's 95 % interval, or `median (range)` below 6 samples. */
const medianWithCi = (xs) => {
  const ci = medianCi(xs);
  return ci
    ? `${fixed(median(xs), 2)} [${fixed(ci[0], 2)}–${fixed(ci[1], 2)}]`
    : `${fixed(median(xs), 2)} (${fixed(Math.min(...xs), 2)}–${fixed(Math.max(...xs), 2)})`;
};
const ms = (n) => fixed(n, n < 1 ? 3 : 2);
/** The id of the constant of a route: its exact bytes and headers from a bare worker. */
const constantOf = (id) => `constant ${id}`;
const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');

/**
 * Each load run of a route, with its ratio to the mean of the nearest `ceiling` runs before and
 * after it in the run's sequence (a route's runs alternate with its ceilings').
 */
function ratiosTo(loads, ceiling) {
  const ratios = new Map();
  loads.forEach((row, i) => {
    if (row.target === ceiling) return;
    const before = loads.slice(0, i).findLast((r) => r.target === ceiling);
    const after = loads.slice(i + 1).find((r) => r.target === ceiling);
    const around = [before, after].filter(Boolean).map((r) => r.rps);
    const base = around.reduce((a, b) => a + b, 0) / around.length;
    if (!ratios.has(row.target)) ratios.set(row.target, []);
    ratios.get(row.target).push(row.rps / base);
  });
  return ratios;
}

const corunning = (run) => run.options.method === 'corun';

/**
 * Each target's ratios to bare Hono, one per run: in a co-run its req/s over bare Hono's in the
 * same seconds; paired, over the mean of bare Hono's runs around it.
 */
function ratiosToHono(run) {
  if (!corunning(run)) return ratiosTo(run.loads, 'hono');
  const ratios = new Map();
  for (const r of run.coruns) {
    if (!ratios.has(r.target)) ratios.set(r.target, []);
    ratios.get(r.target).push(r.rps / r.ceilingRps);
  }
  return ratios;
}

/**
 * A route's ratios to its constant, one per run: in a co-run, per pass, the route's ratio to bare
 * Hono over its constant's (each against the bare Hono of its own seconds); paired, to the mean
 * of the constant's runs around it.
 */
function ratiosToConstant(run, id) {
  if (!corunning(run)) return ratiosTo(run.loads, constantOf(id)).get(id);
  const xs = overPerPass(run, id, constantOf(id));
  return xs.length ? xs : null;
}

/** Co-run: per pass, `id`'s ratio to bare Hono over `base`'s in the same pass. */
function overPerPass(run, id, base) {
  const ratio = (target) => new Map(run.coruns.filter((r) => r.target === target).map((r) => [r.pass, r.rps / r.ceilingRps]));
  const its = ratio(base);
  return [...ratio(id)].filter(([pass]) => its.has(pass)).map(([pass, x]) => x / its.get(pass));
}

/** The load runs of each target (a co-run's bare Hono is its ceilingRps). */
function runsByTarget(run) {
  const byTarget = new Map();
  const add = (id, row) => {
    if (!byTarget.has(id)) byTarget.set(id, []);
    byTarget.get(id).push(row);
  };
  if (corunning(run)) {
    for (const r of run.coruns) {
      add(r.target, r);
      add(r.ceiling, { rps: r.ceilingRps, p50: Number.NaN, p99: Number.NaN, errors: 0 });
    }
  } else for (const r of run.loads) add(r.target, r);
  return byTarget;
}

function throughput(run, routes) {
  const byTarget = runsByTarget(run);
  const toHono = ratiosToHono(run);
  const lines = [
    `| target | bytes | req/s, median (runs)${corunning(run) ? ', half a core' : ''} | × bare Hono, median [95 % CI] | × its constant, median [95 % CI] | its constant × bare Hono | p50 ms | p99 ms | errors |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const range = (xs) => (xs ? medianWithCi(xs) : '');
  const row = (label, id, bytes) => {
    const rows = byTarget.get(id) ?? [];
    const rps = rows.map((r) => r.rps);
    const own = id === 'hono' ? null : ratiosToConstant(run, id);
    const ceiling = id === 'hono' ? null : toHono.get(constantOf(id));
    const shown =
      corunning(run) && rps.length > 12 ? `${rps.length} runs, ${int(Math.min(...rps))}–${int(Math.max(...rps))}` : rps.map(int).join(', ');
    lines.push(
      `| ${label} | ${int(bytes)} | ${int(median(rps))} (${shown}) | ${id === 'hono' ? '1.00' : range(toHono.get(id))} | ${own ? `**${range(own)}**` : ''} | ${ceiling ? fixed(median(ceiling), 2) : ''} | ${fixed(median(rows.map((r) => r.p50)), 1)} | ${fixed(median(rows.map((r) => r.p99)), 1)} | ${rows.reduce((a, r) => a + r.errors, 0)} |`,
    );
  };
  row('bare Hono worker (ceiling)', 'hono', 2);
  for (const page of run.options.pages)
    for (const path of routes) row(`${page} \`${path}\``, `${page} ${path}`, run.sizes[page][path].bytes);
  return lines;
}

/** The control's target id (bare Hono on a second server), when the run had one. */
export const CONTROL = 'curve hono again';

/**
 * Co-run: each route's ratio to bare Hono over the control's in the same pass. Bare Hono is loaded
 * in every run, each other server once a pass; a server loaded that seldom reads a few per cent
 * below one loaded all along even when it is bare Hono itself (three bare Hono servers loaded
 * equally read 0.98-1.02 of each other), and the control, loaded like a route, has that handicap too.
 */
function overControl(run, routes) {
  if (!corunning(run) || !run.curve?.some(({ id }) => id === CONTROL)) return [];
  const lines = [
    "**Over the control** (co-run): per pass, each target's ratio to bare Hono over the control's, bare Hono on a second server loaded as seldom as a target (bare Hono itself is loaded in every run, and a server loaded once a pass reads a few per cent below one loaded all along, whatever it serves):",
    '',
    '| target | × the control, median [95 % CI] | its constant × the control |',
    '| --- | ---: | ---: |',
  ];
  const row = (label, id, constant) => {
    const xs = overPerPass(run, id, CONTROL);
    const cs = constant ? overPerPass(run, constant, CONTROL) : [];
    lines.push(`| ${label} | ${xs.length ? medianWithCi(xs) : '–'} | ${cs.length ? medianWithCi(cs) : ''} |`);
  };
  for (const page of run.options.pages)
    for (const path of routes) row(`${page} \`${path}\``, `${page} ${path}`, constantOf(`${page} ${path}`));
  for (const { id, label } of run.curve) if (id !== CONTROL) row(label, id);
  return [...lines, ''];
}

/**
 * The ceiling curve: bare workers answering N bytes, each paired with bare Hono; the largest body
 * that still reaches 0.9× bare Hono here says which routes such a target can hold.
 */
function curve(run) {
  if (!run.curve?.length) return [];
  const toHono = ratiosToHono(run);
  const cpu = run.cpu.summary;
  const lines = [
    '| bare worker answering | header bytes | × bare Hono, median [95 % CI] | CPU per request × bare Hono |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const { id, label, headerBytes } of run.curve) {
    const xs = toHono.get(id) ?? [];
    lines.push(
      `| ${label} | ${int(headerBytes)} | ${xs.length ? medianWithCi(xs) : '–'} | ${cpu[id] ? fixed(cpu[id].mean / cpu.hono.mean, 2) : '–'} |`,
    );
  }
  return lines;
}

function cpu(run, routes) {
  const s = run.cpu.summary;
  const hono = s.hono.mean;
  const lines = [
    '| target | ms per request, mean ± 95 % CI | median | × bare Hono | minus bare Hono, ms | its constant, ms | × its constant |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const row = (label, id) => {
    const x = s[id];
    const c = s[constantOf(id)];
    lines.push(
      `| ${label} | ${ms(x.mean)} ± ${ms(x.ci95)} | ${ms(x.median)} | ${fixed(x.mean / hono, 2)} | ${id === 'hono' ? '' : ms(x.mean - hono)} | ${c ? `${ms(c.mean)} ± ${ms(c.ci95)}` : ''} | ${c ? fixed(x.mean / c.mean, 2) : ''} |`,
    );
  };
  row('bare Hono worker', 'hono');
  for (const page of run.options.pages) for (const path of routes) row(`${page} \`${path}\``, `${page} ${path}`);
  return lines;
}

function afterWrite(run, routes, pick) {
  const lines = [
    '| route | after a write, writing isolate | after a write, another isolate | no write, writing isolate | no write, another isolate |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const cell = (samples) => {
    const xs = samples.map(pick).filter((x) => x !== null);
    return xs.length ? `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})` : '–';
  };
  for (const path of routes) {
    const x = run.afterWrite.samples[path];
    if (x) lines.push(`| \`${path}\` | ${cell(x.writer)} | ${cell(x.other)} | ${cell(x.idleWriter)} | ${cell(x.idleOther)} |`);
  }
  return lines;
}

function sizes(run, routes) {
  const pages = run.options.pages;
  const lines = [
    `| route | ${pages.map((p) => `${p}: bytes | ${p}: gzip bytes`).join(' | ')} |`,
    `| --- | ${pages.map(() => '---: | ---:').join(' | ')} |`,
  ];
  for (const path of routes) {
    lines.push(`| \`${path}\` | ${pages.map((p) => `${int(run.sizes[p][path].bytes)} | ${int(run.sizes[p][path].gzip)}`).join(' | ')} |`);
  }
  return lines;
}

/** How the throughput was compared, for the report's text. */
function throughputMethod(run) {
  const o = run.options;
  if (corunning(run)) {
    const shares = run.coruns.map((r) => r.cpuShare).filter(Number.isFinite);
    return `**Throughput, co-run** (${run.generator}, ${o.connections} connections each, ${o.seconds} s per run): every target and bare Hono loaded at the same time, each by its own ${run.generator}, both workerds on the same core${o.direct ? ", each worker reached by a socket of its own, not through Miniflare's entry worker (BENCH_DIRECT)" : ''}, so that whatever the host does to its speed meanwhile it does to both; ${o.pairs} passes, each through every target; a run's ratio is the target's req/s over bare Hono's in the same seconds; median over the passes with its 95 % confidence interval from order statistics. The target's share of the core's CPU in those seconds: median ${fixed(median(shares), 3)} (${fixed(Math.min(...shares), 2)}–${fixed(Math.max(...shares), 2)}). "× its constant": per pass, the route's ratio to bare Hono over its constant's. A target is met only when the interval's low end reaches it:`;
  }
  return `**Throughput** (${run.generator}, ${o.connections} connections, ${o.seconds} s per run; each route's ${o.pairs} runs alternate with runs of both its ceilings, bare Hono and its constant (a bare worker answering the route's exact bytes and headers), ceilings first and last; a run's ratio is to the mean of that ceiling's runs just before and after it, median over the ${o.pairs} with its 95 % confidence interval from order statistics (from 6 runs: the range); a target is met only when the interval's low end reaches it):`;
}

export function renderMarkdown(run, routes) {
  const o = run.options;
  const during = (corunning(run) ? run.coruns : run.loads).map((r) => r.loadavg1);
  return [
    `Run ${run.startedAt} → ${run.endedAt}, ${run.tree.ref === 'working tree' ? `the working tree at ${run.tree.commit}${run.tree.dirty ? ' with uncommitted changes' : ''}` : `${run.tree.ref} (${run.tree.commit})`};`,
    `${run.machine.cpus} × ${run.machine.model}, ${run.machine.memGiB} GiB, Node ${run.machine.node}; bundle ${run.bundle.rawKiB} KiB, ${run.bundle.gzipKiB} KiB gzipped.`,
    `Load average (1, 5, 15 min) ${run.loadavg.start.join(', ')} at the start, ${run.loadavg.end.join(', ')} at the end; 1-min ${fixed(Math.min(...during), 1)}–${fixed(Math.max(...during), 1)} during the load runs.`,
    run.pinned
      ? `Each workerd pinned to CPU ${run.pinned.worker}, the bench and ${run.generator} to CPU ${run.pinned.load} (taskset): the load generator does not take the worker's core. Read the ratios, not the absolute figures.`
      : `Not pinned: the load generator and the workers shared the cores. Read the ratios, not the absolute figures.`,
    '',
    throughputMethod(run),
    '',
    ...throughput(run, routes),
    '',
    ...(run.curve?.length
      ? [
          `**Ceiling curve** (bare workers answering N bytes of text with bare Hono's one header, and 2 bytes with a Forewarn document's headers; each beside bare Hono as above): what the bytes and headers alone cost here, whoever serves them. The first row is the control, bare Hono itself on a second server: whatever it reads other than 1.00 is this run's noise, and no ratio above is known more finely than its interval. The second is bare Hono given Forewarn's bindings (D1, KV, the queue producer, vars): what a worker with bindings pays here on every request, whatever it answers.`,
          '',
          ...curve(run),
          '',
          ...overControl(run, routes),
        ]
      : []),
    `**CPU per request, warm** (workerd process CPU, ${run.cpu.source}; ${o.cpuBatches} batches of ${o.cpuBatch} requests, 4 at a time, per target, interleaved; the workerd process's idle CPU subtracted; includes workerd's HTTP, ${run.options.direct ? "not Miniflare's entry worker (BENCH_DIRECT: each worker reached by a socket of its own)" : "Miniflare's entry worker"} and local KV/D1):`,
    '',
    ...cpu(run, routes),
    '',
    `**First request after a write** (${run.afterWrite.page} page, on a server of its own running under workerd's --async-trace; ${o.writes} writes per route, ms, median (min–max)): a PATCH /api/v1/page, ${run.afterWrite.pauseMs / 1000} s idle, one request in the isolate that wrote, then one in another isolate over the same storage. "No write" is the control: the same two requests after the same idle time without a write.`,
    '',
    'Workerd process CPU from the request until the process is idle again (its idle rate subtracted; includes local KV/D1, the trace writing, and waking up after idle):',
    '',
    ...afterWrite(run, routes, (x) => x.cpuMs),
    '',
    `The worker's own turns for the request (JavaScript holding the isolate lock, summed; wall time inside the turns)${run.afterWrite.unmatched ? `; ${run.afterWrite.unmatched} requests not found in the trace` : ''}:`,
    '',
    ...afterWrite(run, routes, (x) => x.turnsMs),
    '',
    '**Sizes** (one response each; gzip: Node zlib, level 6):',
    '',
    ...sizes(run, routes),
    '',
  ].join('\n');
}
