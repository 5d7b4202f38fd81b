import { describe, expect, it } from 'vitest';
import { harness, ok } from './support/harness';

describe('smoke', () => {
  it('creates a component', async () => {
    const h = harness();
    const res = ok(await h.api('POST', '/components', { name: 'Web app' }));
    expect(res.component.status).toBe('operational');
  });
});
