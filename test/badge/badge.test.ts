import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT_STATUS_INFO, INDICATOR_COLOR } from '../../src/domain/status';
import { makeComponent, makeGroup } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const svg = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

async function badge(h: ReturnType<typeof harness>, path: string, status = 200) {
  const response = await h.fetch(path);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  const text = await response.text();
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = svg.parse(text).svg;
  const fills = (doc.g[0].rect as { '@fill': string }[]).map((r) => r['@fill']);
  return { response, text, title: doc.title as string, messageFill: fills[1] };
}

describe('/badge.svg', () => {
  beforeEach(emptyPage);

  it('shows the overall status in the colour of its indicator, cacheably', async () => {
    const h = harness();
    const web = await makeComponent(h, 'Web app');
    const calm = await badge(h, '/badge.svg');
    expect(calm.title).toBe('status: All Systems Operational');
    expect(calm.messageFill).toBe(INDICATOR_COLOR.none);
    expect(calm.response.headers.get('cache-control')).toBe('public, max-age=30');
    const etag = calm.response.headers.get('etag')!;
    expect((await h.fetch('/badge.svg', { headers: { 'If-None-Match': etag } })).status).toBe(304);

    ok(await h.api('PATCH', `/components/${web.id}`, { status: 'major_outage' }));
    const down = await badge(h, '/badge.svg');
    expect(down.title).toBe('status: Major System Outage');
    expect(down.messageFill).toBe(INDICATOR_COLOR.critical);
    expect(down.response.headers.get('etag')).not.toBe(etag);
  });

  it('shows one component, or a group as its worst member, with the name escaped', async () => {
    const h = harness();
    const group = await makeGroup(h, 'Platform');
    const api = await makeComponent(h, 'API <v2> & "friends"', { group_id: group.id, status: 'degraded_performance' });
    await makeComponent(h, 'Crawlers', { group_id: group.id, status: 'under_maintenance' });

    const one = await badge(h, `/badge.svg?component=${api.id}`);
    expect(one.title).toBe('API <v2> & "friends": degraded performance');
    expect(one.text).toContain('API &lt;v2&gt; &amp; &quot;friends&quot;');
    expect(one.messageFill).toBe(COMPONENT_STATUS_INFO.degraded_performance.color);
    expect(one.text).toContain('fill="#222">degraded performance</text>');

    const worst = await badge(h, `/badge.svg?component=${group.id}`);
    expect(worst.title).toBe('Platform: degraded performance');
  });

  it('answers an unknown component with a 404 badge that says so', async () => {
    const h = harness();
    await makeComponent(h, 'Web app');
    for (const id of ['nosuchcomponent', '<script>', '']) {
      const missing = await badge(h, `/badge.svg?component=${encodeURIComponent(id)}`, 404);
      expect(missing.title).toBe('status: unknown component');
      expect(missing.response.headers.get('cache-control')).toBe('no-store');
    }
  });
});
