/** The most of `times` (milliseconds) within any 1,000 ms window. */
export function busiestSecond(times: readonly number[]): number;
