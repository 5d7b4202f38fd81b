import { beforeEach, describe, expect, it } from 'vitest';
import { makeComponent, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { select, selectOne, visibleText } from './html';

const EN = { headers: { 'accept-language': 'en' } };
const FR = { headers: { 'accept-language': 'fr' } };

const page = async (h: ReturnType<typeof harness>, path: string, init: RequestInit) => {
  const response = await h.fetch(path, init);
  expect(response.status, path).toBe(200);
  return response.text();
};

/** The text of `selector` as read: html.ts puts a space at each element's end, here not before punctuation. */
const sentence = async (html: string, selector: string) => (await visibleText(html, selector)).replace(/ ([,.])/g, '$1');

/** The instants of the <time> elements under `selector`, as the reader-side script reads them. */
const times = async (html: string, selector: string) =>
  (await select(html, `${selector} time`)).map((t) => [t.attributes.datetime, t.attributes['data-local']]);

describe('the maintenance card and timeline, as the work really runs', () => {
  beforeEach(emptyPage);

  it('after an early start the card shows the actual start, the planned window beside it, and the update in the reader’s language', async () => {
    // Planned for 20:35 Paris; the operator starts it at 20:21.
    const h = harness('2026-12-05T18:00:00.000Z');
    ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
    const web = await makeComponent(h, 'Web app');
    const move = await makeMaintenance(h, {
      name: 'Evening move',
      scheduled_for: '2026-12-05T19:35:00.000Z',
      scheduled_until: '2026-12-05T21:00:00.000Z',
      components: { [web.id]: 'under_maintenance' },
    });
    h.clock.set('2026-12-05T19:21:00.000Z');
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'in_progress' }));

    const card = `article[data-maintenance="${move.id}"]`;
    const home = await page(h, '/', EN);
    expect(await times(home, `${card} dd[data-window="shown"]`)).toEqual([
      ['2026-12-05T19:21:00.000Z', 'long'],
      ['2026-12-05T21:00:00.000Z', 'long'],
    ]);
    expect(await visibleText(home, `${card} dd[data-window="shown"]`)).toBe(
      'Saturday, 5 December 2026 at 20:21 CET → Saturday, 5 December 2026 at 22:00 CET (1 hour, 39 minutes)',
    );
    expect(await times(home, `${card} dd[data-window="scheduled"]`)).toEqual([
      ['2026-12-05T19:35:00.000Z', 'long'],
      ['2026-12-05T21:00:00.000Z', 'long'],
    ]);
    expect(await select(home, `${card} .countdown`)).toEqual([]);

    // Forewarn's own update, in each reader's language: on the card and in the timeline.
    const french = await page(h, '/', FR);
    expect(await visibleText(french, `${card} .body`)).toBe(
      'La maintenance planifiée est en cours. Nous publierons des mises à jour si nécessaire.',
    );
    const detail = await page(h, `/maintenances/${move.id}`, FR);
    expect(await visibleText(detail, 'ol.timeline li')).toContain('La maintenance planifiée est en cours.');
    expect(await visibleText(await page(h, `/maintenances/${move.id}`, EN), 'ol.timeline li')).toContain(
      'Scheduled maintenance is currently in progress.',
    );
  });

  it('a reschedule reads in the reader’s language, each window as times the script rewrites in the reader’s zone', async () => {
    const h = harness('2026-12-01T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
    const move = await makeMaintenance(h, { scheduled_for: '2026-12-05T07:00:00.000Z', scheduled_until: '2026-12-05T11:00:00.000Z' });
    ok(
      await h.api('PATCH', `/maintenances/${move.id}`, {
        scheduled_for: '2026-12-05T05:00:00.000Z',
        scheduled_until: '2026-12-05T09:00:00.000Z',
      }),
    );

    const detail = await page(h, `/maintenances/${move.id}`, FR);
    const moved = 'ol.timeline li:first-child .body';
    expect((await selectOne(detail, moved)).attributes['data-automatic']).toBe('rescheduled');
    expect(await sentence(detail, moved)).toBe(
      'Avancée : auparavant 5 déc. 2026, 08:00 UTC+1 → 5 déc. 2026, 12:00 UTC+1, désormais 5 déc. 2026, 06:00 UTC+1 → 5 déc. 2026, 10:00 UTC+1.',
    );
    // (html.ts reads every space as one; the page has French's no-break space before the colon.)
    expect(detail).toContain('Avancée\u00a0: auparavant');
    expect(await times(detail, moved)).toEqual([
      ['2026-12-05T07:00:00.000Z', 'datetime'],
      ['2026-12-05T11:00:00.000Z', 'datetime'],
      ['2026-12-05T05:00:00.000Z', 'datetime'],
      ['2026-12-05T09:00:00.000Z', 'datetime'],
    ]);
    // No ISO text anywhere a reader looks.
    expect(await visibleText(detail, 'main')).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(await sentence(await page(h, `/maintenances/${move.id}`, EN), moved)).toBe(
      'Moved earlier: previously 5 Dec 2026, 08:00 CET → 5 Dec 2026, 12:00 CET, now 5 Dec 2026, 06:00 CET → 5 Dec 2026, 10:00 CET.',
    );
  });

  it('an operator’s own words stay theirs, Markdown rendered', async () => {
    const h = harness('2026-12-01T09:00:00.000Z');
    const move = await makeMaintenance(h, {});
    ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'scheduled', body: 'Dashboards stay **read-only**.' }));
    const detail = await page(h, `/maintenances/${move.id}`, FR);
    expect((await selectOne(detail, 'ol.timeline li:first-child .body strong')).text).toBe('read-only');
    expect((await selectOne(detail, 'ol.timeline li:first-child .body')).attributes['data-automatic']).toBeUndefined();
  });
});
