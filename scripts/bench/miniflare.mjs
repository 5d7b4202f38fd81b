// The workers `npm run bench` serves, each through Miniflare directly (no `wrangler dev`, no dev
// proxy): Forewarn's built bundle, and the two ceilings. Each runs in a workerd process of its own,
// so the CPU a process spends is the CPU of the one worker measured.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readD1Migrations } from '@cloudflare/vitest-plugin';
import { parse as parseToml } from 'smol-toml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
const sh = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
// The miniflare (and workerd) wrangler itself runs: the one `wrangler dev` and deploys are tested with.
const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'));
const { Miniflare, convertV4MiniflareOptions } = await import(fromWrangler.resolve('miniflare'));

/** The host that reaches a server's second worker (another isolate of the same script, same storage). */
export const OTHER_HOST = 'other.localhost';
export const ADMIN_TOKEN = `fw_admin_bench_${'0'.repeat(32)}`;
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

/**
 * The source to bench: this working tree, or with `ref` the tree of that commit exported into `dir`
 * (others' uncommitted work left out), its templates built. `config` is its wrangler.toml.
 */
export function openTree(ref, dir) {
  let treeRoot = root;
  if (ref) {
    treeRoot = join(dir, 'tree');
    mkdirSync(treeRoot);
    sh('sh', ['-c', `git archive "$0" | tar -x -C "$1"`, ref, treeRoot], root);
    symlinkSync(join(root, 'node_modules'), join(treeRoot, 'node_modules'));
    sh(process.execPath, ['scripts/build-templates.mjs'], treeRoot);
  }
  const commit = sh('git', ['rev-parse', '--short', ref ?? 'HEAD'], root).trim();
  const dirty = !ref && sh('git', ['status', '--porcelain', '--untracked-files=no'], root).trim() !== '';
  return { root: treeRoot, commit, dirty, config: parseToml(readFileSync(join(treeRoot, 'wrangler.toml'), 'utf8')) };
}

/**
 * `wrangler deploy --dry-run` of a worker of `tree` into `outdir`; returns the bundle's path and
 * sizes. With `upload`, the bundle is the upload form instead (worker.upload in `outdir`), what
 * `wrangler check startup --worker` reads.
 */
export function bundle(tree, outdir, { main, name, upload = false } = {}) {
  const { config } = tree;
  mkdirSync(outdir, { recursive: true });
  const args = [wrangler, 'deploy', '--dry-run', ...(upload ? ['--outfile', join(outdir, 'worker.upload')] : ['--outdir', outdir])];
  if (main) {
    // A fixture: a configuration of its own beside it, with Forewarn's compatibility and build settings.
    const cfg = join(outdir, 'wrangler.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        name,
        main,
        compatibility_date: config.compatibility_date,
        compatibility_flags: config.compatibility_flags,
        keep_names: config.keep_names,
      }),
    );
    args.push('--config', cfg);
  }
  const r = spawnSync(process.execPath, args, {
    cwd: tree.root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${r.stdout}\n${r.stderr}`);
  const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(r.stdout);
  const sizes = { rawKiB: m ? Number(m[1]) : null, gzipKiB: m ? Number(m[2]) : null };
  if (upload) return { dir: outdir, upload: join(outdir, 'worker.upload'), ...sizes };
  const script = readdirSync(outdir).find((f) => /\.m?js$/.test(f));
  return { dir: outdir, script: join(outdir, script), ...sizes };
}

/**
 * `wrangler check startup` of an upload bundle (bundle(..., { upload: true })): workerd parses the
 * script and runs its global scope under V8's profiler, as Cloudflare does before a Worker's
 * first request. Returns the CPU it was active, in ms, and writes the profile to `profile`.
 */
export function startupMs(tree, built, profile, tries = 3) {
  const r = spawnSync(process.execPath, [wrangler, 'check', 'startup', '--worker', built.upload, '--outfile', profile], {
    cwd: tree.root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const m = /Active: ([\d.]+) ms/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`wrangler check startup failed:\n${r.stdout}\n${r.stderr}`);
  // A startup shorter than the profiler's first sample reads 0 (bare Hono's, now and then): again.
  if (Number(m[1]) === 0 && tries > 1) return startupMs(tree, built, profile, tries - 1);
  return Number(m[1]);
}

/**
 * Keeps every thread of process `pid` on the CPUs `cpus` (taskset's list, e.g. "1"): the worker
 * measured on a core of its own, the load generator on another, so neither takes the other's time.
 */
export function pin(pid, cpus) {
  sh('taskset', ['-a', '-p', '-c', cpus, String(pid)], root);
}

/** The workerd processes this Node process has started. */
function workerdChildren() {
  const pids = new Set();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (stat.includes('(workerd)') && Number(fields[1]) === process.pid) pids.add(Number(pid));
    } catch {
      // ended meanwhile
    }
  }
  return pids;
}

/**
 * One Miniflare server on `port` running `worker` twice: as the first worker (every request) and
 * as a second one reached with `Host: other.localhost`, a second isolate over the same storage.
 * Every server has the same two workers, ceilings included, so the entry worker's routing costs
 * each the same.
 */
async function serve({ name, port, worker, workerdPath, inspectorPort, directPort }) {
  const before = workerdChildren();
  // Miniflare reads MINIFLARE_WORKERD_PATH when it starts workerd (a tracing wrapper, here).
  const inherited = process.env.MINIFLARE_WORKERD_PATH;
  if (workerdPath) process.env.MINIFLARE_WORKERD_PATH = workerdPath;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      port,
      host: '127.0.0.1',
      inspectorPort,
      workers: [
        // A direct socket reaches the worker itself, as Cloudflare's runtime does: not through
        // Miniflare's entry worker, which is a worker of its own on the way of every request.
        directPort ? { name, ...worker, unsafeDirectSockets: [{ host: '127.0.0.1', port: directPort }] } : { name, ...worker },
        { name: `${name}-other`, routes: [`${OTHER_HOST}/*`], ...worker },
      ],
    }),
  );
  const url = String(await mf.ready).replace(/\/$/, '');
  if (inherited === undefined) delete process.env.MINIFLARE_WORKERD_PATH;
  else process.env.MINIFLARE_WORKERD_PATH = inherited;
  const started = [...workerdChildren()].filter((p) => !before.has(p));
  if (started.length !== 1) throw new Error(`${name}: expected one new workerd process, found ${started.length}`);
  const directUrl = directPort ? `http://127.0.0.1:${directPort}` : undefined;
  return { name, url, directUrl, mf, pid: started[0], stop: () => mf.dispose() };
}

const compat = ({ config }) => ({ compatibilityDate: config.compatibility_date, compatibilityFlags: config.compatibility_flags ?? [] });

/** Forewarn's bundle with its bindings (storage in memory, empty), migrations applied. */
export async function serveForewarn({ tree, name, port, bundled, workerdPath, inspectorPort, directPort }) {
  const { config } = tree;
  const url = `http://127.0.0.1:${port}`;
  const server = await serve({
    name,
    port,
    workerdPath,
    inspectorPort,
    directPort,
    worker: {
      modules: true,
      modulesRoot: bundled.dir,
      scriptPath: bundled.script,
      ...compat(tree),
      d1Databases: Object.fromEntries(config.d1_databases.map((d) => [d.binding, d.database_id])),
      kvNamespaces: Object.fromEntries(config.kv_namespaces.map((k) => [k.binding, k.id])),
      // Producers only: the bench writes nothing that notifies, and a consumer would only add noise.
      queueProducers: Object.fromEntries(config.queues.producers.map((q) => [q.binding, { queueName: q.queue }])),
      bindings: { ...config.vars, PUBLIC_URL: url, ADMIN_TOKEN, SIGNING_SECRET },
    },
  });
  const db = await server.mf.getD1Database(config.d1_databases[0].binding);
  for (const migration of await readD1Migrations(join(tree.root, config.d1_databases[0].migrations_dir))) {
    await db.batch(migration.queries.map((q) => db.prepare(q)));
  }
  return { ...server, adminToken: ADMIN_TOKEN, db };
}

/** Runs SQL of one statement per line (scripts/bench/generate.mjs) in batches. */
export async function runSqlLines(db, sql, size = 500) {
  const lines = sql.split('\n').filter((l) => l.trim());
  for (let i = 0; i < lines.length; i += size) await db.batch(lines.slice(i, i + size).map((l) => db.prepare(l)));
  return lines.length;
}

/** The bare Hono ceiling, bundled by wrangler as Forewarn is. */
export function serveHono({ tree, port, bundled, inspectorPort, directPort, name = 'bare-hono' }) {
  return serve({
    name,
    port,
    inspectorPort,
    directPort,
    worker: { modules: true, modulesRoot: bundled.dir, scriptPath: bundled.script, ...compat(tree) },
  });
}

/**
 * The constant ceilings of one page: each of `answers` ({ path, body, headers }; path with its
 * query) answered with exactly its bytes and headers, bodies from files in `dir`.
 */
export function serveConstant({ tree, name, port, dir, answers, directPort }) {
  const dataBlobBindings = {};
  answers.forEach(({ body }, i) => {
    const bodyPath = join(dir, `${name}-body-${i}.bin`);
    writeFileSync(bodyPath, body);
    dataBlobBindings[`BODY_${i}`] = bodyPath;
  });
  const fixture = fileURLToPath(new URL('./fixtures/constant.mjs', import.meta.url));
  return serve({
    name,
    port,
    directPort,
    worker: {
      modules: true,
      modulesRoot: join(fixture, '..'),
      scriptPath: fixture,
      ...compat(tree),
      dataBlobBindings,
      bindings: { ANSWERS: answers.map(({ path, headers }) => ({ path, headers })) },
    },
  });
}
