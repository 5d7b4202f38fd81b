// Lengths of time in milliseconds, as Date and the clock count them. Days here are 24 hours: a
// local calendar day (which a change of offset makes 23 or 25 hours) is zone-days.ts's.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
