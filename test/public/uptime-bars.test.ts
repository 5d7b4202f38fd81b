import { beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT_STATUS_INFO } from '../../src/domain/status';
import { STYLESHEET } from '../../src/views/public/assets/style';
import { makeComponent } from '../support/factories';
import type { Harness } from '../support/harness';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { select, selectOne } from './html';

/**
 * A known fortnight of the Public API, in Paris (UTC+1 in November, so a Paris day starts at
 * 23:00 UTC the day before), the component created on 10 Nov at 00:00 UTC (01:00 Paris).
 */
async function knownHistory(h: Harness) {
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const api = await makeComponent(h, 'Public API');
  const at = (instant: string) => h.clock.set(instant);

  // 12 Nov: two hours of major outage, an incident that names the day in the tooltip.
  at('2026-11-13T00:00:00.000Z');
  ok(
    await h.api('POST', '/incidents/backfill', {
      name: 'API down',
      impact: 'critical',
      body: 'The API answers 503.',
      components: { [api.id]: 'major_outage' },
      started_at: '2026-11-12T10:00:00.000Z',
      resolved_at: '2026-11-12T12:00:00.000Z',
    }),
  );
  // 14 Nov: ten hours of partial outage, which counts 30 %: three hours of downtime.
  at('2026-11-15T00:00:00.000Z');
  ok(
    await h.api('POST', '/incidents/backfill', {
      name: 'Slow API',
      impact: 'major',
      body: 'Some requests fail.',
      components: { [api.id]: 'partial_outage' },
      started_at: '2026-11-14T10:00:00.000Z',
      resolved_at: '2026-11-14T20:00:00.000Z',
    }),
  );
  // 16 Nov, the whole Paris day: a maintenance holds the API in partial outage. Not downtime.
  at('2026-11-15T12:00:00.000Z');
  const move = ok(
    await h.api('POST', '/maintenances', {
      name: 'Data-centre move',
      body: 'Moving.',
      scheduled_for: '2026-11-15T23:00:00.000Z',
      scheduled_until: '2026-11-16T23:00:00.000Z',
      components: { [api.id]: 'partial_outage' },
      reminders: [],
    }),
  ).maintenance;
  at('2026-11-15T23:00:00.000Z');
  ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'in_progress', body: 'Started.' }));
  at('2026-11-16T23:00:00.000Z');
  ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'completed', body: 'Done.' }));
  // 17 Nov: an hour under maintenance set by hand; 18 Nov: an hour of degraded performance.
  for (const [instant, status] of [
    ['2026-11-17T08:00:00.000Z', 'under_maintenance'],
    ['2026-11-17T09:00:00.000Z', 'operational'],
    ['2026-11-18T10:00:00.000Z', 'degraded_performance'],
    ['2026-11-18T11:00:00.000Z', 'operational'],
  ] as const) {
    at(instant);
    ok(await h.api('PATCH', `/components/${api.id}`, { status }));
  }
  at('2026-11-20T09:00:00.000Z');
  return { api };
}

describe('the 90-day uptime bars of the status page', () => {
  beforeEach(emptyPage);

  it('colour each Paris day from the status log and give its uptime, maintenance shown but never downtime', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    const { api } = await knownHistory(h);
    const html = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();

    const bars = await select(html, `li[data-component="${api.id}"] ol.bars li`);
    expect(bars).toHaveLength(90);
    expect(bars[0]?.attributes['data-date']).toBe('2026-08-23');
    expect(bars.at(-1)?.attributes['data-date']).toBe('2026-11-20');
    const day = (date: string) => {
      const bar = bars.find((b) => b.attributes['data-date'] === date);
      return { tone: bar?.attributes.class?.replace(/^tone-/, ''), title: bar?.attributes.title ?? '' };
    };

    const expected: [string, string, string][] = [
      ['2026-11-09', 'no_data', '9 Nov 2026: No data'],
      ['2026-11-10', 'operational', '10 Nov 2026: Operational, 100.00% uptime, no incidents'],
      ['2026-11-12', 'major_outage', '12 Nov 2026: Major outage, 91.66% uptime, incidents: API down'],
      ['2026-11-13', 'operational', '13 Nov 2026: Operational, 100.00% uptime, no incidents'],
      ['2026-11-14', 'partial_outage', '14 Nov 2026: Partial outage, 87.50% uptime, incidents: Slow API'],
      [
        '2026-11-16',
        'under_maintenance',
        '16 Nov 2026: Maintenance, 100.00% uptime, maintenance for 1 day, maintenance: Data-centre move, no incidents',
      ],
      ['2026-11-17', 'under_maintenance', '17 Nov 2026: Maintenance, 100.00% uptime, maintenance for 1 hour, no incidents'],
      ['2026-11-18', 'degraded_performance', '18 Nov 2026: Degraded performance, 100.00% uptime, no incidents'],
      ['2026-11-20', 'operational', '20 Nov 2026: Operational, 100.00% uptime, no incidents'],
    ];
    for (const [date, tone, title] of expected) {
      expect(day(date), date).toEqual({ tone, title });
    }

    // 5 hours down out of 249 tracked (23 h on 10 Nov, nine whole days, 10 h today): 97.99 %.
    const percent = await selectOne(html, `li[data-component="${api.id}"] .percent`);
    expect(percent.text).toBe('97.99% uptime');
  });

  it('paints each tone with the colour of the one status table, and names every colour in a legend', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    await knownHistory(h);
    for (const [status, info] of Object.entries(COMPONENT_STATUS_INFO)) {
      expect(STYLESHEET).toContain(`.tone-${status}{--tone:${info.color}}`);
    }
    const html = await (await h.fetch('/')).text();
    const legend = await select(html, 'ul.legend li');
    expect(legend.map((l) => l.text.trim())).toEqual([
      'Operational',
      'Degraded performance',
      'Partial outage',
      'Major outage',
      'Maintenance',
      'No data',
    ]);
  });

  it('counts from the component’s start date when the operator set one', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    const { api } = await knownHistory(h);
    ok(await h.api('PATCH', `/components/${api.id}`, { start_date: '2026-11-01' }));
    const html = await (await h.fetch('/')).text();
    const bars = await select(html, `li[data-component="${api.id}"] ol.bars li`);
    const tone = (date: string) => bars.find((b) => b.attributes['data-date'] === date)?.attributes.class;
    expect(tone('2026-10-31')).toBe('tone-no_data');
    expect(tone('2026-11-01')).toBe('tone-operational');
  });
});
