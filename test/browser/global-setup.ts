// The worker the browser tests look at: `wrangler dev` (workerd) on a fresh local D1 with the
// real migrations and the demo page seeded, started once for the whole browser project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalWorker } from '../../scripts/local-worker.mjs';

/** Away from `npm start` (8787), the local project (8791) and the admin UI tests (8795). */
const PORT = 8797;

declare module 'vitest' {
  export interface ProvidedContext {
    localWorker: { url: string; adminToken: string };
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-browser-'));
  const worker = await startLocalWorker({ port: PORT, persistDir: dir, seed: true });
  project.provide('localWorker', { url: worker.url, adminToken: worker.adminToken });
  return async () => {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
