// The demo page (scripts/seed.mjs) in Chromium: what a reader sees in English, in French, in the
// dark, on a phone; an incident, a maintenance and the history pages. axe-core must find no
// serious or critical violation anywhere; screenshots land in test/artifacts/ for a person.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATE_STYLE } from '../../src/i18n/format';
import { launch, open, screenshot, seriousViolations } from './support';

const { url, adminToken } = inject('localWorker');
const DAY = 86_400_000;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as any;
}

/** In the page: how many days an `ol.bars` covers, a `dN` item counting N. */
const DAYS_OF = '(bars) => [...bars.children].reduce((n, li) => n + Number((/(?:^| )d(\\d+)/.exec(li.className) || [0, 1])[1]), 0)';
/** In the page: how many items of an `ol.bars` are not as wide as their days' columns and gaps. */
const MISFIT_OF = `(bars) => {
  const column = (bars.getBoundingClientRect().width - 89) / 90;
  return [...bars.children].filter((li) => {
    const days = Number((/(?:^| )d(\\d+)/.exec(li.className) || [0, 1])[1]);
    return Math.abs(li.getBoundingClientRect().width - (days * column + days - 1)) > 0.5;
  }).length;
}`;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
  // The demo's two incidents fit in one quarter; two older ones give the history a third page.
  const { components } = await api('GET', '/components');
  const login = components.find((c: { name: string }) => c.name === 'Login');
  for (const [name, daysAgo] of [
    ['Single sign-on failures for one identity provider', 130],
    ['Search index rebuild slowed queries', 220],
  ] as const) {
    const started = Date.now() - daysAgo * DAY;
    await api('POST', '/incidents/backfill', {
      name,
      impact: 'minor',
      body: 'Some sign-ins failed; retrying worked.',
      components: { [login.id]: 'partial_outage' },
      started_at: new Date(started).toISOString(),
      resolved_at: new Date(started + 2 * 3_600_000).toISOString(),
    });
  }
});

afterAll(async () => {
  await browser?.close();
});

describe('the demo status page in Chromium', () => {
  it('in English: banner, maintenance next weekend, every component with 90 bars; nothing outside, axe clean', async () => {
    const { page, problems, outside, close } = await open(browser, url, '/', { locale: 'en-GB' });
    try {
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('p.banner')).toBe('All Systems Operational');
      expect(await page.textContent('#upcoming-maintenance + article h3')).toBe('Data-centre migration');
      expect(await page.locator('details.group').count()).toBe(3);
      expect(await page.locator('li.component').count()).toBe(7);
      // Days that read the same are one item over their days' columns: 90 days, each drawn apart.
      expect(await page.evaluate(`[...document.querySelectorAll('li.component ol.bars')].map(${DAYS_OF})`)).toEqual(Array(7).fill(90));
      expect(await page.evaluate(`[...document.querySelectorAll('li.component ol.bars')].map(${MISFIT_OF})`)).toEqual(Array(7).fill(0));
      // Every item has its words, plain runs too (named by the page's script): dates, then the day.
      expect(await page.locator('ol.bars li:not([title])').count()).toBe(0);
      expect(await page.locator('li.component ol.bars li').first().getAttribute('title')).toMatch(/^\d{1,2}\D.*\d{4}\u00a0: \S/);
      await screenshot(page, 'home-en');
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('keeps its CSP: the script runs from its own origin and rewrites times in the reader’s zone', async () => {
    const { page, problems, close } = await open(browser, url, '/', { locale: 'en-GB', timezoneId: 'America/New_York', strict: true });
    try {
      expect(await page.textContent('#zone-note')).toBe('Times are shown in your time zone, America/New_York.');
      const start = page.locator('#upcoming-maintenance + article time').first();
      const iso = (await start.getAttribute('datetime')) ?? '';
      const expected = new Intl.DateTimeFormat('en-GB', {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
        timeZone: 'America/New_York',
      }).format(new Date(iso));
      expect(await start.textContent()).toBe(expected);
      expect(await page.inputValue('input[name="time_zone"]')).toBe('America/New_York');
      // A plain run's words come from the script, the legend's words with the run's dates.
      const run = (await page.evaluate(`(() => {
        for (const bars of document.querySelectorAll('ol.bars')) {
          let day = Date.parse(bars.getAttribute('data-from') + 'T12:00:00Z');
          for (const li of bars.children) {
            const days = Number((/(?:^| )d(\\d+)/.exec(li.className) || [0, 1])[1]);
            if (days > 1 && !/tone-/.test(li.className) && li.title.endsWith('Operational, 100.00% uptime, no incidents'))
              return { from: day, until: day + (days - 1) * 86400000, title: li.title };
            day += days * 86400000;
          }
        }
        return null;
      })()`)) as { from: number; until: number; title: string } | null;
      expect(run).not.toBeNull();
      // Chromium's and Node's ICU may space the dash differently (thin space or not).
      const dates = new Intl.DateTimeFormat('en-GB', DATE_STYLE).formatRange(run?.from ?? 0, run?.until ?? 0);
      const spaced = (text = '') => text.replace(/\s+/g, ' ');
      expect(spaced(run?.title)).toBe(spaced(`${dates}: Operational, 100.00% uptime, no incidents`));
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('in French, from the browser’s language; the switcher goes back to English and stays there', async () => {
    const { page, problems, close } = await open(browser, url, '/', { locale: 'fr-FR' });
    try {
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await page.textContent('p.banner')).toBe('Tous les systèmes sont opérationnels');
      expect(await page.textContent('#upcoming-maintenance')).toBe('Maintenances à venir');
      expect(await page.textContent('#zone-note')).toBe('Les heures sont indiquées dans votre fuseau horaire, Europe/Paris.');
      expect(await page.locator('ol.bars li:not([title])').count()).toBe(0);
      expect(await page.locator('li.component ol.bars li').first().getAttribute('title')).toMatch(/^\d{1,2}\D.*\d{4}\u00a0: \S/);
      await screenshot(page, 'home-fr');
      expect(await seriousViolations(page)).toEqual([]);

      await page.click('nav[aria-label="Langue"] a[hreflang="en"]');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.goto(`${url}/history`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('in the dark: the theme follows prefers-color-scheme and stays readable', async () => {
    const { page, close } = await open(browser, url, '/', { colorScheme: 'dark' });
    try {
      const background = (await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')) as string;
      const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
      expect(Math.max(r ?? 255, g ?? 255, b ?? 255)).toBeLessThan(64);
      await screenshot(page, 'home-dark');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('on a phone: one column, nothing wider than the screen', async () => {
    const { page, close } = await open(browser, url, '/', { width: 375 });
    try {
      expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(375);
      await screenshot(page, 'home-phone');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an incident: postmortem, affected components before → after, the timeline', async () => {
    const { page, problems, close } = await open(browser, url, '/history');
    try {
      await page.click('a:text("Exports failing for large reports")');
      await page.waitForURL(/\/incidents\/[a-z0-9]+$/);
      expect(await page.textContent('h1')).toBe('Exports failing for large reports');
      expect(await page.textContent('#postmortem-heading + .body')).toContain('query planner');
      expect((await page.textContent('tbody tr'))?.replace(/\s+/g, ' ')).toContain('Reports and exports');
      expect(await page.locator('ol.timeline > li').count()).toBe(2);
      await screenshot(page, 'incident');
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a maintenance: window, what still works, before → during, an .ics to add', async () => {
    const { page, close } = await open(browser, url, '/');
    try {
      await page.click('#upcoming-maintenance + article h3 a');
      await page.waitForURL(/\/maintenances\/[a-z0-9]+$/);
      expect(await page.textContent('h1')).toBe('Data-centre migration');
      expect(await page.locator('tbody tr').count()).toBe(4);
      const ics = await page.getAttribute('a[type="text/calendar"]', 'href');
      const calendar = await (await fetch(`${url}${ics}`)).text();
      expect(calendar).toContain('SUMMARY:Data-centre migration');
      await screenshot(page, 'maintenance');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the history, a quarter a page: Older and Newer walk through it', async () => {
    const { page, close } = await open(browser, url, '/history');
    try {
      expect(await page.locator('section.month').count()).toBe(3);
      expect(await page.textContent('.pager')).toContain('Page 1 of 3');
      await screenshot(page, 'history-1');
      expect(await seriousViolations(page)).toEqual([]);

      await page.click('a[rel="next"]');
      await page.waitForURL(/\/history\?page=2$/);
      expect(await page.textContent('main')).toContain('Single sign-on failures for one identity provider');
      await page.click('a[rel="next"]');
      await page.waitForURL(/\/history\?page=3$/);
      expect(await page.textContent('main')).toContain('Search index rebuild slowed queries');
      expect(await page.locator('a[rel="next"]').count()).toBe(0);
      await screenshot(page, 'history-3');
      expect(await seriousViolations(page)).toEqual([]);
      await page.click('a[rel="prev"]');
      await page.waitForURL(/\/history\?page=2$/);
    } finally {
      await close();
    }
  });
});
