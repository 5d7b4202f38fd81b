// Runs in Node before the worker tests: a real SMTP server on loopback for the tests that do not
// look at their mail, and a "mail lab" that starts a fresh one per scenario, so that a test that
// takes its server down never disturbs another file running at the same time.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';
import { type MailCatcher, startMailCatcher } from '../../scripts/mail-catcher.mjs';
import { setUpTestPki } from './test-pki.mjs';

/**
 * The catcher a scenario asks for: `tls=implicit|starttls` with a certificate for localhost from
 * `authority=trusted` (the CA workerd trusts in tests) or `untrusted`; `throttle_every=N`
 * (`throttle_code`, 454 unless told) to turn away every Nth transaction.
 */
function catcherOptions(query: URLSearchParams): Parameters<typeof startMailCatcher>[0] {
  const mode = query.get('tls');
  const every = Number(query.get('throttle_every') ?? 0);
  let tls: { mode: 'implicit' | 'starttls'; key: string; cert: string } | null = null;
  if (mode === 'implicit' || mode === 'starttls') {
    const pki = setUpTestPki();
    const authority = query.get('authority') === 'untrusted' ? pki.untrusted : pki.trusted;
    tls = { mode, key: readFileSync(authority.key, 'utf8'), cert: readFileSync(authority.cert, 'utf8') };
  }
  return {
    smtpPort: 0,
    httpPort: 0,
    control: true,
    tls,
    throttle: every > 0 ? { every, code: Number(query.get('throttle_code') ?? 454) } : null,
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    smtpPort: number;
    mailLab: string;
  }
}

export default async function setup(project: TestProject) {
  const catchers: MailCatcher[] = [];
  const shared = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  catchers.push(shared);

  const lab = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== '/catchers') {
      res.writeHead(404).end();
      return;
    }
    const catcher = await startMailCatcher(catcherOptions(url.searchParams));
    catchers.push(catcher);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ smtp_port: catcher.smtpPort, http_port: catcher.httpPort }));
  });
  await new Promise<void>((resolve) => lab.listen(0, '127.0.0.1', resolve));
  const address = lab.address();
  if (!address || typeof address === 'string') throw new Error('mail lab did not bind');

  project.provide('smtpPort', shared.smtpPort);
  project.provide('mailLab', `http://127.0.0.1:${address.port}`);

  return async () => {
    const closed = new Promise<void>((resolve) => lab.close(() => resolve()));
    lab.closeAllConnections();
    await closed;
    await Promise.all(catchers.map((c) => c.stop()));
  };
}
