// Reminder offsets (minutes before the start) written back the way the maintenance form reads
// them (routes/admin-ui/maintenance-input.ts: "30", "2h", "7d"): a "7d" reminder is "7 d", not
// "10080". Up to 72 hours they are hours, like the form's presets (72, 24 and 1 hour before).

const DAY = 1440;

/** The unit an offset is written in: days past the presets' 72 hours, else hours, else minutes. */
function split(minutes: number): { count: number; unit: 'd' | 'h' | 'min' } {
  if (minutes > 72 * 60 && minutes % DAY === 0) return { count: minutes / DAY, unit: 'd' };
  if (minutes % 60 === 0) return { count: minutes / 60, unit: 'h' };
  return { count: minutes, unit: 'min' };
}

/** "10080" → "7 d", "4320" → "72 h", "60" → "1 h", "90" → "90 min": for reading. */
export function durationLabel(minutes: number): string {
  const { count, unit } = split(minutes);
  return `${count} ${unit}`;
}

/** "10080" → "7d", "120" → "2h", "90" → "90": for a form field the form reads back the same. */
export function durationInput(minutes: number): string {
  const { count, unit } = split(minutes);
  return unit === 'min' ? String(count) : `${count}${unit}`;
}
