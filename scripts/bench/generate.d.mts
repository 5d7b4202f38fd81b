/** The SQL of the benchmark page: one INSERT per line (scripts/bench/generate.mjs). */
export function generatePage(options?: { now?: Date; seed?: number; groups?: number; components?: number; events?: number }): string;
