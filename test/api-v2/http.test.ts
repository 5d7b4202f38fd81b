import { beforeEach, describe, expect, it } from 'vitest';
import { makeComponent } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

describe('/api/v2 over HTTP', () => {
  beforeEach(emptyPage);

  it('lets any origin read it, preflight included', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const response = await h.fetch('/api/v2/status.json', { headers: { Origin: 'https://widgets.example.org' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe('ETag');

    const preflight = await h.fetch('/api/v2/summary.json', {
      method: 'OPTIONS',
      headers: { Origin: 'https://widgets.example.org', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('answers HEAD with 200, the headers and no body', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const get = await h.fetch('/api/v2/summary.json');
    const head = await h.fetch('/api/v2/summary.json', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
  });

  it('sends a strong ETag and a short Cache-Control, and 304 to a client that has the document', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    const first = await h.fetch('/api/v2/components.json');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');

    const again = await h.fetch('/api/v2/components.json', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');

    const listed = await h.fetch('/api/v2/components.json', { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(listed.status).toBe(304);

    const otherPath = await h.fetch('/api/v2/status.json', { headers: { 'If-None-Match': etag } });
    expect(otherPath.status).toBe(200);
  });

  it('shows a write on the next read, under a new ETag', async () => {
    const h = harness();
    const web = await makeComponent(h, 'Web app');
    const before = await h.fetch('/api/v2/components.json');
    const etag = before.headers.get('etag')!;

    h.clock.advance(MINUTE);
    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    const after = await h.fetch('/api/v2/components.json', { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await after.json<any>()).components[0].status).toBe('major_outage');
    const status = await (await h.fetch('/api/v2/status.json')).json<any>();
    expect(status.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
  });

  it('answers an unknown v2 path with a JSON 404', async () => {
    const h = harness();
    const response = await h.fetch('/api/v2/nothing.json');
    expect(response.status).toBe(404);
    expect((await response.json<any>()).error.code).toBe('not_found');
  });
});
