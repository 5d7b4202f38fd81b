// Runs the worker locally as `npm start` and the browser tests do: real migrations on a local
// D1, `wrangler dev` (workerd) with local KV and Queues, and the demo page seeded once.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDevVars } from './dev-vars.mjs';
import { seedDemo } from './seed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const childEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

function applyMigrations(persistDir) {
  const result = spawnSync(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir], {
    cwd: root,
    env: { ...childEnv, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`migrations failed:\n${result.stdout}\n${result.stderr}`);
}

async function waitForHealth(url, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * @param {{ port?: number, persistDir?: string, seed?: boolean, vars?: Record<string,string>, log?: boolean }} options
 * @returns {Promise<{ url: string, adminToken: string, tick: () => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startLocalWorker({ port = 8787, persistDir = '.wrangler/state', seed = true, vars = {}, log = false } = {}) {
  const devVars = ensureDevVars();
  const url = `http://localhost:${port}`;
  applyMigrations(persistDir);
  const varArgs = Object.entries({ PUBLIC_URL: url, ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--persist-to',
      persistDir,
      '--test-scheduled',
      '--show-interactive-dev-session=false',
      ...varArgs,
    ],
    { cwd: root, env: childEnv, stdio: ['ignore', log ? 'inherit' : 'pipe', log ? 'inherit' : 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output = (output + d).slice(-20_000);
  });
  child.stderr?.on('data', (d) => {
    output = (output + d).slice(-20_000);
  });
  try {
    await waitForHealth(url, child);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${error.message}\n${output}`);
  }
  if (seed) await seedDemo(url, devVars.ADMIN_TOKEN);

  const tick = async () => {
    const res = await fetch(`${url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
    if (!res.ok) throw new Error(`scheduled tick answered ${res.status}`);
  };
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { url, adminToken: devVars.ADMIN_TOKEN, tick, stop, output: () => output };
}
