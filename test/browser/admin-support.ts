// What the admin browser tests share: a local worker with a mail catcher behind it, Debian's
// Chromium driven by playwright-core (never a downloaded browser), axe-core and screenshots.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { adminApi } from '../../scripts/admin-api.mjs';
import { startLocalWorker } from '../../scripts/local-worker.mjs';
import { startMailCatcher } from '../../scripts/mail-catcher.mjs';

const require = createRequire(import.meta.url);
export const ARTIFACTS = join(process.cwd(), 'test', 'artifacts');

/**
 * A port nobody listens on now. Other browser tests start their own workers on fixed ports
 * (test/browser/global-setup.ts); a port picked by the system keeps ours out of their way.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startStack() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'forewarn-admin-ui-'));
  const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  const worker = await startLocalWorker({ port, persistDir: dir, seed: false, vars: { SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}` } });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });

  const api = adminApi(worker.url, worker.adminToken).ok;

  /** A browser context signed in through the sign-in form. */
  async function signedIn(options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: worker.url, viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    await page.goto('/admin');
    await page.getByLabel('API token').fill(worker.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/maintenances');
    return { context, page };
  }

  async function stop() {
    await browser.close();
    await worker.stop();
    await mail.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  return { worker, mail, browser, api, signedIn, stop };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
}

/** axe-core's serious and critical violations on the page (needs a context with bypassCSP: axe is injected inline). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    // Runs in the page; this project's TypeScript has no DOM types, hence the loose typing.
    const page = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, o: object) => Promise<{ violations: any[] }> } };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n: { target: string[] }) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A Saturday at least two weeks away, 08:00 → Sunday 20:00, as datetime-local values in Paris. */
export function migrationWeekend(now = new Date()): { start: string; end: string } {
  const parisDay = (d: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' })
        .formatToParts(d)
        .map((p) => [p.type, p.value]),
    );
  for (let days = 14; ; days++) {
    const saturday = parisDay(new Date(now.getTime() + days * 86_400_000));
    if (saturday.weekday !== 'Sat') continue;
    const sunday = parisDay(new Date(now.getTime() + (days + 1) * 86_400_000));
    return {
      start: `${saturday.year}-${saturday.month}-${saturday.day}T08:00`,
      end: `${sunday.year}-${sunday.month}-${sunday.day}T20:00`,
    };
  }
}
