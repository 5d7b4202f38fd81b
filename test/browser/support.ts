// Driving Debian's Chromium with playwright-core against the local worker: pages opened as a
// given reader (language, zone, colour scheme), axe-core's verdict, screenshots for a person.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

export function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
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
}

export interface Reader {
  locale?: string;
  timezoneId?: string;
  colorScheme?: 'light' | 'dark';
  width?: number;
  /**
   * Lets axe-core's script be injected. The pages' own CSP forbids inline script, so a reader
   * that keeps the CSP (`strict`) can check that nothing the page itself does is refused.
   */
  strict?: boolean;
}

export interface Opened {
  page: Page;
  /** Console errors, page errors and CSP refusals. */
  problems: string[];
  /** Requests that left the worker's origin. */
  outside: string[];
  close(): Promise<void>;
}

export async function open(browser: Browser, base: string, path: string, reader: Reader = {}): Promise<Opened> {
  const context = await browser.newContext({
    locale: reader.locale ?? 'en-GB',
    timezoneId: reader.timezoneId ?? 'Europe/Paris',
    colorScheme: reader.colorScheme ?? 'light',
    viewport: { width: reader.width ?? 1024, height: 800 },
    bypassCSP: !reader.strict,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const outside: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(base)) outside.push(request.url());
  });
  const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
  return { page, problems, outside, close: () => context.close() };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it stands. */
export async function seriousViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  await page.addScriptTag({ path: AXE });
  // A string, so it runs in the page and this Node-side file needs no DOM typings.
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}
