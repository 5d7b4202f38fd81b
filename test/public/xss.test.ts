import { beforeEach, describe, expect, it } from 'vitest';
import { makeComponent } from '../support/factories';
import { harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { select, visibleText } from './html';

const HOSTILE = [
  'We are **on it**. See [the runbook](https://example.com/runbook?a=1&b=2).',
  '<script>alert("body")</script>',
  '[click me](javascript:alert(1)) and [encoded](jav&#x61;script:alert(2)) and [spaced]( javascript:alert(3))',
  '<img src=x onerror=alert(4)> <a href="javascript:alert(5)">raw link</a> <iframe src="https://evil.example"></iframe>',
  '![tracker](https://evil.example/pixel.png) <svg onload=alert(6)>',
].join('\n\n');

/** Everything in a rendered page that could run or load something. */
async function activeParts(html: string) {
  const elements = await select(html, '*');
  return {
    scripts: elements.filter((e) => e.tag === 'script'),
    handlers: elements.flatMap((e) => Object.keys(e.attributes).filter((name) => name.startsWith('on'))),
    hrefs: elements.map((e) => e.attributes.href).filter((href): href is string => href !== undefined),
    embeds: elements.filter((e) => ['img', 'iframe', 'svg', 'object', 'embed'].includes(e.tag)),
  };
}

describe('incident text on the public page', () => {
  beforeEach(emptyPage);

  it('is inert: no script runs, no javascript: link, no handler, no embedded resource; Markdown still renders', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const api = await makeComponent(h, 'Public API');
    const incident = ok(
      await h.api('POST', '/incidents', {
        name: '<script>alert("name")</script> API errors',
        body: HOSTILE,
        components: { [api.id]: 'partial_outage' },
      }),
    ).incident;
    h.clock.advance(10 * MINUTE);
    ok(await h.api('POST', `/incidents/${incident.id}/updates`, { status: 'identified', body: '<b onmouseover=alert(7)>bold?</b>' }));

    for (const path of ['/', `/incidents/${incident.id}`, '/history', '/embed']) {
      const html = await (await h.fetch(path)).text();
      const parts = await activeParts(html);
      // The only script is the page's own, loaded from its own origin.
      expect(
        parts.scripts.map((s) => s.attributes.src),
        path,
      ).toEqual([expect.stringMatching(/^\/assets\/local-time\.[0-9a-f]{8}\.js$/)]);
      expect(parts.scripts[0]?.text, path).toBe('');
      expect(parts.handlers, path).toEqual([]);
      expect(
        parts.hrefs.filter((href) => /^\s*(?:javascript|data|vbscript):/i.test(href)),
        path,
      ).toEqual([]);
      expect(parts.embeds, path).toEqual([]);
      // What the operator typed is shown as text, not lost.
      expect(await visibleText(html), path).toContain('<script>alert("name")</script> API errors');
    }

    const page = await (await h.fetch(`/incidents/${incident.id}`)).text();
    const body = await visibleText(page, 'main');
    expect(body).toContain('<script>alert("body")</script>');
    expect(body).toContain('<b onmouseover=alert(7)>bold?</b>');
    const links = (await select(page, 'main .body a')).map((a) => ({ href: a.attributes.href, rel: a.attributes.rel, text: a.text }));
    expect(links).toEqual([
      { href: 'https://example.com/runbook?a=1&b=2', rel: 'nofollow noopener noreferrer', text: 'the runbook' },
      // An image becomes a plain link: the page loads nothing from other origins.
      { href: 'https://evil.example/pixel.png', rel: 'nofollow noopener noreferrer', text: 'tracker' },
    ]);
    expect((await select(page, 'main .body strong')).map((s) => s.text)).toEqual(['on it']);
    // The javascript: links keep their words and lose their target.
    expect(body).toContain('click me and encoded and spaced');
  });
});
