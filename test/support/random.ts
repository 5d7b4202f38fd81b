// A small seeded PRNG (mulberry32), so a failing fuzz run can be replayed from its seed.
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

export type Rng = ReturnType<typeof prng>;

const STRINGS = [
  '',
  ' ',
  'x',
  'Web app',
  'a'.repeat(201),
  'é'.repeat(50),
  '\u0000',
  '\ud800',
  '<script>alert(1)</script>',
  "'; DROP TABLE components; --",
  '2026-12-05T08:00:00+01:00',
  '2026-12-05T08:00:00',
  '2026-02-30T08:00:00Z',
  'operational',
  'major_outage',
  'in_progress',
  'completed',
  'cancelled',
  'resolved',
  'postmortem',
  'Europe/Paris',
  'Mars/Olympus',
  'https://example.com',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  '💥',
];

const NUMBERS = [0, -1, 1, 60, 1440, 4320, 2 ** 31, 2 ** 53 + 1, -0, 1e308, 0.5, Number.MAX_SAFE_INTEGER];

/** A random JSON value, biased towards the shapes the API expects. */
export function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 5 : 8)) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick(NUMBERS);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return rng.pick(STRINGS) + rng.int(1000);
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const keys = [
        'name',
        'body',
        'status',
        'impact',
        'components',
        'group_id',
        'position',
        'scheduled_for',
        'scheduled_until',
        'reminders',
        'auto_start',
        'auto_complete',
        'still_working',
        'deliver_notifications',
        'description',
        'time_zone',
        'default_locale',
        'email',
        'locale',
        '__proto__',
        'started_at',
        'resolved_at',
      ];
      return Object.fromEntries(Array.from({ length: rng.int(6) }, () => [rng.pick(keys), randomJson(rng, depth + 1)]));
    }
  }
}
