// The rate a relay sees, as it counts it: the most events (transactions started, messages
// accepted) that fall within any one second. Used by the send-rate test and bench:fanout.

/** The most of `times` (milliseconds) within any 1,000 ms window. */
export function busiestSecond(times) {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j] < sorted[i] - 999) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
