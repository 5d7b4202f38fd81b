// A reader on a phone (360 × 740) and a subscriber managing their e-mails, in Chromium against the
// seeded demo page: no page is wider than the screen, the subscriber pages wear the public page's
// frame (header, language switch, dark mode) and the time-zone picker is grouped, shows offsets,
// filters as you type and starts on the browser's zone. Screenshots land in test/artifacts/.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { background, PHONE, phone, subscriberLinks, type Width, widthOf } from './phone-support';
import { launch, screenshot, seriousViolations } from './support';

const { url, adminToken } = inject('localWorker');

const api = adminApi(url, adminToken).ok;

async function subscriberId(email: string): Promise<string> {
  const { subscribers } = await api('GET', '/subscribers?limit=1000');
  const found = subscribers.find((s: { email: string }) => s.email === email);
  if (!found) throw new Error(`no subscriber ${email}`);
  return found.id;
}

/** A subscriber imported as confirmed (the demo's own are left alone), and the links of their e-mails. */
async function importedSubscriber(email: string, timeZone: string) {
  await api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email, locale: 'en', time_zone: timeZone }] });
  return subscriberLinks(await subscriberId(email));
}

async function visit(page: Page, path: string, status = 200) {
  const response = await page.goto(`${url}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(status);
}

/** Submits the form holding `button` and waits for the answer. */
async function press(page: Page, button: string) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
}

const fitsPhone = (widths: Map<string, Width>) => {
  console.log([...widths].map(([path, w]) => `${String(w.scroll).padStart(5)} ${path} ${w.beyond.join(', ')}`).join('\n'));
  for (const [path, width] of widths) {
    expect(width.scroll, path).toBeLessThanOrEqual(PHONE.width);
    expect(width.beyond, path).toEqual([]);
  }
};

/** Darkest and lightest channel tell a dark page (all below 64) from a light one (all above 192). */
const isDark = (rgb: number[]) => Math.max(...rgb) < 64;
const isLight = (rgb: number[]) => Math.min(...rgb) > 192;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** The public pages of the demo; its incidents and maintenances are found through the pages' own links. */
async function publicPaths(page: Page): Promise<string[]> {
  const paths = ['/', '/?lang=fr', '/history', '/embed', '/subscribe', '/subscribe?lang=fr'];
  for (const from of ['/', '/history']) {
    await visit(page, from);
    const links = (await page.evaluate(
      `[...document.querySelectorAll('main a[href^="/incidents/"], main a[href^="/maintenances/"]')].map((a) => a.getAttribute('href'))`,
    )) as string[];
    for (const link of links) if (!link.endsWith('.ics') && !paths.includes(link)) paths.push(link);
    if (from === '/history' && (await page.locator('a[rel="next"]').count()) > 0) paths.push('/history?page=2');
  }
  return paths;
}

describe('on a 360 px phone', () => {
  it('no public page is wider than the screen, in English or French', async () => {
    const widths = new Map<string, Width>();
    const { page, problems, close } = await phone(browser);
    try {
      const paths = await publicPaths(page);
      expect(paths.filter((p) => p.startsWith('/maintenances/')).length).toBeGreaterThan(0);
      expect(paths.filter((p) => p.startsWith('/incidents/')).length).toBeGreaterThan(0);
      for (const path of paths) {
        await visit(page, path);
        widths.set(path, await widthOf(page));
      }
      // The detail pages in French too: longer status words.
      for (const path of paths.filter((p) => /^\/(incidents|maintenances)\//.test(p))) {
        await visit(page, `${path}?lang=fr`);
        widths.set(`${path}?lang=fr`, await widthOf(page));
        if (path === paths.find((p) => p.startsWith('/incidents/'))) await screenshot(page, 'incident-phone-fr');
      }

      const maintenance = paths.find((p) => p.startsWith('/maintenances/')) ?? '';
      await visit(page, `${maintenance}?lang=en`);
      // One line per component: its name, then before → during, no table columns left to scroll.
      const row = page.locator('#affected-heading + table tbody tr').first();
      // Runs in the page; this project's TypeScript has no DOM types.
      const cells = await row.evaluate((tr: any) =>
        [...tr.children].map((cell: any) => ({ top: Math.round(cell.getBoundingClientRect().top) })),
      );
      const [name, ...statuses] = cells;
      expect(statuses.every((s) => s.top > (name?.top ?? 0))).toBe(true);
      await screenshot(page, 'maintenance-phone');
      expect(problems).toEqual([]);
      await visit(page, '/no/such/page', 404);
      widths.set('/no/such/page (404)', await widthOf(page));
    } finally {
      await close();
    }
    fitsPhone(widths);
  });
});

describe('a subscriber’s pages', () => {
  it('subscribe, confirm, manage and unsubscribe in the public frame, each no wider than the phone', async () => {
    const widths = new Map<string, Width>();
    const email = `phone.${Date.now()}@example.com`;
    const { page, problems, close } = await phone(browser, { timezoneId: 'Asia/Kolkata' });
    const at = async (label: string) => widths.set(label, await widthOf(page));
    try {
      await visit(page, '/subscribe');
      expect(await page.textContent('header.site .brand')).toBe('Pricescope');
      expect(await page.locator('nav[aria-label="Language"] a').allTextContents()).toEqual(['English', 'Français']);
      await at('/subscribe');
      await page.fill('#email', email);
      await press(page, 'form[action="/subscribe"] button[type="submit"]');
      expect(await page.textContent('h1')).toBe('Check your inbox');
      await at('/subscribe (sent)');

      const links = await subscriberLinks(await subscriberId(email));
      // The browser's zone (Chromium says Asia/Calcutta) was sent under its IANA name.
      expect((await api('GET', `/subscribers/${await subscriberId(email)}`)).subscriber.time_zone).toBe('Asia/Kolkata');
      await visit(page, links.confirm);
      expect(await page.textContent('main')).toContain(email);
      await at('/confirm/:token');
      await press(page, 'main form button');
      expect(await page.textContent('h1')).toBe('You are subscribed');
      await at('/confirm/:token (confirmed)');

      await visit(page, links.manage);
      expect(await page.textContent('h1')).toBe('Your subscription');
      expect(await page.inputValue('select[name="time_zone"]')).toBe('Asia/Kolkata');
      await at('/manage/:token');
      await screenshot(page, 'manage-phone');

      await visit(page, links.unsubscribe);
      await at('/unsubscribe/:token');
      await press(page, 'main form button');
      expect(await page.textContent('h1')).toBe('You are unsubscribed');
      await at('/unsubscribe/:token (done)');
      await visit(page, links.manage);
      await at('/manage/:token (unsubscribed)');
      await press(page, 'form[action$="/resubscribe"] button');
      await press(page, 'form[action$="/leave"] button');
      await at('/manage/:token (left)');

      // Under the pages' own CSP (not bypassed here), nothing was refused.
      expect(problems).toEqual([]);
      await visit(page, '/manage/nonsense', 404);
      expect(await page.textContent('header.site .brand')).toBe('Pricescope');
      await at('/manage/nonsense (404)');
    } finally {
      await close();
    }
    fitsPhone(widths);
  });

  it('follow dark mode and the language switch; axe finds nothing serious, dark or light', async () => {
    const links = await importedSubscriber(`dark.${Date.now()}@example.com`, 'Europe/Paris');
    for (const colorScheme of ['dark', 'light'] as const) {
      const { page, close } = await phone(browser, { colorScheme, bypassCSP: true });
      try {
        for (const path of ['/subscribe', links.manage, links.unsubscribe]) {
          await visit(page, path);
          const rgb = await background(page);
          expect(colorScheme === 'dark' ? isDark(rgb) : isLight(rgb), `${path} ${colorScheme}: rgb(${rgb})`).toBe(true);
          const card = (await page.evaluate("getComputedStyle(document.querySelector('.card.subscriber')).backgroundColor")) as string;
          const cardRgb = (card.match(/\d+/g) ?? []).slice(0, 3).map(Number);
          expect(colorScheme === 'dark' ? isDark(cardRgb) : isLight(cardRgb), `${path} card`).toBe(true);
          expect(await seriousViolations(page), `${path} ${colorScheme}`).toEqual([]);
        }
        await visit(page, '/subscribe');
        if (colorScheme === 'dark') await screenshot(page, 'subscribe-phone-dark');
        else {
          // For a person: the same card on a wider screen.
          await page.setViewportSize({ width: 1024, height: 800 });
          await screenshot(page, 'subscribe-wide');
        }
      } finally {
        await close();
      }
    }

    const { page, close } = await phone(browser, { locale: 'en-GB' });
    try {
      await visit(page, links.manage);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await press(page, 'nav[aria-label="Language"] a[hreflang="fr"]');
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await page.textContent('h1')).toBe('Votre abonnement');
      expect(await page.locator('select[name="time_zone"] optgroup').first().getAttribute('label')).toBe('Afrique');
      // A French reader finds a zone by its country's French name, accents or not.
      await page.getByLabel('Trouver votre fuseau horaire').fill('polynesie francaise');
      expect(await page.locator('select[name="time_zone"] option').allTextContents()).toEqual([
        '(UTC−09:00) Gambier — Polynésie française',
        '(UTC−09:30) Marquises — Polynésie française',
        '(UTC−10:00) Tahiti — Polynésie française',
      ]);
      // And by the French name of its city.
      await page.getByLabel('Trouver votre fuseau horaire').fill('londres');
      // (London's offset is today's: +00:00 in winter, +01:00 in summer.)
      expect(await page.locator('select[name="time_zone"] option').allTextContents()).toEqual([
        expect.stringMatching(/^\(UTC\+0[01]:00\) Londres — Royaume-Uni$/),
      ]);
      // The choice is kept, as on the public page: the home page now reads French too.
      await press(page, 'header.site .brand');
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
    } finally {
      await close();
    }
  });

  it('picks a time zone: grouped with offsets, the browser’s zone first, searchable, a saved one kept', async () => {
    const { page, problems, close } = await phone(browser, { timezoneId: 'Asia/Kathmandu' });
    try {
      await visit(page, '/subscribe');
      const picker = 'select[name="time_zone"]';
      expect(await page.inputValue(picker)).toBe('Asia/Kathmandu');
      expect(await page.textContent(`${picker} option:checked`)).toBe('(UTC+05:45) Kathmandu — Nepal');
      expect(await page.locator(`${picker} option[value="Africa/Asmera"]`).count()).toBe(0);
      const all = await page.locator(`${picker} option`).count();
      expect(all).toBeGreaterThan(400);

      const search = page.getByLabel('Find your time zone');
      await search.fill('new york');
      expect(await page.inputValue(picker)).toBe('America/New_York');
      expect(await page.locator(`${picker} option`).count()).toBe(1);
      await search.fill('+05:30');
      expect(await page.inputValue(picker)).toBe('Asia/Colombo');
      expect(await page.locator(`${picker} option`).allTextContents()).toEqual([
        '(UTC+05:30) Colombo — Sri Lanka',
        '(UTC+05:30) Kolkata — India',
      ]);
      // By country too.
      await search.fill('belgium');
      expect(await page.inputValue(picker)).toBe('Europe/Brussels');
      expect(await page.locator(`${picker} option`).count()).toBe(1);
      await search.fill('sao paulo');
      expect(await page.inputValue(picker)).toBe('America/Sao_Paulo');
      // Enter picks, it does not send the form.
      await search.press('Enter');
      expect(page.url()).toBe(`${url}/subscribe`);
      await search.fill('atlantis');
      expect(await page.textContent('[role="status"]')).toBe('No time zone matches.');
      expect(await page.inputValue(picker)).toBe('America/Sao_Paulo');
      expect(await page.locator(`${picker} option`).count()).toBe(all);
      await search.fill('');
      expect(await page.locator(`${picker} option`).count()).toBe(all);
      expect(await page.inputValue(picker)).toBe('America/Sao_Paulo');
      expect(problems).toEqual([]);

      // The home page's form sends the same name (Chromium reports Asia/Katmandu), and says it.
      await visit(page, '/');
      expect(await page.inputValue('#subscribe input[name="time_zone"]')).toBe('Asia/Kathmandu');
      expect(await page.textContent('#zone-note')).toContain('Asia/Kathmandu');

      // A saved choice is the subscriber's: the browser's zone does not replace it.
      const links = await importedSubscriber(`london.${Date.now()}@example.com`, 'Europe/London');
      await visit(page, links.manage);
      expect(await page.inputValue(picker)).toBe('Europe/London');
    } finally {
      await close();
    }

    // Without script: the same grouped select, on the page's zone, and the form still subscribes.
    const plain = await phone(browser, { javaScriptEnabled: false, timezoneId: 'Asia/Tokyo' });
    try {
      await visit(plain.page, '/subscribe');
      expect(await plain.page.locator('input[type="search"]').count()).toBe(0);
      expect(await plain.page.inputValue('select[name="time_zone"]')).toBe('Europe/Paris');
      await plain.page.fill('#email', `nojs.${Date.now()}@example.com`);
      await plain.page.selectOption('select[name="time_zone"]', 'Asia/Tokyo');
      await press(plain.page, 'form[action="/subscribe"] button[type="submit"]');
      expect(await plain.page.textContent('h1')).toBe('Check your inbox');
    } finally {
      await plain.close();
    }
  });
});
