import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from '../../src/notify/targets';

// Retry-After (RFC 9110 §10.2.3) as the webhook outbox reads it: delay-seconds or an HTTP-date.
describe('Retry-After', () => {
  const now = new Date('2026-11-21T07:00:00.000Z');

  it('reads delay-seconds and an HTTP-date, and nothing else', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
    expect(retryAfterSeconds('Sat, 21 Nov 2026 07:02:30 GMT', now)).toBe(150);
    // A date already past: try now.
    expect(retryAfterSeconds('Sat, 21 Nov 2026 06:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds(null, now)).toBeNull();
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds('-5', now)).toBeNull();
  });
});
