import { beforeEach, describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../../src/domain/status';
import { COMPONENT_STATUS_INFO } from '../../src/domain/status';
import { STYLESHEET } from '../../src/views/public/assets/style';
import { TONE_CODE } from '../../src/views/public/uptime-bars';
import { makeComponent } from '../support/factories';
import type { Harness } from '../support/harness';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { select, selectOne } from './html';
import type { DayRun } from './uptime-days';
import { barsOf } from './uptime-days';

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

/** The component's runs of days, as the page's script names them. */
async function runsOf(html: string, name: string) {
  const bars = (await barsOf(html)).find((b) => b.name === name);
  if (!bars) throw new Error(`no bars for ${name}`);
  return bars;
}

const words = (run: DayRun) => ({ from: run.from, until: run.until, tone: run.tone, words: run.words });

describe('the 90-day uptime bars of the status page', () => {
  beforeEach(emptyPage);

  it('colour each Paris day from the status log and give its uptime, maintenance shown but never downtime', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    await knownHistory(h);
    const html = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();

    const { runs, classes, data } = await runsOf(html, 'Public API');
    expect(runs[0]?.from).toBe('2026-08-23');
    expect(runs.reduce((n, run) => n + run.days, 0)).toBe(90);
    expect(runs.at(-1)?.until).toBe('2026-11-20');
    // Days that read the same are one run, named once with their dates.
    expect(runs.map(words)).toEqual([
      { from: '2026-08-23', until: '2026-11-09', tone: 'no_data', words: '23 Aug – 9 Nov 2026: No data' },
      {
        from: '2026-11-10',
        until: '2026-11-11',
        tone: 'operational',
        words: '10 – 11 Nov 2026: Operational, 100.00% uptime, no incidents',
      },
      {
        from: '2026-11-12',
        until: '2026-11-12',
        tone: 'major_outage',
        words: '12 Nov 2026: Major outage, 91.66% uptime, incident: API down',
      },
      { from: '2026-11-13', until: '2026-11-13', tone: 'operational', words: '13 Nov 2026: Operational, 100.00% uptime, no incidents' },
      {
        from: '2026-11-14',
        until: '2026-11-14',
        tone: 'partial_outage',
        words: '14 Nov 2026: Partial outage, 87.50% uptime, incident: Slow API',
      },
      { from: '2026-11-15', until: '2026-11-15', tone: 'operational', words: '15 Nov 2026: Operational, 100.00% uptime, no incidents' },
      {
        from: '2026-11-16',
        until: '2026-11-16',
        tone: 'under_maintenance',
        words: '16 Nov 2026: Maintenance, 100.00% uptime, maintenance for 1 day, maintenance: Data-centre move, no incidents',
      },
      {
        from: '2026-11-17',
        until: '2026-11-17',
        tone: 'under_maintenance',
        words: '17 Nov 2026: Maintenance, 100.00% uptime, maintenance for 1 hour, no incidents',
      },
      {
        from: '2026-11-18',
        until: '2026-11-18',
        tone: 'degraded_performance',
        words: '18 Nov 2026: Degraded performance, 100.00% uptime, no incidents',
      },
      {
        from: '2026-11-19',
        until: '2026-11-20',
        tone: 'operational',
        words: '19 – 20 Nov 2026: Operational, 100.00% uptime, no incidents',
      },
    ]);
    // What the server sends for them: an item per run that is not plain operational (those the
    // list's background paints), placed by class, and each item's facts as a short code.
    expect(classes).toEqual(['s79 nd1', 'mo82', 'po84', 'um86', 'um87', 'dp88']);
    expect(data).toBe(',834.0,1250.1,+1440~0,+60,');
    const legend = await selectOne(html, 'ul.legend');
    expect(legend.attributes['data-incident-names']).toBe('API down\nSlow API');
    expect(legend.attributes['data-maintenance-names']).toBe('Data-centre move');

    // 5 hours down out of 249 tracked (23 h on 10 Nov, nine whole days, 10 h today): 97.99 %.
    const percent = await select(html, 'ul.components > li > p');
    expect(percent.map((p) => p.text)).toEqual(['97.99% uptime']);
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

    const en = await runsOf(await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text(), 'Public API');
    expect(en.runs.filter((r) => r.tone === 'degraded_performance').map(words)).toEqual([
      {
        from: '2026-11-12',
        until: '2026-11-13',
        tone: 'degraded_performance',
        words: '12 – 13 Nov 2026: Degraded performance, 100.00% uptime, no incidents',
      },
    ]);
    const fr = await runsOf(await (await h.fetch('/', { headers: { 'accept-language': 'fr' } })).text(), 'Public API');
    expect(fr.runs.filter((r) => r.tone === 'degraded_performance').map((r) => r.words)).toEqual([
      '12–13 nov. 2026 : Performances dégradées, 100,00 % de disponibilité, aucun incident',
    ]);
  });

  it('name one incident of a day in the singular and two in the plural, in English and in French', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const api = await makeComponent(h, 'Public API');
    h.clock.set('2026-11-15T00:00:00.000Z');
    const incident = (name: string, day: string, hour: string) =>
      h.api('POST', '/incidents/backfill', {
        name,
        impact: 'minor',
        body: 'Some requests fail.',
        components: { [api.id]: 'degraded_performance' },
        started_at: `2026-11-${day}T${hour}:00:00.000Z`,
        resolved_at: `2026-11-${day}T${hour}:30:00.000Z`,
      });
    ok(await incident('Slow logins', '12', '09'));
    ok(await incident('Slow exports', '13', '09'));
    ok(await incident('Slow search', '13', '14'));
    const incidentWords = async (language: string) => {
      const html = await (await h.fetch('/', { headers: { 'accept-language': language } })).text();
      return (await runsOf(html, 'Public API')).runs
        .filter((r) => r.tone === 'degraded_performance')
        .map((r) => r.words.split(', ').at(-1));
    };
    expect(await incidentWords('en')).toEqual(['incident: Slow logins', 'incidents: Slow exports and Slow search']);
    expect(await incidentWords('fr')).toEqual(['incident : Slow logins', 'incidents : Slow exports et Slow search']);
  });

  it('name one maintenance of a day in the singular and two in the plural, in English and in French', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const api = await makeComponent(h, 'Public API');
    // Each an hour of partial outage, started and completed on time.
    const maintenance = async (name: string, from: string) => {
      const until = new Date(Date.parse(from) + 3_600_000).toISOString();
      const made = ok(
        await h.api('POST', '/maintenances', {
          name,
          body: 'Moving.',
          scheduled_for: from,
          scheduled_until: until,
          components: { [api.id]: 'partial_outage' },
          reminders: [],
        }),
      ).maintenance;
      h.clock.set(from);
      ok(await h.api('POST', `/maintenances/${made.id}/updates`, { status: 'in_progress', body: 'Started.' }));
      h.clock.set(until);
      ok(await h.api('POST', `/maintenances/${made.id}/updates`, { status: 'completed', body: 'Done.' }));
    };
    await maintenance('Rack move', '2026-11-12T09:00:00.000Z');
    await maintenance('Power work', '2026-11-13T09:00:00.000Z');
    await maintenance('Network work', '2026-11-13T14:00:00.000Z');
    h.clock.set('2026-11-15T00:00:00.000Z');
    const maintenanceWords = async (language: string) => {
      const html = await (await h.fetch('/', { headers: { 'accept-language': language } })).text();
      return (await runsOf(html, 'Public API')).runs
        .filter((r) => r.tone === 'under_maintenance')
        .map((r) => r.words.split(', ').find((part) => /^maintenances? ?:/.test(part)));
    };
    expect(await maintenanceWords('en')).toEqual(['maintenance: Rack move', 'maintenance: Network work and Power work']);
    expect(await maintenanceWords('fr')).toEqual(['maintenance : Rack move', 'maintenances : Network work et Power work']);
  });

  it('name each list after its component: from the legend’s template, or by the server where French elides “de”', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    await makeComponent(h, 'Public API');
    await makeComponent(h, 'Alertes', { translations: { fr: { name: 'Alertes par e-mail' } } });
    const en = await (await h.fetch('/', { headers: { 'accept-language': 'en' } })).text();
    expect((await selectOne(en, 'ul.legend')).attributes['data-title']).toBe('Uptime of {} over the last 90 days');
    expect((await barsOf(en)).map((b) => [b.name, b.ariaLabel])).toEqual([
      ['Public API', null],
      ['Alertes', null],
    ]);
    const fr = await (await h.fetch('/', { headers: { 'accept-language': 'fr' } })).text();
    expect((await selectOne(fr, 'ul.legend')).attributes['data-title']).toBe('Disponibilité de {} sur les 90 derniers jours');
    expect((await barsOf(fr)).map((b) => [b.name, b.ariaLabel])).toEqual([
      ['Public API', null],
      ['Alertes par e-mail', 'Disponibilité d’Alertes par e-mail sur les 90 derniers jours'],
    ]);
  });

  it('paints each tone with the colour of the one status table, and names every colour in a legend', async () => {
    const h = harness('2026-11-10T00:00:00.000Z');
    await knownHistory(h);
    for (const [status, info] of Object.entries(COMPONENT_STATUS_INFO)) {
      expect(STYLESHEET).toContain(`.tone-${status}{--tone:${info.color}}`);
      expect(STYLESHEET).toContain(`.bars [class*=${TONE_CODE[status as ComponentStatus]}]{--tone:${info.color}}`);
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
    const { runs } = await runsOf(html, 'Public API');
    const tone = (date: string) => runs.find((r) => r.from <= date && date <= r.until)?.tone;
    expect(tone('2026-10-31')).toBe('no_data');
    expect(tone('2026-11-01')).toBe('operational');
  });
});
