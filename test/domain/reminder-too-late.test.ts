import { describe, expect, it } from 'vitest';
import { reminderTooLate } from '../../src/domain/notices';

// The one rule e-mail and chat channels share for a reminder sent late (a backed-up queue, a
// platform's Retry-After): at or after the start it would count down to a moment gone by.
describe('a reminder sent late', () => {
  const reminder = { kind: 'reminder', payload: { window: { scheduled_for: '2026-12-05T20:00:00.000Z' } } };

  it('is sent up to the start, and not from the start on', () => {
    expect(reminderTooLate(reminder, new Date('2026-12-05T19:59:59.000Z'))).toBe(false);
    expect(reminderTooLate(reminder, new Date('2026-12-05T20:00:00.000Z'))).toBe(true);
    expect(reminderTooLate(reminder, new Date('2026-12-05T21:00:00.000Z'))).toBe(true);
  });

  it('concerns reminders only: an announcement or a start sent late still goes', () => {
    const late = new Date('2026-12-06T00:00:00.000Z');
    expect(reminderTooLate({ ...reminder, kind: 'scheduled' }, late)).toBe(false);
    expect(reminderTooLate({ ...reminder, kind: 'started' }, late)).toBe(false);
    expect(reminderTooLate({ kind: 'component_update', payload: {} }, late)).toBe(false);
  });
});
