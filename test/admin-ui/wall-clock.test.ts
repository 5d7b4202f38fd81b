import { describe, expect, it } from 'vitest';
import { parseReminders } from '../../src/routes/admin-ui/maintenance-input';
import { utcToZoned, zonedToUtc } from '../../src/routes/admin-ui/wall-clock';

describe('times typed in the page zone', () => {
  it('Paris winter and summer times convert to UTC and back', () => {
    expect(zonedToUtc('2026-12-05T08:00', 'Europe/Paris')).toBe('2026-12-05T07:00:00.000Z');
    expect(zonedToUtc('2026-07-04T08:00', 'Europe/Paris')).toBe('2026-07-04T06:00:00.000Z');
    expect(utcToZoned('2026-12-06T19:00:00.000Z', 'Europe/Paris')).toBe('2026-12-06T20:00');
    expect(zonedToUtc('2026-12-05T08:00', 'Etc/UTC')).toBe('2026-12-05T08:00:00.000Z');
    expect(zonedToUtc('2026-12-05T08:00', 'America/New_York')).toBe('2026-12-05T13:00:00.000Z');
  });

  it('across the DST change: the repeated hour takes its second (standard-time) instant, the skipped hour lands after the gap', () => {
    expect(zonedToUtc('2026-10-25T02:30', 'Europe/Paris')).toBe('2026-10-25T01:30:00.000Z');
    expect(zonedToUtc('2026-03-29T02:30', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
    expect(utcToZoned('2026-03-29T01:30:00.000Z', 'Europe/Paris')).toBe('2026-03-29T03:30');
  });

  it('anything that is not a datetime-local value is refused', () => {
    for (const bad of ['', 'tomorrow', '2026-02-30T08:00', '2026-12-05 08:00', '2026-12-05T8:00', '2026-12-05T08:00:00Z']) {
      expect(zonedToUtc(bad, 'Europe/Paris'), bad).toBeNull();
    }
  });

  it('reminder offsets read minutes, hours and days, and name what they cannot read', () => {
    const issues: { path: string; message: string }[] = [];
    expect(parseReminders('30, 2h 3d;90min', issues)).toEqual([30, 120, 4320, 90]);
    expect(issues).toEqual([]);
    expect(parseReminders('1w, 15', issues)).toEqual([15]);
    expect(issues).toEqual([{ path: 'reminders', message: expect.stringContaining('"1w" is not a duration') }]);
  });
});
