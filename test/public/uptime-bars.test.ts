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

/** One bar item: a run of days that read the same, its words in `title` unless it is plain. */
interface Run {
  from: string;
  until: string;
  tone: string;
  title: string | null;
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The component's bar items as runs of dates: the list starts at `data-from`, a `dN` class spans N days. */
async function runsOf(html: string, componentId: string): Promise<{ from: string | undefined; runs: Run[]; days: number }> {
  const list = await selectOne(html, `li[data-component="${componentId}"] ol.bars`);
  const items = await select(html, `li[data-component="${componentId}"] ol.bars li`);
  let day = list.attributes['data-from'] ?? '';
  let days = 0;
  const runs = items.map((item): Run => {
    const classes = (item.attributes.class ?? '').split(' ');
    const span = Number(classes.find((c) => /^d\d+$/.test(c))?.slice(1) ?? 1);
    const run = {
      from: day,
      until: addDays(day, span - 1),
      tone: classes.find((c) => c.startsWith('tone-'))?.slice('tone-'.length) ?? 'operational',
      title: item.attributes.title?.replace(/\s/g, ' ') ?? null,
    };
    day = addDays(day, span);
    days += span;
    return run;
  });
  return { from: list.attributes['data-from'], runs, days };
}

describe('the 90-day uptime bars of the status page', () => {
  beforeEach(emptyPage);

  it('colour each Paris day from the status log and give its uptime, maintenance shown but never downtime', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    const { api } = await knownHistory(h);
    const html = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();

    const { from, runs, days } = await runsOf(html, api.id);
    expect(from).toBe('2026-08-23');
    expect(days).toBe(90);
    expect(runs.at(-1)?.until).toBe('2026-11-20');
    // Days that read the same are one item; a plain one (no data, or operational with nothing
    // else to say) carries no words of its own: the legend holds them, the page's script adds the dates.
    expect(runs).toEqual([
      { from: '2026-08-23', until: '2026-11-09', tone: 'no_data', title: null },
      { from: '2026-11-10', until: '2026-11-11', tone: 'operational', title: null },
      {
        from: '2026-11-12',
        until: '2026-11-12',
        tone: 'major_outage',
        title: '12 Nov 2026: Major outage, 91.66% uptime, incidents: API down',
      },
      { from: '2026-11-13', until: '2026-11-13', tone: 'operational', title: null },
      {
        from: '2026-11-14',
        until: '2026-11-14',
        tone: 'partial_outage',
        title: '14 Nov 2026: Partial outage, 87.50% uptime, incidents: Slow API',
      },
      { from: '2026-11-15', until: '2026-11-15', tone: 'operational', title: null },
      {
        from: '2026-11-16',
        until: '2026-11-16',
        tone: 'under_maintenance',
        title: '16 Nov 2026: Maintenance, 100.00% uptime, maintenance for 1 day, maintenance: Data-centre move, no incidents',
      },
      {
        from: '2026-11-17',
        until: '2026-11-17',
        tone: 'under_maintenance',
        title: '17 Nov 2026: Maintenance, 100.00% uptime, maintenance for 1 hour, no incidents',
      },
      {
        from: '2026-11-18',
        until: '2026-11-18',
        tone: 'degraded_performance',
        title: '18 Nov 2026: Degraded performance, 100.00% uptime, no incidents',
      },
      { from: '2026-11-19', until: '2026-11-20', tone: 'operational', title: null },
    ]);
    const legend = await selectOne(html, 'ul.legend');
    expect(legend.attributes['data-day-operational']).toBe('{date}: Operational, 100.00% uptime, no incidents');
    expect(legend.attributes['data-day-no_data']).toBe('{date}: No data');

    // 5 hours down out of 249 tracked (23 h on 10 Nov, nine whole days, 10 h today): 97.99 %.
    const percent = await selectOne(html, `li[data-component="${api.id}"] .percent`);
    expect(percent.text).toBe('97.99% uptime');
  });

  it('give days in a row that read the same one label with both dates, in English and in French', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const api = await makeComponent(h, 'Public API');
    // 12 and 13 Nov, whole Paris days, in degraded performance set by hand.
    h.clock.set('2026-11-11T23:00:00.000Z');
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'degraded_performance' }));
    h.clock.set('2026-11-13T23:00:00.000Z');
    ok(await h.api('PATCH', `/components/${api.id}`, { status: 'operational' }));
    h.clock.set('2026-11-14T09:00:00.000Z');

    const en = await runsOf(await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text(), api.id);
    expect(en.runs.find((r) => r.tone === 'degraded_performance')).toEqual({
      from: '2026-11-12',
      until: '2026-11-13',
      tone: 'degraded_performance',
      title: '12 – 13 Nov 2026: Degraded performance, 100.00% uptime, no incidents',
    });
    const fr = await runsOf(await (await h.fetch('/', { headers: { 'accept-language': 'fr' } })).text(), api.id);
    expect(fr.runs.find((r) => r.tone === 'degraded_performance')?.title).toBe(
      '12–13 nov. 2026 : Performances dégradées, 100,00 % de disponibilité, aucun incident',
    );
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
    const { runs } = await runsOf(html, api.id);
    const tone = (date: string) => runs.find((r) => r.from <= date && date <= r.until)?.tone;
    expect(tone('2026-10-31')).toBe('no_data');
    expect(tone('2026-11-01')).toBe('operational');
  });
});
