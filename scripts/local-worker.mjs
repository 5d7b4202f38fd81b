// Runs the worker locally as `npm start` and the browser tests do: real migrations on a local
// D1, `wrangler dev` (workerd) with local KV and Queues, and the demo page seeded once.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureDevVars } from './dev-vars.mjs';
import { seedDemo } from './seed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
// workerd refuses startTls({ expectedServerHostname }) with this switch on, as Cloudflare will: run
// locally as it runs there.
const childEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  NO_COLOR: '1',
  MINIFLARE_WORKERD_AUTOGATES: process.env.MINIFLARE_WORKERD_AUTOGATES ?? 'workerd-autogate-starttls-reject-expected-server-hostname',
};

function applyMigrations(persistDir, configArgs) {
  const result = spawnSync(
    process.execPath,
    [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir, ...configArgs],
    {
      cwd: root,
      env: { ...childEnv, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  );
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
 * With `killable`, wrangler and its workerd run in a process group of their own, so `kill()` can
 * end them at once, mid-request, as a crash would (the fault runs use it).
 * With `config`, another wrangler configuration than wrangler.toml (e.g. one with a send_email binding).
 * With `workerdPath`, wrangler's Miniflare runs that workerd (e.g. a wrapper adding --async-trace).
 * @param {{ port?: number, persistDir?: string, seed?: boolean, vars?: Record<string,string>, log?: boolean, killable?: boolean, args?: string[], config?: string, workerdPath?: string }} options
 * @returns {Promise<{ url: string, adminToken: string, tick: () => Promise<void>, stop: () => Promise<void>, kill: () => Promise<void> }>}
 */
export async function startLocalWorker({
  port = 8787,
  persistDir = '.wrangler/state',
  seed = true,
  vars = {},
  log = false,
  killable = false,
  args = [],
  config,
  workerdPath,
} = {}) {
  const devVars = ensureDevVars();
  const url = `http://localhost:${port}`;
  const configArgs = config ? ['--config', config] : [];
  applyMigrations(persistDir, configArgs);
  // A configuration elsewhere does not read this project's .dev.vars: its secrets come as vars.
  const secrets = config ? { ADMIN_TOKEN: devVars.ADMIN_TOKEN, SIGNING_SECRET: devVars.SIGNING_SECRET } : {};
  const varArgs = Object.entries({ PUBLIC_URL: url, ...secrets, ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
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
      ...configArgs,
      ...varArgs,
      ...args,
    ],
    {
      cwd: root,
      env: workerdPath ? { ...childEnv, MINIFLARE_WORKERD_PATH: workerdPath } : childEnv,
      stdio: ['ignore', log ? 'inherit' : 'pipe', log ? 'inherit' : 'pipe'],
      detached: killable,
    },
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
  const signal = (name) => {
    try {
      if (killable) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // already gone
    }
  };
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      signal('SIGTERM');
      setTimeout(() => signal('SIGKILL'), 5000).unref();
    });
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
  /** SIGKILL to wrangler and workerd together; waits until the port is free again. */
  const kill = async () => {
    if (!killable) throw new Error('kill() needs startLocalWorker({ killable: true })');
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited();
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`${url}/healthz`);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /**
   * CPU seconds (user + system) used so far by the workerd processes of this run (needs
   * `killable`: they share its process group). Linux only: read from /proc.
   */
  const workerdCpuSeconds = () => {
    if (!killable) throw new Error('workerdCpuSeconds() needs startLocalWorker({ killable: true })');
    const ticks = 100; // USER_HZ
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // fields[0] is state (field 3): pgrp is field 5, utime 14, stime 15.
        if (Number(fields[2]) !== child.pid || !stat.includes('(workerd)')) continue;
        total += (Number(fields[11]) + Number(fields[12])) / ticks;
      } catch {
        // the process ended meanwhile
      }
    }
    return total;
  };
  return { url, adminToken: devVars.ADMIN_TOKEN, tick, stop, kill, workerdCpuSeconds, output: () => output };
}
