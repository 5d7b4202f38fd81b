// What the phone and subscriber-page tests share: a reader on a 360 × 740 screen, how wide a page
// really is, and the signed links a subscriber finds in their e-mails.

import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { signLink } from '../../src/domain/signed-links';

export const PHONE = { width: 360, height: 740 };

export interface PhoneReader {
  locale?: string;
  timezoneId?: string;
  colorScheme?: 'light' | 'dark';
  javaScriptEnabled?: boolean;
  /** Let axe-core be injected (the pages' CSP forbids inline script). */
  bypassCSP?: boolean;
}

export interface PhonePage {
  page: Page;
  /** Console errors, page errors and CSP refusals. */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh context (no cookies) on a phone-sized screen. */
export async function phone(browser: Browser, reader: PhoneReader = {}): Promise<PhonePage> {
  const context = await browser.newContext({
    locale: reader.locale ?? 'en-GB',
    timezoneId: reader.timezoneId ?? 'Europe/Paris',
    colorScheme: reader.colorScheme ?? 'light',
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: reader.javaScriptEnabled ?? true,
    bypassCSP: reader.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  return { page, problems, close: () => context.close() };
}

export interface Width {
  /** document.documentElement.scrollWidth */
  scroll: number;
  /** Elements whose right edge passes the viewport's, outside any box that clips or scrolls them. */
  beyond: string[];
}

/**
 * How wide the page is laid out. An element inside a box that scrolls or clips on its own (a
 * `pre` with overflow:auto) does not widen the page, so it is not counted; the box itself is.
 */
export const WIDTH_OF = `(() => {
  const limit = document.documentElement.clientWidth + 0.5;
  const beyond = [];
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit || clipped(el)) continue;
    beyond.push(name(el) + ' → ' + Math.round(box.right));
  }
  return { scroll: document.documentElement.scrollWidth, beyond: beyond.slice(0, 8) };
})()`;

export const widthOf = (page: Page) => page.evaluate(WIDTH_OF) as Promise<Width>;

/** The root's computed background as [r, g, b]. */
export async function background(page: Page): Promise<number[]> {
  const color = (await page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
  const root = (await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')) as string;
  // The body is transparent when the root carries the background.
  const chosen = /rgba\(0, 0, 0, 0\)|transparent/.test(color) ? root : color;
  return (chosen.match(/\d+/g) ?? []).slice(0, 3).map(Number);
}

/**
 * The links of a subscriber's e-mails, signed as the worker signs them, with the SIGNING_SECRET
 * `wrangler dev` reads from .dev.vars (scripts/dev-vars.mjs wrote it when the browser project's worker started).
 */
export async function subscriberLinks(subscriberId: string): Promise<{ confirm: string; manage: string; unsubscribe: string }> {
  const devVars = readFileSync(new URL('../../.dev.vars', import.meta.url), 'utf8');
  const secret = /^SIGNING_SECRET=(.*)$/m.exec(devVars)?.[1]?.replace(/^"(.*)"$/, '$1');
  if (!secret) throw new Error('.dev.vars has no SIGNING_SECRET');
  const expires = Math.floor(Date.now() / 1000) + 24 * 3600;
  const confirm = await signLink(secret, { purpose: 'confirm', subscriberId, expires });
  const manage = await signLink(secret, { purpose: 'manage', subscriberId });
  return { confirm: `/confirm/${confirm}`, manage: `/manage/${manage}`, unsubscribe: `/unsubscribe/${manage}` };
}
