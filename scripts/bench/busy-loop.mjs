// A fixed amount of pure CPU work, timed both in Node and inside workerd, to check that the clock
// a benchmark reads in workerd advances during synchronous work and agrees with Node's.

/** `steps` rounds of xorshift32; returns the state so the work cannot be optimised away. */
export function busyLoop(steps) {
  let x = 2463534242;
  for (let i = 0; i < steps; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x >>> 0;
}

/** Steps in one calibration sample: about 2 ms on the development machine's EPYC core. */
export const BUSY_STEPS = 1_000_000;
