import { describe, expect, it } from 'vitest';
import type { Incident, Maintenance } from '../../src/domain/model';
import type { StatusChangeRecord } from '../../src/domain/uptime';
import { componentUptime } from '../../src/domain/uptime';
import { lastDays, startOfDay } from '../../src/domain/zone-days';

const ZONE = 'Europe/Paris';
const NOW = new Date('2026-11-20T09:00:00.000Z'); // 10:00 in Paris
const HOUR = 3_600_000;

const row = (
  changedAt: string,
  oldStatus: StatusChangeRecord['oldStatus'],
  newStatus: StatusChangeRecord['newStatus'],
  causeType: StatusChangeRecord['causeType'] = 'incident',
): StatusChangeRecord => ({
  componentId: 'api',
  oldStatus,
  newStatus,
  changedAt,
  causeType,
});

/** Paris days are UTC+1 in November: Paris midnight is 23:00 UTC the day before. */
const LOG: StatusChangeRecord[] = [
  row('2026-11-10T00:00:00.000Z', null, 'operational', 'operator'),
  row('2026-11-12T10:00:00.000Z', 'operational', 'major_outage'),
  row('2026-11-12T12:00:00.000Z', 'major_outage', 'operational'),
  row('2026-11-14T10:00:00.000Z', 'operational', 'partial_outage'),
  row('2026-11-14T20:00:00.000Z', 'partial_outage', 'operational'),
  row('2026-11-15T23:00:00.000Z', 'operational', 'partial_outage', 'maintenance'),
  row('2026-11-16T23:00:00.000Z', 'partial_outage', 'operational', 'maintenance'),
  row('2026-11-17T08:00:00.000Z', 'operational', 'under_maintenance', 'operator'),
  row('2026-11-17T09:00:00.000Z', 'under_maintenance', 'operational', 'operator'),
  row('2026-11-18T10:00:00.000Z', 'operational', 'degraded_performance'),
  row('2026-11-18T11:00:00.000Z', 'degraded_performance', 'operational'),
  // Another component's rows never leak into this one.
  { ...row('2026-11-13T00:00:00.000Z', 'operational', 'major_outage'), componentId: 'login' },
];

function incident(id: string, startedAt: string, resolvedAt: string | null, componentId = 'api'): Incident {
  return {
    id,
    name: `Incident ${id}`,
    status: resolvedAt ? 'resolved' : 'investigating',
    impact: 'major',
    createdAt: startedAt,
    updatedAt: startedAt,
    startedAt,
    monitoringAt: null,
    resolvedAt,
    postmortemBody: null,
    postmortemPublishedAt: null,
    revision: 'r',
    translations: {},
    components: [{ componentId, status: 'major_outage' }],
    updates: [],
  };
}

const move = {
  id: 'move',
  name: 'Data-centre move',
  status: 'completed',
  startedAt: '2026-11-15T23:00:00.000Z',
  resolvedAt: '2026-11-16T23:00:00.000Z',
  components: [{ componentId: 'api', plannedStatus: 'partial_outage', priorStatus: 'operational' }],
} as Maintenance;

function uptime(extra: Partial<Parameters<typeof componentUptime>[0]> = {}) {
  return componentUptime({
    componentId: 'api',
    startDate: null,
    log: LOG,
    incidents: [
      incident('outage', '2026-11-12T10:00:00.000Z', '2026-11-12T12:00:00.000Z'),
      incident('other', '2026-11-13T00:00:00.000Z', null, 'login'),
    ],
    maintenances: [move],
    days: lastDays(NOW, ZONE, 90),
    timeZone: ZONE,
    now: NOW,
    ...extra,
  });
}

const byDate = (result: ReturnType<typeof uptime>) => new Map(result.days.map((d) => [d.date, d]));

describe('90-day uptime from the status log', () => {
  it('gives each Paris day its colour and its uptime, maintenance never counted as downtime', () => {
    const result = uptime();
    expect(result.days).toHaveLength(90);
    expect(result.days[0]?.date).toBe('2026-08-23');
    expect(result.days.at(-1)?.date).toBe('2026-11-20');

    const days = byDate(result);
    const expectations: [string, string, number | null][] = [
      ['2026-11-09', 'no_data', null],
      ['2026-11-10', 'operational', 1],
      ['2026-11-11', 'operational', 1],
      ['2026-11-12', 'major_outage', 1 - 2 / 24],
      ['2026-11-13', 'operational', 1],
      ['2026-11-14', 'partial_outage', 1 - (10 * 0.3) / 24],
      ['2026-11-15', 'operational', 1],
      ['2026-11-16', 'under_maintenance', 1],
      ['2026-11-17', 'under_maintenance', 1],
      ['2026-11-18', 'degraded_performance', 1],
      ['2026-11-19', 'operational', 1],
      ['2026-11-20', 'operational', 1],
    ];
    for (const [date, tone, value] of expectations) {
      const day = days.get(date);
      expect(day?.tone, date).toBe(tone);
      if (value === null) expect(day?.uptime, date).toBeNull();
      else expect(day?.uptime, date).toBeCloseTo(value, 10);
    }
    expect(days.get('2026-11-16')?.maintenanceMs).toBe(24 * HOUR);
    expect(days.get('2026-11-16')?.downtimeMs).toBe(0);
    expect(days.get('2026-11-16')?.maintenances).toEqual([{ id: 'move', name: 'Data-centre move' }]);
    expect(days.get('2026-11-12')?.incidents.map((i) => i.id)).toEqual(['outage']);
    expect(days.get('2026-11-13')?.incidents).toEqual([]);
  });

  it('averages over tracked time only: 23 h on the first day, 10 h today', () => {
    const tracked = 23 + 9 * 24 + 10;
    expect(uptime().uptime).toBeCloseTo(1 - 5 / tracked, 10);
  });

  it('counts from the start date, in the first row’s old status, when one is set', () => {
    const result = uptime({ startDate: '2026-11-01' });
    const days = byDate(result);
    expect(days.get('2026-10-31')?.tone).toBe('no_data');
    expect(days.get('2026-11-01')?.tone).toBe('operational');
    expect(days.get('2026-11-01')?.uptime).toBe(1);
    const tracked = 19 * 24 + 10;
    expect(result.uptime).toBeCloseTo(1 - 5 / tracked, 10);
  });

  it('keeps an outage still running counted up to now', () => {
    const result = uptime({ log: [...LOG, row('2026-11-20T07:00:00.000Z', 'operational', 'major_outage')] });
    const today = result.days.at(-1);
    expect(today?.tone).toBe('major_outage');
    expect(today?.uptime).toBeCloseTo(1 - 2 / 10, 10);
  });

  it('has no data at all for a component without a log', () => {
    const result = uptime({ componentId: 'nobody' });
    expect(result.uptime).toBeNull();
    expect(result.days.every((d) => d.tone === 'no_data')).toBe(true);
  });
});

describe('days of a time zone', () => {
  it('lasts 25 hours on the day Paris leaves summer time', () => {
    const days = lastDays(new Date('2026-10-26T12:00:00.000Z'), ZONE, 3);
    expect(days.map((d) => d.date)).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
    const sunday = days[1]!;
    expect(sunday.until.getTime() - sunday.from.getTime()).toBe(25 * HOUR);
    expect(startOfDay('2026-10-25', ZONE).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});
