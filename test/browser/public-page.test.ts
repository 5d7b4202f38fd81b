// The demo page (scripts/seed.mjs) in Chromium: what a reader sees in English, in French, in the
// dark, on a phone; an incident, a maintenance and the history pages. axe-core must find no
// serious or critical violation anywhere; screenshots land in test/artifacts/ for a person.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminApi } from '../../scripts/admin-api.mjs';
import { DATE_STYLE } from '../../src/i18n/format';
import { phone } from './phone-support';
import { launch, open, screenshot, seriousViolations } from './support';

const { url, adminToken } = inject('localWorker');
const DAY = 86_400_000;

const api = adminApi(url, adminToken).ok;

/**
 * In the page, once its script ran: each `ol.bars` as its runs of days, from the items' classes
 * (`s3 mo14`: 3 days from column 14), with each run's button text and how far its box is from
 * its days' columns and gaps (in px).
 */
const RUNS_OF = `(bars) => {
  const list = bars.getBoundingClientRect();
  const column = (list.width - 89) / 90;
  return [...bars.children].map((li) => {
    const at = /([a-z]{2})(\\d+)$/.exec(li.className);
    const days = Number((/^s(\\d+) /.exec(li.className) || [0, 1])[1]);
    const from = Number(at[2]);
    const box = li.getBoundingClientRect();
    const misfit = Math.max(Math.abs(box.left - list.left - (from - 1) * (column + 1)), Math.abs(box.width - (days * column + days - 1)));
    const button = li.querySelector('button');
    return { code: at[1], from, days, misfit, words: button ? button.textContent : null, tabIndex: button ? button.tabIndex : null };
  });
}`;
type Run = { code: string; from: number; days: number; misfit: number; words: string | null; tabIndex: number | null };
const runsOf = (page: Page) => page.evaluate(`[...document.querySelectorAll('ol.bars')].map(${RUNS_OF})`) as Promise<Run[][]>;

/** Every list's runs cover its 90 days in order, each drawn over its own columns, each with its words. */
function expectWholeDays(lists: Run[][]) {
  for (const runs of lists) {
    let next = 1;
    for (const run of runs) {
      expect(run.from).toBe(next);
      expect(run.misfit).toBeLessThan(0.5);
      expect(run.words).toMatch(/\S/);
      next += run.days;
    }
    expect(next).toBe(91);
    // One tab stop per component, on its latest days.
    expect(runs.map((r) => r.tabIndex)).toEqual([...Array(runs.length - 1).fill(-1), 0]);
  }
}

/** The tooltip: shown or not, its text, and whether it stays in the viewport. */
const TIP = `(() => {
  const tip = document.querySelector('.tip');
  const box = tip.getBoundingClientRect();
  return { shown: !tip.hidden, text: tip.textContent, inside: box.left >= 0 && box.right <= document.documentElement.clientWidth };
})()`;
const tipOf = (page: Page) => page.evaluate(TIP) as Promise<{ shown: boolean; text: string; inside: boolean }>;
const focusedWords = (page: Page) => page.evaluate(`document.activeElement.closest('ol.bars') && document.activeElement.textContent`);

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
      expect(await page.locator('ul.components > li').count()).toBe(7);
      // Every day is in a run, drawn over its own columns, each run a button with its words:
      // dates, then what the days were.
      const lists = await runsOf(page);
      expect(lists).toHaveLength(7);
      expectWholeDays(lists);
      expect(lists[0]?.[0]?.words).toMatch(/^\d{1,2}\D.*\d{4}: \S/);
      // The demo's incident, 37 days ago, on Reports and exports, in the catalogue's words.
      const exports = lists.flat().filter((run) => run.words?.includes('Exports failing'));
      expect(exports.length).toBeGreaterThan(0);
      for (const run of exports)
        expect(run.words).toMatch(/^\d{1,2} \S+ \d{4}: Major outage, \d+\.\d\d% uptime, incident: Exports failing for large reports$/);
      expect(await page.getAttribute('ol.bars', 'aria-label')).toBe(
        `Uptime of ${await page.textContent('ul.components > li > h3')} over the last 90 days`,
      );
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
      // A plain run (sent as no element at all) is named by the script: its dates, and the words
      // of an operational day without incidents.
      const from = Date.parse(`${await page.getAttribute('ul.legend', 'data-from')}T12:00:00Z`);
      const plain = (await runsOf(page)).flat().find((r) => r.days > 1 && r.code === 'op');
      expect(plain).toBeDefined();
      const run = plain && {
        from: from + (plain.from - 1) * DAY,
        until: from + (plain.from + plain.days - 2) * DAY,
        title: plain.words ?? '',
      };
      // Chromium's and Node's ICU may space the dash differently (thin space or not).
      const dates = new Intl.DateTimeFormat('en-GB', DATE_STYLE).formatRange(run?.from ?? 0, run?.until ?? 0);
      const spaced = (text = '') => text.replace(/\s+/g, ' ');
      expect(spaced(run?.title)).toBe(spaced(`${dates}: Operational, 100.00% uptime, no incidents`));
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a keyboard reaches every day: one tab stop per component, the arrow keys walk its days, their words in a tooltip', async () => {
    const { page, problems, close } = await open(browser, url, '/', { locale: 'en-GB' });
    try {
      const lists = await runsOf(page);
      // Into the first component's bars from its group's summary: its latest days.
      await page.focus('details.group > summary');
      await page.keyboard.press('Tab');
      const first = lists[0] ?? [];
      expect(await focusedWords(page)).toBe(first.at(-1)?.words);
      expect(await tipOf(page)).toEqual({ shown: true, text: first.at(-1)?.words, inside: true });
      expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
      // Back a run, to the first, forward one: the tooltip follows.
      await page.keyboard.press('ArrowLeft');
      expect(await focusedWords(page)).toBe(first.at(-2)?.words);
      expect((await tipOf(page)).text).toBe(first.at(-2)?.words);
      await page.keyboard.press('Home');
      expect(await focusedWords(page)).toBe(first[0]?.words);
      await page.keyboard.press('ArrowRight');
      expect(await focusedWords(page)).toBe(first[1]?.words);
      await screenshot(page, 'home-day-tooltip');
      expect(await seriousViolations(page)).toEqual([]);
      // Escape puts the words away, focus stays; Tab goes on to the next component, where it left off.
      await page.keyboard.press('Escape');
      expect((await tipOf(page)).shown).toBe(false);
      expect(await focusedWords(page)).toBe(first[1]?.words);
      await page.keyboard.press('Tab');
      expect(await focusedWords(page)).toBe(lists[1]?.at(-1)?.words);
      await page.keyboard.press('Shift+Tab');
      expect(await focusedWords(page)).toBe(first[1]?.words);
      // A pointer over a day shows its words too.
      await page.hover('ol.bars >> nth=2 >> li >> nth=0');
      expect((await tipOf(page)).text).toBe(lists[2]?.[0]?.words);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('on a touch screen a tap shows a day’s words, a tap elsewhere puts them away', async () => {
    const { page, problems, close } = await phone(browser, { bypassCSP: true });
    try {
      await page.goto(url);
      const incident = page.locator('ol.bars button', { hasText: 'Exports failing for large reports' }).first();
      const words = await incident.textContent();
      expect(words).toMatch(/: Major outage, \d+\.\d\d% uptime, incident: Exports failing for large reports$/);
      await incident.tap();
      expect(await tipOf(page)).toEqual({ shown: true, text: words, inside: true });
      await screenshot(page, 'home-phone-day');
      expect(await seriousViolations(page)).toEqual([]);
      await page.tap('p.banner');
      expect((await tipOf(page)).shown).toBe(false);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('without its script the page still draws every day in its colour, over its own columns', async () => {
    const { page, close } = await phone(browser, { javaScriptEnabled: false });
    try {
      await page.goto(url);
      // Only the days that are not plain operational are items (the list's background paints the rest).
      const lists = await runsOf(page);
      expect(lists).toHaveLength(7);
      for (const run of lists.flat()) {
        expect(run.misfit).toBeLessThan(0.5);
        expect(run.words).toBeNull();
      }
      expect(lists.flat().map((r) => r.code)).toContain('nd');
      expect(await page.locator('.tip').count()).toBe(0);
      await screenshot(page, 'home-phone-no-script');
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
      const lists = await runsOf(page);
      expectWholeDays(lists);
      expect(lists[0]?.[0]?.words).toMatch(/^\d{1,2}\D.*\d{4}\u00a0: \S/);
      for (const run of lists.flat().filter((r) => r.words?.includes('Échec des exports')))
        expect(run.words).toMatch(
          /^\d{1,2} \S+ \d{4}\u00a0: Panne majeure, \d+,\d\d[\u00a0\u202f]% de disponibilité, incident\u00a0: Échec des exports de gros rapports$/,
        );
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
