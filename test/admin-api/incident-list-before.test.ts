import { beforeEach, describe, expect, it } from 'vitest';
import { HOUR, harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

describe('listing incidents a page at a time', () => {
  beforeEach(emptyPage);

  it('`before` given with an offset means that instant, not the text: 10:30+01:00 is 09:30 UTC', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const early = ok(await h.api('POST', '/incidents', { name: 'At nine', body: 'x' })).incident;
    h.clock.advance(HOUR);
    const late = ok(await h.api('POST', '/incidents', { name: 'At ten', body: 'x' })).incident;

    const names = async (before: string) =>
      ok(await h.api('GET', `/incidents?before=${encodeURIComponent(before)}`)).incidents.map((i: { id: string }) => i.id);
    expect(await names('2026-11-20T10:30:00+01:00')).toEqual([early.id]);
    expect(await names('2026-11-20T09:30:00Z')).toEqual([early.id]);
    expect(await names('2026-11-20T11:30:00+01:00')).toEqual([late.id, early.id]);
  });
});
