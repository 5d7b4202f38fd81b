import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../src/i18n';
import { countdownText, RENDERED_TEXT_LIFETIME_MS } from '../../src/views/public/countdown';
import { DAY, HOUR, MINUTE } from '../support/harness';

const START = '2026-12-05T07:00:00.000Z';
const SECOND = 1000;

/** The words a page rendered `before` the start says, as the server writes them. */
const rendered = (before: number, locale: 'en' | 'fr' = 'en') =>
  countdownText(MESSAGES[locale], locale, START, Date.parse(START) - before + RENDERED_TEXT_LIFETIME_MS);

/** "3 days and 2 hours" → its milliseconds. */
function stated(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+) (day|hour|minute)s?/g)) {
    ms += Number(n) * { day: DAY, hour: HOUR, minute: MINUTE }[unit as 'day' | 'hour' | 'minute'];
  }
  return ms;
}

describe('the countdown on a maintenance card', () => {
  it('counts from the last moment its rendering can be read: a minute of rendering and 30 s of caching', () => {
    expect(RENDERED_TEXT_LIFETIME_MS).toBe(90 * SECOND);
    expect(rendered(3 * DAY + 2 * HOUR + 30 * MINUTE)).toBe('Starts in 3 days and 2 hours');
    expect(rendered(72 * HOUR + 90 * SECOND)).toBe('Starts in 72 hours');
    // One second less and the page, read 90 s later, would overstate "72 hours".
    expect(rendered(72 * HOUR + 89 * SECOND)).toBe('Starts in 71 hours and 59 minutes');
    expect(rendered(HOUR + 90 * SECOND)).toBe('Starts in 1 hour');
    expect(rendered(HOUR + 89 * SECOND)).toBe('Starts in 59 minutes');
    expect(rendered(150 * SECOND)).toBe('Starts in 1 minute');
    expect(rendered(149 * SECOND)).toBe('Starts in less than a minute');
    expect(rendered(90 * SECOND)).toBe('Not started yet');
    expect(rendered(-2 * HOUR)).toBe('Not started yet');
  });

  it('speaks French to a French reader', () => {
    expect(rendered(3 * DAY + 2 * HOUR + 30 * MINUTE, 'fr')).toBe('Commence dans 3 jours et 2 heures');
    expect(rendered(HOUR + 89 * SECOND, 'fr')).toBe('Commence dans 59 minutes');
    expect(rendered(100 * SECOND, 'fr')).toBe('Commence dans moins d’une minute');
    expect(rendered(0, 'fr')).toBe('Pas encore commencée');
  });

  it('never says more time is left than there is, whenever it is rendered and read', () => {
    // Every 7 min 13 s over five days: the words, read at the end of their rendering's life, never overstate.
    for (let before = 0; before < 5 * DAY; before += 7 * MINUTE + 13 * SECOND) {
      const words = rendered(before);
      const leftWhenLastRead = before - RENDERED_TEXT_LIFETIME_MS;
      expect(stated(words), `${before} ms before: ${words}`).toBeLessThanOrEqual(Math.max(0, leftWhenLastRead));
    }
  });
});
