import { describe, expect, it } from 'vitest';
import { parseReminders } from '../../src/routes/admin-ui/maintenance-input';
import { durationInput, durationLabel } from '../../src/views/admin/durations';
import { operatorMessage } from '../../src/views/admin/error-words';

describe('reminder offsets written back as the form takes them', () => {
  it('days past the 72-hour preset, whole hours, else minutes', () => {
    expect([10080, 4320, 1440, 2880, 60, 90, 30].map(durationLabel)).toEqual(['7 d', '72 h', '24 h', '48 h', '1 h', '90 min', '30 min']);
    expect([10080, 120, 90].map(durationInput)).toEqual(['7d', '2h', '90']);
  });

  it('what the edit form would show reads back to the same minutes', () => {
    const minutes = [86400, 10080, 4320, 1500, 60, 45, 1];
    const issues: { path: string; message: string }[] = [];
    expect(parseReminders(minutes.map(durationInput).join(', '), issues)).toEqual(minutes);
    expect(issues).toEqual([]);
  });
});

describe('refusals in the operator’s words', () => {
  it('the API’s messages and zod’s own become sentences; what is already one is kept', () => {
    expect(operatorMessage({ message: 'scheduled_until must be after scheduled_for' }, 'scheduled_until')).toBe(
      'The end must be after the start.',
    );
    expect(operatorMessage({ message: 'a maintenance window lasts at most 14 days' })).toBe(
      'A maintenance lasts at most 14 days: bring the end closer to the start.',
    );
    expect(
      operatorMessage({
        message: 'cannot move maintenance abc from scheduled to completed: a maintenance must start before it is completed',
      }),
    ).toBe('It cannot go from “scheduled” to “completed”: a maintenance must start before it is completed.');
    expect(
      operatorMessage({ message: 'Too big: expected string to have <=200 characters', code: 'too_big', origin: 'string', maximum: 200 }),
    ).toBe('At most 200 characters.');
    expect(operatorMessage({ message: 'must not be empty', code: 'too_small' }, 'name')).toBe('Enter a name.');
    expect(operatorMessage({ message: 'must not be empty', code: 'too_small' }, 'body')).toBe('Write a message.');
    expect(operatorMessage({ message: 'Enter a date and time, e.g. 2026-12-05 08:00.' })).toBe(
      'Enter a date and time, e.g. 2026-12-05 08:00.',
    );
    expect(operatorMessage({ message: 'something new went wrong' })).toBe('Something new went wrong.');
  });
});
