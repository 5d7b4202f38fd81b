// Responses that are a pure function of the read snapshot: rendered once per version, with a
// strong ETag, a short Cache-Control and 304 for a client that already has them.
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { readConfig } from '../env';
import { etagOf, renderings } from '../services/rendered-build';
import type { Snapshot } from '../services/snapshot';
import { fromSnapshot, readSnapshot } from '../services/snapshot';
import { matches, PUBLIC_MAX_AGE } from './conditional';

interface Rendered {
  body: string;
  etag: string;
}

export interface SnapshotContext {
  snapshot: Snapshot;
  baseUrl: string;
}

/** The snapshot to answer from; when KV holds none, the one built from D1 is published after the answer. */
export const currentSnapshot = (c: Context<AppEnv>): Promise<Snapshot> => {
  const deps = c.get('deps');
  return readSnapshot(c.env, deps.clock.now(), {
    writeGapMs: deps.snapshotWriteGapMs,
    defer: (work) => c.executionCtx.waitUntil(work),
  });
};

/**
 * Answers GET/HEAD with `render(snapshot)`, computed once per snapshot version and `key`; pass
 * the snapshot a handler already read so the answer and its checks come from the same one.
 */
export async function snapshotResponse(
  c: Context<AppEnv>,
  key: string,
  contentType: string,
  render: (at: SnapshotContext) => string,
  read?: Snapshot,
): Promise<Response> {
  const snapshot = read ?? (await currentSnapshot(c));
  const baseUrl = readConfig(c.env).PUBLIC_URL;
  const rendered = await fromSnapshot(snapshot, key, async (): Promise<Rendered> => {
    renderings.count++;
    const body = render({ snapshot, baseUrl });
    return { body, etag: await etagOf(body) };
  });
  const headers = { ETag: rendered.etag, 'Cache-Control': `public, max-age=${PUBLIC_MAX_AGE}` };
  if (matches(c.req.header('if-none-match'), rendered.etag)) return c.body(null, 304, headers);
  return c.body(rendered.body, 200, { ...headers, 'Content-Type': contentType });
}
