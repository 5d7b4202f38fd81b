import { describe, expect, it } from 'vitest';
import { dueReminder } from '../../src/domain/notices';
import { completingStatus, settledStatus, startingStatus } from '../../src/domain/settle';

const none = { incidents: [], maintenance: null };

describe('where a component settles', () => {
  it('returns to the fallback when nothing holds it', () => expect(settledStatus(none, 'operational')).toBe('operational'));
  it('keeps the worst status an open incident holds it in', () =>
    expect(settledStatus({ incidents: ['degraded_performance', 'major_outage'], maintenance: 'under_maintenance' }, 'operational')).toBe(
      'major_outage',
    ));
  it('shows the planned status of a running maintenance', () =>
    expect(settledStatus({ incidents: [], maintenance: 'under_maintenance' }, 'operational')).toBe('under_maintenance'));

  it('takes its planned status when a maintenance starts', () => expect(startingStatus('partial_outage', none)).toBe('partial_outage'));
  it('keeps a worse incident status when a maintenance starts', () =>
    expect(startingStatus('degraded_performance', { incidents: ['major_outage'], maintenance: null })).toBe('major_outage'));
  it('takes the planned status over a milder incident status', () =>
    expect(startingStatus('under_maintenance', { incidents: ['degraded_performance'], maintenance: null })).toBe('degraded_performance'));

  it('returns to its prior status at completion', () =>
    expect(completingStatus('under_maintenance', 'under_maintenance', 'operational', none)).toBe('operational'));
  it('keeps what an operator set during the window', () =>
    expect(completingStatus('major_outage', 'under_maintenance', 'operational', none)).toBe('major_outage'));
  it('shows the open incident at completion', () =>
    expect(
      completingStatus('under_maintenance', 'under_maintenance', 'operational', { incidents: ['partial_outage'], maintenance: null }),
    ).toBe('partial_outage'));
  it('hands over to another running maintenance', () =>
    expect(
      completingStatus('degraded_performance', 'degraded_performance', 'operational', { incidents: [], maintenance: 'under_maintenance' }),
    ).toBe('under_maintenance'));
});

describe('which reminder is due', () => {
  const start = Date.parse('2026-12-05T07:00:00Z');
  const m = { scheduledFor: new Date(start).toISOString(), windowSetAt: '2026-11-21T07:00:00.000Z', reminders: [4320, 1440, 60] };
  const at = (hoursBefore: number) => new Date(start - hoursBefore * 3_600_000);

  it('none before the first reminder', () => expect(dueReminder(m, at(73))).toBeNull());
  it('72 h at 72 h before', () => expect(dueReminder(m, at(72))).toBe(4320));
  it('the 24 h one supersedes the 72 h one', () => expect(dueReminder(m, at(20))).toBe(1440));
  it('1 h at 30 minutes before', () => expect(dueReminder(m, at(0.5))).toBe(60));
  it('none once it has started', () => expect(dueReminder(m, at(0))).toBeNull());
  it('none whose moment passed before the window was set', () =>
    expect(dueReminder({ ...m, windowSetAt: at(0.5).toISOString() }, at(0.25))).toBeNull());
});
