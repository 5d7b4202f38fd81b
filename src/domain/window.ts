// Rules on a maintenance window and its reminders, kept apart from any clock.
import { Invalid } from './errors';
import { DAY_MS } from './time-units';

export interface Window {
  scheduledFor: Date;
  scheduledUntil: Date;
}

const MAX_WINDOW_DAYS = 31;

/** A window must end after it starts and last at most a month. */
export function checkWindow(window: Window): void {
  const ms = window.scheduledUntil.getTime() - window.scheduledFor.getTime();
  if (ms <= 0) {
    throw new Invalid('scheduled_until must be after scheduled_for', {
      scheduled_for: window.scheduledFor.toISOString(),
      scheduled_until: window.scheduledUntil.toISOString(),
    });
  }
  if (ms > MAX_WINDOW_DAYS * DAY_MS) throw new Invalid(`a maintenance window lasts at most ${MAX_WINDOW_DAYS} days`);
}

/** The moment a reminder `minutesBefore` the start is due. */
export const reminderDueAt = (scheduledFor: Date, minutesBefore: number): Date => new Date(scheduledFor.getTime() - minutesBefore * 60_000);

/** Reminders still worth sending at `now`: those whose moment has not passed. */
export const pendingReminders = (scheduledFor: Date, reminders: readonly number[], now: Date): number[] =>
  reminders.filter((m) => reminderDueAt(scheduledFor, m).getTime() > now.getTime()).sort((a, b) => b - a);

/**
 * How a reschedule moved a window, for its wording. While the work runs only its end can move
 * (extended or shortened); before, the start decides (earlier or later), then the end.
 */
export function windowShift(
  previous: { scheduled_for: string; scheduled_until: string },
  next: { scheduled_for: string; scheduled_until: string },
  running: boolean,
): 'earlier' | 'later' | 'extended' | 'shortened' {
  const start = Math.sign(Date.parse(next.scheduled_for) - Date.parse(previous.scheduled_for));
  const end = Math.sign(Date.parse(next.scheduled_until) - Date.parse(previous.scheduled_until));
  if (running && end !== 0) return end > 0 ? 'extended' : 'shortened';
  if (start !== 0) return start < 0 ? 'earlier' : 'later';
  return end < 0 ? 'shortened' : 'extended';
}
