// The countdown on the demo's upcoming maintenance card, in Chromium with a clock the test
// moves: the page's script says what the server's words say for the same moment (one rule,
// written twice: countdown.ts), in English and French, updates itself the moment a whole
// minute is gone, and never says more time is left than there is.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MESSAGES } from '../../src/i18n';
import { countdownText } from '../../src/views/public/countdown';
import { launch } from './support';

const { url } = inject('localWorker');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** The start of the demo's upcoming maintenance, as its card gives it to the script. */
async function demoStart(): Promise<string> {
  const html = await (await fetch(`${url}/`)).text();
  const found = /data-countdown="([^"]+)"/.exec(html);
  if (!found?.[1]) throw new Error('no countdown on the home page');
  return found[1];
}

interface Reader {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** The home page in `locale`, its clock installed at `at` and paused there once loaded. */
async function readAt(locale: 'en-GB' | 'fr-FR', at: number, timezoneId = 'Europe/Paris'): Promise<Reader> {
  const context = await browser.newContext({ locale, timezoneId });
  await context.clock.install({ time: at - 5 * SECOND });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${url}/`, { waitUntil: 'load' });
  await page.clock.pauseAt(at);
  return { context, page, problems };
}

const countdownOf = (page: Page, start: string) =>
  page.locator(`#upcoming-maintenance ~ article .countdown[data-countdown="${start}"]`).first().textContent();

describe('the countdown in the reader’s browser', () => {
  it('says what the server says at each moment, and changes the moment a whole minute is gone', async () => {
    const start = await demoStart();
    const s = Date.parse(start);
    // Just after each boundary the words must already have dropped; just before, not yet.
    const moments = [
      3 * DAY + 2 * HOUR + 30 * MINUTE,
      72 * HOUR + 500,
      72 * HOUR - 500,
      HOUR + 500,
      HOUR - 500,
      MINUTE + 500,
      MINUTE - 500,
      500,
      -500,
      -2 * HOUR,
    ];
    for (const [locale, lang] of [
      ['en-GB', 'en'],
      ['fr-FR', 'fr'],
    ] as const) {
      const reader = await readAt(locale, s - moments[0]!);
      try {
        const seen: string[] = [];
        for (let i = 0; i < moments.length; i++) {
          // The page's own timers run as the clock moves: nothing reloads it.
          if (i > 0) await reader.page.clock.runFor(moments[i - 1]! - moments[i]!);
          const now = (await reader.page.evaluate('Date.now()')) as number;
          expect(now).toBe(s - moments[i]!);
          const words = await countdownOf(reader.page, start);
          expect(words, `${lang}, ${moments[i]} ms before`).toBe(countdownText(MESSAGES[lang], lang, start, now));
          seen.push(words ?? '');
        }
        expect(reader.problems).toEqual([]);
        if (lang === 'en') {
          expect(seen).toEqual([
            'Starts in 3 days and 2 hours',
            'Starts in 72 hours',
            'Starts in 71 hours and 59 minutes',
            'Starts in 1 hour',
            'Starts in 59 minutes',
            'Starts in 1 minute',
            'Starts in less than a minute',
            'Starts in less than a minute',
            'Not started yet',
            'Not started yet',
          ]);
        } else {
          expect(seen.slice(0, 3)).toEqual([
            'Commence dans 3 jours et 2 heures',
            'Commence dans 72 heures',
            'Commence dans 71 heures et 59 minutes',
          ]);
          expect(seen.at(-1)).toBe('Pas encore commencée');
        }
      } finally {
        await reader.context.close();
      }
    }
  });

  it('writes French dates as the server does: the first of a month is "1er"', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      const page = await context.newPage();
      // A moment on the 1st, put in the served page before its script reads it.
      await page.route(
        (u) => u.pathname === '/',
        async (route) => {
          const response = await route.fetch();
          const body = (await response.text()).replace(
            '<main',
            '<p id="first"><time datetime="2026-12-01T12:00:00.000Z" data-local="long">1 December</time></p><main',
          );
          await route.fulfill({ response, body });
        },
      );
      await page.goto(`${url}/`, { waitUntil: 'load' });
      expect(await page.textContent('#first time')).toBe('mardi 1er décembre 2026 à 13:00 UTC+1');
    } finally {
      await context.close();
    }
  });
});
