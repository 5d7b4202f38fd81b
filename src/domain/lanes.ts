// Work over a list with a bounded number of calls in flight (Workers allow six simultaneous
// connections per invocation, D1 and KV included).

/** Runs `work` over `items`, `lanes` at a time, in order of starting. */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}
