// An isolate evaluates its entry's whole static module graph before its first request. The
// worker's front (src/worker.ts) answers the documents rendered at publish time from what KV
// holds, and imports the rest only when first needed: the router, the cron, the queues and e-mail
// (src/handlers.ts), and reading and rendering the snapshot (services/rendered.ts). A public
// isolate starts without them. Read from wrangler's own bundle: its esbuild metafile, the static
// imports followed from the entry.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Metafile {
  inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

const dir = mkdtempSync(join(tmpdir(), 'forewarn-startup-split-'));
let inputs: Metafile['inputs'];

beforeAll(async () => {
  await promisify(execFile)(
    process.execPath,
    ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', dir, '--metafile', join(dir, 'meta.json')],
    { env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' } },
  );
  inputs = (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Metafile).inputs;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The modules evaluated at startup: those `entry` reaches by static imports. */
function evaluatedAtStartup(entry: string): Set<string> {
  const seen = new Set<string>();
  const next = [entry];
  for (let file = next.pop(); file !== undefined; file = next.pop()) {
    if (seen.has(file) || !inputs[file]) continue;
    seen.add(file);
    for (const imported of inputs[file].imports) if (imported.kind !== 'dynamic-import' && !imported.external) next.push(imported.path);
  }
  return seen;
}

describe('what a new isolate evaluates before its first request', () => {
  it('the answer of the rendered documents, without the router, the admin surfaces, the cron, the queues, e-mail, the configuration schema or the renderers', () => {
    const startup = evaluatedAtStartup('src/index.ts');
    expect(startup).toContain('src/routes/prerendered.ts');
    for (const deferred of [
      'src/handlers.ts',
      'src/app.ts',
      'src/routes/admin-api/index.ts',
      'src/routes/admin-ui/index.ts',
      'src/routes/subscribe/index.tsx',
      'src/services/scheduler.ts',
      'src/notify/consumer.ts',
      'src/notify/fan-out.ts',
      'src/env.ts',
      'src/services/snapshot.ts',
      'src/services/rendered-build.tsx',
      'src/services/rendered-store.ts',
    ]) {
      expect(startup, deferred).not.toContain(deferred);
    }
    for (const library of ['nodemailer', 'zod', 'marked', 'xss', 'feed', 'ical-generator']) {
      expect([...startup].filter((file) => file.includes(`node_modules/${library}/`))).toEqual([]);
    }
  });

  it('the rest is in the same bundle, imported on first need', () => {
    expect(inputs['src/worker.ts']?.imports).toContainEqual(expect.objectContaining({ path: 'src/handlers.ts', kind: 'dynamic-import' }));
    expect(evaluatedAtStartup('src/handlers.ts')).toContain('src/app.ts');
    for (const later of ['src/services/snapshot.ts', 'src/services/rendered-store.ts']) {
      expect(inputs['src/services/rendered.ts']?.imports).toContainEqual(expect.objectContaining({ path: later, kind: 'dynamic-import' }));
    }
  });
});
