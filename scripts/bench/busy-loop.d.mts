export function busyLoop(steps: number): number;
export const BUSY_STEPS: number;
