import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, DAY, harness, ok } from '../support/harness';
import { emptyPage, makeStatusStory } from '../support/status-story';
import { select, selectOne, visibleText } from './html';

const html = async (response: Response) => {
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return response.text();
};

describe('the language of the public page', () => {
  beforeEach(emptyPage);

  it('follows Accept-Language, then the page default; ?lang= sets a cookie that wins next time', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);

    const french = await h.fetch('/', { headers: { 'accept-language': 'de-DE, fr-CH;q=0.9, en;q=0.8' } });
    expect(french.headers.get('content-language')).toBe('fr');
    expect(french.headers.get('vary')).toBe('Accept-Language, Cookie');
    const frenchPage = await html(french);
    expect((await selectOne(frenchPage, 'html')).attributes.lang).toBe('fr');
    expect((await selectOne(frenchPage, 'p.banner')).text).toBe('Panne partielle du système');
    expect(await visibleText(frenchPage)).toContain('Maintenances à venir');
    // Times in the page's zone, with the zone named, in French words.
    expect(await visibleText(frenchPage)).toContain('samedi 5 décembre 2026 à 08:00 UTC+1');

    const english = await html(await h.fetch('/', { headers: { 'accept-language': 'en-GB,en;q=0.9' } }));
    expect((await selectOne(english, 'p.banner')).text).toBe('Partial System Outage');
    expect(await visibleText(english)).toContain('Saturday, 5 December 2026 at 08:00 CET');

    // Nobody asks: the page's default language.
    ok(await h.api('PATCH', '/page', { default_locale: 'fr' }));
    expect((await selectOne(await html(await h.fetch('/')), 'html')).attributes.lang).toBe('fr');
    expect((await selectOne(await html(await h.fetch('/', { headers: { 'accept-language': 'de' } })), 'html')).attributes.lang).toBe('fr');

    // The switcher: ?lang=en answers in English and remembers it in a cookie...
    const switched = await h.fetch('/history?lang=en', { headers: { 'accept-language': 'fr' } });
    expect(switched.headers.get('set-cookie')).toBe('forewarn_lang=en; Path=/; Max-Age=31536000; SameSite=Lax; Secure');
    expect(switched.headers.get('cache-control')).toBe('private, no-cache');
    expect((await selectOne(await html(switched), 'html')).attributes.lang).toBe('en');
    // ...which then beats Accept-Language on every page.
    const remembered = await html(await h.fetch('/', { headers: { 'accept-language': 'fr', cookie: 'forewarn_lang=en' } }));
    expect((await selectOne(remembered, 'html')).attributes.lang).toBe('en');

    // The switcher's links keep the page and its query.
    const switcher = await select(await html(await h.fetch('/history?page=1&utm=x')), 'nav[aria-label="Langue"] a');
    expect(switcher.map((a) => [a.attributes.href, a.text])).toEqual([
      ['/history?page=1&lang=en', 'English'],
      ['/history?page=1&lang=fr', 'Français'],
    ]);
  });
});

describe('the history pages', () => {
  beforeEach(emptyPage);

  it('list past incidents and maintenances by month, three months a page, newest first', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const past = async (name: string, startedAt: string) =>
      ok(
        await h.api('POST', '/incidents/backfill', {
          name,
          impact: 'minor',
          body: 'It happened.',
          components: { [story.login.id]: 'degraded_performance' },
          started_at: startedAt,
          resolved_at: new Date(Date.parse(startedAt) + DAY / 24).toISOString(),
        }),
      ).incident;
    const september = await past('September slowness', '2026-09-03T10:00:00.000Z');
    const june = await past('June outage', '2026-06-30T22:30:00.000Z'); // 1 July in Paris
    const april = await past('April glitch', '2026-04-15T10:00:00.000Z');

    const page1 = await html(await h.fetch('/history'));
    expect((await select(page1, 'section.month')).map((m) => m.attributes['data-month'])).toEqual(['2026-11', '2026-10', '2026-09']);
    const november = (await select(page1, 'section[data-month="2026-11"] li')).map((li) => li.attributes['data-id']);
    expect(november).toEqual([
      story.open.id,
      story.running.id,
      story.cancelled.id, // filed when it was called off
      story.completed.id,
      story.resolved.id,
    ]);
    expect(november).not.toContain(story.upcoming.id);
    expect(await visibleText(page1, 'section[data-month="2026-10"]')).toBe('October 2026 Nothing to report this month.');
    expect((await select(page1, 'section[data-month="2026-09"] li')).map((li) => li.attributes['data-id'])).toEqual([september.id]);
    expect((await select(page1, '.pager a')).map((a) => [a.attributes.rel, a.attributes.href])).toEqual([['next', '/history?page=2']]);
    expect(await visibleText(page1, '.pager')).toContain('Page 1 of 3');

    const page2 = await html(await h.fetch('/history?page=2'));
    expect((await select(page2, 'section.month')).map((m) => m.attributes['data-month'])).toEqual(['2026-08', '2026-07', '2026-06']);
    expect((await select(page2, 'section[data-month="2026-07"] li')).map((li) => li.attributes['data-id'])).toEqual([june.id]);
    expect((await select(page2, '.pager a')).map((a) => [a.attributes.rel, a.attributes.href])).toEqual([
      ['prev', '/history'],
      ['next', '/history?page=3'],
    ]);

    const page3 = await html(await h.fetch('/history?page=3', { headers: { 'accept-language': 'fr' } }));
    expect((await select(page3, 'section[data-month="2026-04"] li')).map((li) => li.attributes['data-id'])).toEqual([april.id]);
    expect((await select(page3, '.pager a')).map((a) => [a.attributes.rel, a.text])).toEqual([['prev', 'Plus récents']]);
    expect(await visibleText(page3, 'section[data-month="2026-04"] h2')).toBe('avril 2026');

    for (const bad of ['4', '0', 'abc', '-1', '2.5']) expect((await h.fetch(`/history?page=${bad}`)).status, bad).toBe(404);
  });
});

describe('the detail pages', () => {
  beforeEach(emptyPage);

  it('show a maintenance’s window, before → during, what still works and an event to add to a calendar', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const page = await html(await h.fetch(`/maintenances/${story.upcoming.id}`, { headers: { 'accept-language': 'en' } }));
    const text = await visibleText(page, 'main');
    expect(text).toContain('Saturday, 5 December 2026 at 08:00 CET → Sunday, 6 December 2026 at 20:00 CET (1 day, 12 hours)');
    expect(text).toContain('What still works Logging in and reading existing reports.');
    const rows = await select(page, 'tbody tr');
    expect(rows.map((r) => r.text)).toEqual([
      'Price crawlers Under maintenance Under maintenance', // the reboot holds them right now
      'Web app Operational Degraded performance',
      'Public API Partial outage Partial outage', // the open incident holds it
      'Login Operational Operational',
    ]);
    const calendarLink = await selectOne(page, `a[href="/maintenances/${story.upcoming.id}.ics?lang=en"]`);
    expect(calendarLink.text).toBe('Add to calendar');
    const ics = await h.fetch(`/maintenances/${story.upcoming.id}.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = await ics.text();
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(calendar).toContain(`UID:${story.upcoming.id}@status.example.com`);
    expect(calendar).toContain('DTSTART:20261205T070000Z');
  });

  it('show an incident’s timeline newest first, with before → at worst → after per component', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const page = await html(await h.fetch(`/incidents/${story.open.id}`, { headers: { 'accept-language': 'fr' } }));
    expect((await select(page, 'ol.timeline h3')).map((x) => x.text)).toEqual(['Sous surveillance', 'Cause identifiée']);
    expect((await selectOne(page, 'tbody tr')).text).toBe('Public API Opérationnel Panne partielle');

    // Once over, the table adds the status each component was left in.
    const resolved = await html(await h.fetch(`/incidents/${story.resolved.id}`));
    expect((await select(resolved, 'thead th')).map((x) => x.text)).toEqual(['Component', 'Before', 'At its worst', 'After']);
    expect((await selectOne(resolved, 'tbody tr')).text).toBe('Login Operational Degraded performance Operational');
    const completed = await html(await h.fetch(`/maintenances/${story.completed.id}`));
    expect((await selectOne(completed, 'tbody tr')).text).toBe('E-mail alerts Operational Under maintenance Operational');
  });
});

describe('errors and headers of the public page', () => {
  beforeEach(emptyPage);

  it('answers an unknown incident, maintenance, page or path with a readable 404 in the reader’s language', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    await makeStatusStory(h);
    for (const path of ['/incidents/nosuchincident', '/maintenances/nosuchmaint', '/maintenances/nosuchmaint.ics', '/no/such/page']) {
      const en = await h.fetch(path);
      expect(en.status, path).toBe(404);
      const page = await html(en);
      expect((await selectOne(page, 'h1')).text, path).toBe('Page not found');
      expect((await selectOne(page, 'main a')).attributes.href).toBe('/');
      expect(en.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const fr = await html(await h.fetch(path, { headers: { 'accept-language': 'fr' } }));
      expect((await selectOne(fr, 'h1')).text, path).toBe('Page introuvable');
    }
    // The APIs keep their JSON errors.
    const api = await h.fetch('/api/v2/nothing.json');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('sends a strict CSP everywhere but lets /embed be framed; the assets are long-cached and same-origin', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    for (const path of ['/', '/history', `/incidents/${story.open.id}`, `/maintenances/${story.upcoming.id}`]) {
      const response = await h.fetch(path);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      const page = await response.text();
      expect(await select(page, 'style'), path).toEqual([]);
      expect(await select(page, '[style]'), path).toEqual([]);
      for (const rel of ['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'text/calendar']) {
        expect(await select(page, `link[rel="alternate"][type="${rel}"]`), `${path} ${rel}`).toHaveLength(1);
      }
    }
    const embed = await h.fetch('/embed');
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();

    ok(await h.api('PATCH', '/page', { logo_url: 'https://acme.example/logo.svg', support_url: 'https://acme.example/support' }));
    const home = await h.fetch('/');
    const page = await home.text();
    expect((await selectOne(page, '.brand img')).attributes).toMatchObject({
      src: 'https://acme.example/logo.svg',
      alt: 'Acme Intel logo',
    });
    expect((await selectOne(page, 'footer a[href="https://acme.example/support"]')).text).toBe('Contact support');
    const assets = [(await selectOne(page, 'link[rel="stylesheet"]')).attributes.href, (await selectOne(page, 'script')).attributes.src];
    for (const path of assets) {
      const asset = await h.fetch(path ?? '');
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await h.fetch('/', { headers: { 'if-none-match': home.headers.get('etag') ?? '' } })).status).toBe(304);
    // The subscribe form posts the reader's language and a time zone to the e-mail surface.
    const form = await selectOne(page, 'form.subscribe');
    expect(form.attributes).toMatchObject({ method: 'post', action: '/subscribe' });
    expect((await select(page, 'form.subscribe input')).map((i) => [i.attributes.name, i.attributes.type])).toEqual([
      ['email', 'email'],
      ...['crawlers', 'webapp', 'api', 'login', 'alerts'].map(() => ['components', 'checkbox']),
      ['locale', 'hidden'],
      ['time_zone', 'hidden'],
    ]);
  });

  it('stays up when D1 is down: the pages read the snapshot only', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const story = await makeStatusStory(h);
    const down = {
      ...env,
      DB: new Proxy({} as D1Database, {
        get: () => () => {
          throw new Error('D1_ERROR: Network connection lost.');
        },
      }),
    };
    for (const path of ['/', '/history', '/embed', `/incidents/${story.open.id}`, `/maintenances/${story.upcoming.id}`]) {
      const ctx = createExecutionContext();
      const response = await h.worker.fetch(new Request(new URL(path, BASE)), down, ctx);
      await waitOnExecutionContext(ctx);
      expect(response.status, path).toBe(200);
    }
  });
});
