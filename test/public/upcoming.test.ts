import { beforeEach, describe, expect, it } from 'vitest';
import { makeMaintenance } from '../support/factories';
import { DAY, HOUR, harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { select, selectOne, visibleText } from './html';

const EN = { headers: { 'accept-language': 'en' } };
const FR = { headers: { 'accept-language': 'fr' } };

const page = async (h: ReturnType<typeof harness>, path: string, init: RequestInit) => {
  const response = await h.fetch(path, init);
  expect(response.status, path).toBe(200);
  return response.text();
};

/** The instants of the <time> elements under `selector`, as the reader-side script reads them. */
const times = async (html: string, selector: string) =>
  (await select(html, `${selector} time`)).map((t) => [t.attributes.datetime, t.attributes['data-local']]);

describe('upcoming maintenance, ahead of time', () => {
  beforeEach(emptyPage);

  it('the card counts down to the start, with the words the reader’s script needs to keep counting', async () => {
    const h = harness('2026-12-02T09:00:00.000Z');
    const move = await makeMaintenance(h, { scheduled_for: '2026-12-05T07:00:00.000Z' });
    const card = `article[data-maintenance="${move.id}"]`;

    const home = await page(h, '/', EN);
    const countdown = await selectOne(home, `${card} .countdown`);
    // 70 hours ahead, read up to 90 s later: never "70 hours".
    expect(countdown.text).toBe('Starts in 69 hours and 58 minutes');
    expect(countdown.attributes).toMatchObject({
      'data-countdown': '2026-12-05T07:00:00.000Z',
      'data-starts-in': 'Starts in {duration}',
      'data-within-minute': 'Starts in less than a minute',
      'data-not-started': 'Not started yet',
    });
    expect(await visibleText(home, `${card} .meta`)).toBe('Scheduled · Starts in 69 hours and 58 minutes');

    // A week ahead: days and hours, the minutes dropped (never rounded up).
    h.clock.set('2026-11-28T06:00:00.000Z');
    expect((await selectOne(await page(h, '/', FR), `${card} .countdown`)).text).toBe('Commence dans 7 jours');
  });

  it('/embed lists maintenance due within 7 days with its start and a countdown, and nothing further out', async () => {
    const h = harness('2026-12-01T09:00:00.000Z');
    ok(await h.api('PATCH', '/page', { time_zone: 'Europe/Paris' }));
    const weekend = await makeMaintenance(h, { name: 'Weekend move', scheduled_for: '2026-12-05T07:00:00.000Z' });
    const later = await makeMaintenance(h, {
      name: 'Later work',
      scheduled_for: new Date(Date.parse('2026-12-01T09:00:00.000Z') + 7 * DAY + HOUR).toISOString(),
      scheduled_until: new Date(Date.parse('2026-12-01T09:00:00.000Z') + 7 * DAY + 2 * HOUR).toISOString(),
    });

    const embed = await page(h, '/embed', EN);
    expect((await selectOne(embed, 'p.banner')).text).toBe('All Systems Operational');
    expect(await visibleText(embed, '.soon h2')).toBe('Upcoming maintenance');
    const items = await select(embed, '.soon li');
    expect(items.map((li) => li.attributes['data-maintenance'])).toEqual([weekend.id]);
    expect(items[0]!.text).toBe('Weekend move 5 Dec 2026, 08:00 CET · Starts in 3 days and 21 hours');
    expect(await times(embed, '.soon li')).toEqual([['2026-12-05T07:00:00.000Z', 'datetime']]);
    expect((await selectOne(embed, '.soon li a')).attributes).toMatchObject({ href: `/maintenances/${weekend.id}`, target: '_blank' });

    // A day later the second one is within the week too; in French.
    h.clock.advance(DAY + 30 * MINUTE);
    const french = await page(h, '/embed', FR);
    expect(await visibleText(french, '.soon h2')).toBe('Maintenances à venir');
    expect((await select(french, '.soon li')).map((li) => li.attributes['data-maintenance'])).toEqual([weekend.id, later.id]);
  });
});
