// Runs in Node before the worker tests: a real HTTP server on loopback that webhooks are POSTed
// to. It keeps every request per path (one path per scenario, so files never see each other's),
// and answers 500 (or `status`, with a Retry-After when `retryAfter` is given) to the next N
// requests of a path when told to:
//   POST /_control/fail?path=/hooks/x&count=N[&status=429&retryAfter=120]    GET /_requests?path=/hooks/x
import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    webhookReceiver: string;
  }
}

interface Received {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  answered: number;
}

export default async function setup(project: TestProject) {
  const received = new Map<string, Received[]>();
  const failNext = new Map<string, { count: number; status: number; retryAfter: string | null }>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = url.searchParams.get('path') ?? '';
      if (url.pathname === '/_control/fail') {
        failNext.set(path, {
          count: Number(url.searchParams.get('count') ?? '1'),
          status: Number(url.searchParams.get('status') ?? '500'),
          retryAfter: url.searchParams.get('retryAfter'),
        });
        res.writeHead(204).end();
        return;
      }
      if (url.pathname === '/_requests') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received.get(path) ?? []));
        return;
      }
      const failing = failNext.get(url.pathname);
      const answered = failing && failing.count > 0 ? failing.status : 204;
      if (failing && failing.count > 0) failNext.set(url.pathname, { ...failing, count: failing.count - 1 });
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const list = received.get(url.pathname) ?? [];
      list.push({ method: req.method ?? '', path: url.pathname, headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      received.set(url.pathname, list);
      const retryAfter = answered !== 204 && failing?.retryAfter ? { 'retry-after': failing.retryAfter } : undefined;
      res.writeHead(answered, retryAfter).end(answered !== 204 ? 'told to fail' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('webhook receiver did not bind');
  project.provide('webhookReceiver', `http://127.0.0.1:${address.port}`);

  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
}
