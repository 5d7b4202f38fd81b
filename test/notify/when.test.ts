import { describe, expect, it } from 'vitest';
import { formatInstant, formatLead, formatTimeLeft, formatWindow } from '../../src/notify/when';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('times in e-mails', () => {
  it('say the window in the reader’s zone and language, the day once when it is one day', () => {
    expect(formatWindow('2026-12-05T07:00:00.000Z', '2026-12-05T11:00:00.000Z', 'fr', 'Europe/Paris')).toBe(
      'samedi 5 décembre 2026, 08:00 → 12:00 (Europe/Paris)',
    );
    expect(formatWindow('2026-12-05T23:30:00.000Z', '2026-12-06T01:00:00.000Z', 'en', 'Etc/UTC')).toBe(
      'Saturday, 5 December 2026, 23:30 → Sunday, 6 December 2026, 01:00 (UTC)',
    );
    expect(formatWindow('2026-12-05T07:00:00.000Z', '2026-12-05T11:00:00.000Z', 'en', 'Not/AZone')).toMatch(/\(UTC\)$/);
  });

  it('write the first of a month "1er" in French, and only the first', () => {
    expect(formatWindow('2026-11-30T22:00:00.000Z', '2026-12-11T07:00:00.000Z', 'fr', 'Europe/Paris')).toBe(
      'lundi 30 novembre 2026, 23:00 → vendredi 11 décembre 2026, 08:00 (Europe/Paris)',
    );
    expect(formatWindow('2026-12-01T07:00:00.000Z', '2026-12-01T11:00:00.000Z', 'fr', 'Europe/Paris')).toBe(
      'mardi 1er décembre 2026, 08:00 → 12:00 (Europe/Paris)',
    );
    expect(formatInstant('2027-01-01T07:00:00.000Z', 'fr', 'Europe/Paris')).toBe('vendredi 1er janvier 2027 à 08:00 (Europe/Paris)');
    expect(formatInstant('2027-01-01T07:00:00.000Z', 'en', 'Europe/Paris')).toBe('Friday, 1 January 2027 at 08:00 (Europe/Paris)');
  });

  it('say how far ahead a reminder is', () => {
    expect([30, 60, 1440, 4320, 10080].map((m) => formatLead(m, 'en'))).toEqual(['30 minutes', '1 hour', '24 hours', '72 hours', '7 days']);
    expect([60, 120, 10080].map((m) => formatLead(m, 'fr'))).toEqual(['1 heure', '2 heures', '7 jours']);
  });

  it('count in each language’s plural rule: French takes the singular for 0 too', () => {
    expect([0, 1, 2].map((h) => formatLead(h * 60, 'fr'))).toEqual(['0 heure', '1 heure', '2 heures']);
    expect([0, 1, 2].map((h) => formatLead(h * 60, 'en'))).toEqual(['0 hours', '1 hour', '2 hours']);
  });
});

describe('the time left before a start', () => {
  it('never says more than is left: a reminder sent a minute late says so', () => {
    // The issue: "starts in 6 minutes" with about 5 left. Every unit is rounded down.
    expect(formatTimeLeft(5 * MINUTE + 59_999, 'en')).toBe('5 minutes');
    expect(formatTimeLeft(59 * MINUTE + 30_000, 'en')).toBe('59 minutes');
    expect(formatTimeLeft(2 * HOUR - MINUTE, 'en')).toBe('1 hour and 59 minutes');
    expect(formatTimeLeft(DAY - 1_000, 'en')).toBe('23 hours and 59 minutes');
    expect(formatTimeLeft(7 * DAY - MINUTE, 'en')).toBe('6 days and 23 hours');
    expect(formatTimeLeft(7 * DAY - MINUTE, 'fr')).toBe('6 jours et 23 heures');
    expect(formatTimeLeft(2 * HOUR - MINUTE, 'fr')).toBe('1 heure et 59 minutes');
  });

  it('reads like the reminder’s own lead when it is sent on time', () => {
    for (const minutes of [1, 5, 30, 60, 120, 720, 1440, 2880, 4320, 10080, 20160]) {
      for (const locale of ['en', 'fr'] as const) expect(formatTimeLeft(minutes * MINUTE, locale)).toBe(formatLead(minutes, locale));
    }
  });

  it('under a minute, or past the start, says less than a minute rather than one', () => {
    expect([59_999, 0, -5 * MINUTE, Number.NaN].map((ms) => formatTimeLeft(ms, 'en'))).toEqual(Array(4).fill('less than a minute'));
    expect(formatTimeLeft(30_000, 'fr')).toBe('moins d’une minute');
    expect(formatTimeLeft(MINUTE, 'fr')).toBe('1 minute');
  });

  it('is never more than the time left, whatever it is (every minute over eight days)', () => {
    const said = (text: string): number => {
      let ms = 0;
      for (const [, n, unit] of text.matchAll(/(\d+) (minute|hour|day|heure|jour)/g)) {
        ms += Number(n) * (unit === 'minute' ? MINUTE : unit === 'hour' || unit === 'heure' ? HOUR : DAY);
      }
      return ms;
    };
    for (let ms = 0; ms <= 8 * DAY; ms += MINUTE - 7_000) {
      for (const locale of ['en', 'fr'] as const) {
        const text = formatTimeLeft(ms, locale);
        expect(said(text)).toBeLessThanOrEqual(ms);
        // …and rounded down by less than an hour up to 72 hours, by less than a day beyond.
        expect(ms - said(text)).toBeLessThan(ms <= 72 * HOUR ? MINUTE : HOUR);
      }
    }
  });
});
