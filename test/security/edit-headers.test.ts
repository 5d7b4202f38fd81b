// editHeaders sets the security floor in place on the Response a handler made, and on a copy when
// that Response's headers cannot change (one fetch() returned, passed through as it came).
import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { baselineHeaders } from '../../src/routes/security-headers';

describe('editHeaders', () => {
  it('hardens a fetched response, whose headers are immutable, as it hardens one made here', async () => {
    const fetched = await fetch(`${env.MAIL_LAB}/nothing-here`);
    expect(() => fetched.headers.set('X-Probe', '1')).toThrow(TypeError);

    const app = new Hono();
    app.use('*', baselineHeaders());
    app.get('/passed-through', () => fetched);
    app.get('/made-here', (c) => c.text('ok', 201, { 'X-Kept': 'yes' }));

    const passed = await app.request('/passed-through');
    expect(passed.status).toBe(404);
    expect(passed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(passed.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);

    const made = await app.request('/made-here');
    expect([made.status, await made.text(), made.headers.get('x-kept')]).toEqual([201, 'ok', 'yes']);
    expect(made.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
