// Wrangler's CLI for the benches (sqlite-d1.mjs), and the admin-API write that publishes a
// snapshot (every bench uses it).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const wrangler = fileURLToPath(new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

export function wranglerRun(args) {
  const r = spawnSync(process.execPath, [wrangler, ...args], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A write through the admin API; every write publishes the snapshot the public routes read. */
export async function publishPage(worker, name = 'Bench Corp') {
  const res = await fetch(`${worker.url}/api/v1/page`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${worker.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`publishing the snapshot failed: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}
