// The subscriber pages as a browser receives them: the public page's frame (header, language
// switch, stylesheet and scripts under the same CSP), and a time-zone picker grouped by region
// with each zone's offset, current IANA names only, a stored legacy name still shown chosen.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signLink } from '../../src/domain/signed-links';
import { LEGACY_ZONES } from '../../src/views/subscribe/time-zones';
import { select, selectOne } from '../public/html';
import { rows } from '../support/db';
import { harness, ok } from '../support/harness';

const manageLinkOf = async (email: string) => {
  const [row] = await rows<{ id: string }>('SELECT id FROM subscribers WHERE email = ?', email);
  if (!row) throw new Error(`no subscriber ${email}`);
  return `/manage/${await signLink(env.SIGNING_SECRET ?? '', { purpose: 'manage', subscriberId: row.id })}`;
};

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('the subscriber pages', () => {
  it('wear the public frame: header with the page name, language switch, the stylesheet and scripts the CSP allows', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const response = await h.fetch('/subscribe', { headers: { 'accept-language': 'en' } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect((await selectOne(page, 'header.site .brand')).text).toBe('Acme Intel');
    expect((await selectOne(page, 'meta[name="robots"]')).attributes.content).toBe('noindex');
    expect(await select(page, 'style')).toEqual([]);
    expect(await select(page, '[style]')).toEqual([]);
    const scripts = (await select(page, 'script')).map((s) => s.attributes.src ?? '');
    expect(scripts).toEqual([
      expect.stringMatching(/^\/assets\/local-time\.[0-9a-f]{8}\.js$/),
      expect.stringMatching(/^\/assets\/zone-picker\.[0-9a-f]{8}\.js$/),
    ]);
    for (const path of [...scripts, (await selectOne(page, 'link[rel="stylesheet"]')).attributes.href ?? '']) {
      expect((await h.fetch(path)).status, path).toBe(200);
    }
    // The switch keeps the reader on this page; choosing French is remembered like on the public page.
    expect((await selectOne(page, 'a[hreflang="fr"]')).attributes.href).toBe('/subscribe?lang=fr');
    const french = await h.fetch('/subscribe?lang=fr');
    expect(french.headers.get('set-cookie')).toMatch(/^forewarn_lang=fr;/);
    const frenchPage = await french.text();
    expect((await selectOne(frenchPage, 'html')).attributes.lang).toBe('fr');
    expect((await selectOne(frenchPage, 'h1')).text).toContain('Acme Intel');
    expect((await select(frenchPage, 'select[name="time_zone"] optgroup')).map((g) => g.attributes.label)).toContain('Afrique');
    // Each zone's country in the reader's language, so "Belgique" finds Brussels; not where the city says it.
    const frenchZone = async (zone: string) => (await selectOne(frenchPage, `option[value="${zone}"]`)).text;
    expect(await frenchZone('Europe/Brussels')).toBe('(UTC+01:00) Bruxelles — Belgique');
    expect(await frenchZone('Pacific/Tahiti')).toBe('(UTC−10:00) Tahiti — Polynésie française');
    expect(await frenchZone('America/Argentina/Buenos_Aires')).toBe('(UTC−03:00) Buenos Aires — Argentine');
    expect(await frenchZone('America/Indiana/Knox')).toBe('(UTC−06:00) Knox, Indiana — États-Unis');
    expect(await frenchZone('America/Martinique')).toBe('(UTC−04:00) Martinique');
    expect(await frenchZone('Africa/Tunis')).toBe('(UTC+01:00) Tunis — Tunisie');
    expect(await frenchZone('Pacific/Wallis')).toBe('(UTC+12:00) Wallis — Wallis-et-Futuna');
    expect(await frenchZone('America/Jamaica')).toBe('(UTC−05:00) Jamaïque');
    expect(await frenchZone('Indian/Reunion')).toBe('(UTC+04:00) La Réunion');
    expect(await frenchZone('Europe/London')).toBe('(UTC+00:00) Londres — Royaume-Uni');
    expect(await frenchZone('Africa/Cairo')).toBe('(UTC+02:00) Le Caire — Égypte');
    expect(await frenchZone('Indian/Comoro')).toBe('(UTC+03:00) Comores');
    // In the order French sorts them: « Le Caire » among the L, not at Cairo's place.
    const africa = (await select(frenchPage, 'optgroup[label="Afrique"] option')).map((o) => o.text.replace(/^\(UTC[^)]*\) /, ''));
    expect(africa.filter((place) => place.startsWith('L'))).toEqual([
      'Laâyoune — Sahara occidental',
      'Lagos — Nigeria',
      'Le Caire — Égypte',
      'Libreville — Gabon',
      'Lomé — Togo',
      'Luanda — Angola',
      'Lubumbashi — Congo-Kinshasa',
      'Lusaka — Zambie',
    ]);
  });

  it('offer every current zone by region with its offset now, the page’s zone first chosen, no deprecated name', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const page = await (await h.fetch('/subscribe', { headers: { 'accept-language': 'en' } })).text();
    const picker = await selectOne(page, 'select[name="time_zone"]');
    // The script may put the browser's zone in place of the page's on this form (not on a saved choice).
    expect(picker.attributes).toHaveProperty('data-browser-default');
    expect((await select(page, 'select[name="time_zone"] optgroup')).map((g) => g.attributes.label)).toEqual([
      'Africa',
      'Americas',
      'Antarctica',
      'Arctic',
      'Asia',
      'Atlantic Ocean',
      'Australia',
      'Europe',
      'Indian Ocean',
      'Pacific Ocean',
    ]);
    const options = await select(page, 'select[name="time_zone"] option');
    const byValue = new Map(options.map((o) => [o.attributes.value, o]));
    expect(options.filter((o) => 'selected' in o.attributes).map((o) => o.attributes.value)).toEqual(['Europe/Paris']);
    expect(byValue.get('Europe/Paris')?.text).toBe('(UTC+01:00) Paris — France');
    expect(byValue.get('Asia/Kolkata')?.text).toBe('(UTC+05:30) Kolkata — India');
    expect(byValue.get('Asia/Kathmandu')?.text).toBe('(UTC+05:45) Kathmandu — Nepal');
    expect(byValue.get('America/New_York')?.text).toBe('(UTC−05:00) New York — United States');
    expect(byValue.get('America/Argentina/Buenos_Aires')?.text).toBe('(UTC−03:00) Buenos Aires — Argentina');
    expect(byValue.get('Asia/Hong_Kong')?.text).toBe('(UTC+08:00) Hong Kong');
    expect(byValue.get('UTC')?.text).toBe('(UTC+00:00) UTC');
    for (const legacy of Object.keys(LEGACY_ZONES)) expect(byValue.has(legacy), legacy).toBe(false);
    for (const current of Object.values(LEGACY_ZONES)) expect(byValue.has(current), current).toBe(true);
    expect(options.length).toBe(byValue.size);
    for (const option of options) expect(option.text).toMatch(/^\(UTC[+−]\d\d:\d\d\) \S/);

    // Offsets are those of the day the page is shown: Paris in summer is UTC+02:00.
    h.clock.set('2027-07-01T09:00:00.000Z');
    const summer = await (await h.fetch('/subscribe', { headers: { 'accept-language': 'en' } })).text();
    expect((await selectOne(summer, 'option[value="Europe/Paris"]')).text).toBe('(UTC+02:00) Paris — France');
  });

  it('show a subscriber stored under an old name their zone, chosen, and save what they pick', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          { email: 'priya@example.com', locale: 'en', time_zone: 'Asia/Calcutta' },
          { email: 'fixed@example.com', locale: 'en', time_zone: 'Etc/GMT+5' },
        ],
      }),
    );
    const priya = await manageLinkOf('priya@example.com');
    const page = await (await h.fetch(priya)).text();
    const picker = await selectOne(page, 'select[name="time_zone"]');
    expect(picker.attributes).not.toHaveProperty('data-browser-default');
    const chosen = (await select(page, 'select[name="time_zone"] option')).filter((o) => 'selected' in o.attributes);
    expect(chosen.map((o) => o.attributes.value)).toEqual(['Asia/Kolkata']);

    // A zone the list does not hold stays offered, chosen, rather than silently replaced.
    const fixed = await (await h.fetch(await manageLinkOf('fixed@example.com'))).text();
    const fixedChosen = (await select(fixed, 'select[name="time_zone"] option')).filter((o) => 'selected' in o.attributes);
    expect(fixedChosen.map((o) => [o.attributes.value, o.text])).toEqual([['Etc/GMT+5', '(UTC−05:00) Etc/GMT+5']]);

    const saved = await h.fetch(priya, form({ locale: 'en', time_zone: 'Asia/Kolkata' }));
    expect(saved.status).toBe(200);
    expect(await rows('SELECT time_zone FROM subscribers WHERE email = ?', 'priya@example.com')).toEqual([{ time_zone: 'Asia/Kolkata' }]);
  });

  it('after the button, the link the language switch leads to says what is done, not what to do', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'leaving@example.com', locale: 'en' }] }));
    const manage = await manageLinkOf('leaving@example.com');
    const unsubscribe = manage.replace('/manage/', '/unsubscribe/');
    const left = await (await h.fetch(unsubscribe, { method: 'POST' })).text();
    expect((await selectOne(left, 'h1')).text).toBe('You are unsubscribed');
    const switched = await (await h.fetch(`${unsubscribe}?lang=fr`)).text();
    expect((await selectOne(switched, 'html')).attributes.lang).toBe('fr');
    expect(await select(switched, 'main form')).toEqual([]);
    expect((await selectOne(switched, 'main a[href^="/manage/"]')).attributes.href).toBe(manage);
  });
});

describe('the favicon', () => {
  it('is served as /favicon.svg and as a 32 × 32 /favicon.ico, and every page links it', async () => {
    const h = harness('2026-11-20T09:00:00.000Z');
    const svg = await h.fetch('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    const ico = await h.fetch('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const bytes = new Uint8Array(await ico.arrayBuffer());
    const view = new DataView(bytes.buffer);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, 1]);
    expect([bytes[6], bytes[7], view.getUint16(12, true)]).toEqual([32, 32, 32]);
    expect(view.getUint32(14, true) + view.getUint32(18, true)).toBe(bytes.length);
    // The centre pixel is the white dot, a corner transparent, the ring green (BGRA, bottom row first).
    const pixel = (x: number, y: number) => {
      const at = 62 + ((31 - y) * 32 + x) * 4;
      return [bytes[at + 2], bytes[at + 1], bytes[at], bytes[at + 3]];
    };
    expect(pixel(16, 16)).toEqual([255, 255, 255, 255]);
    expect(pixel(0, 0)?.[3]).toBe(0);
    expect(pixel(16, 5)).toEqual([0x2f, 0xcc, 0x66, 255]);

    for (const path of ['/', '/subscribe', '/no/such/page']) {
      const page = await (await h.fetch(path)).text();
      expect(
        (await select(page, 'link[rel="icon"]')).map((l) => l.attributes.href),
        path,
      ).toEqual(['/favicon.ico', expect.stringMatching(/^\/assets\/icon\.[0-9a-f]{8}\.svg$/)]);
    }
  });
});
