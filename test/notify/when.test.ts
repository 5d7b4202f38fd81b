import { describe, expect, it } from 'vitest';
import { formatLead, formatWindow } from '../../src/notify/when';

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

  it('say how far ahead a reminder is', () => {
    expect([30, 60, 1440, 4320, 10080].map((m) => formatLead(m, 'en'))).toEqual(['30 minutes', '1 hour', '24 hours', '72 hours', '7 days']);
    expect([60, 120, 10080].map((m) => formatLead(m, 'fr'))).toEqual(['1 heure', '2 heures', '7 jours']);
  });
});
