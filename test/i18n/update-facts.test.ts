import { describe, expect, it } from 'vitest';
import type { UpdateFacts, Window } from '../../src/domain/model';
import { automaticUpdateParts, automaticUpdateText, legacyFacts, windowShift } from '../../src/i18n/update-facts';

const NBSP = '\u00a0';
const win = (from: string, until: string): Window => ({
  scheduled_for: `2026-12-${from}:00.000Z`,
  scheduled_until: `2026-12-${until}:00.000Z`,
});
const planned = win('05T07:00', '05T11:00');

describe('how a window moved', () => {
  it('before it starts, the start decides; with the same start, the end', () => {
    expect(windowShift(planned, win('05T06:00', '05T10:00'), false)).toBe('earlier');
    expect(windowShift(planned, win('05T06:00', '05T12:00'), false)).toBe('earlier');
    expect(windowShift(planned, win('12T07:00', '12T11:00'), false)).toBe('later');
    expect(windowShift(planned, win('05T08:00', '05T09:00'), false)).toBe('later');
    expect(windowShift(planned, win('05T07:00', '05T13:00'), false)).toBe('extended');
    expect(windowShift(planned, win('05T07:00', '05T09:00'), false)).toBe('shortened');
  });

  it('while it runs, the end decides: extended or shortened, not "moved"', () => {
    expect(windowShift(planned, win('05T07:00', '05T13:00'), true)).toBe('extended');
    expect(windowShift(planned, win('05T06:30', '05T13:00'), true)).toBe('extended');
    expect(windowShift(planned, win('05T07:00', '05T10:00'), true)).toBe('shortened');
    expect(windowShift(planned, win('05T06:30', '05T11:00'), true)).toBe('earlier');
  });

  it('compares instants, not spellings', () => {
    expect(windowShift(planned, { scheduled_for: '2026-12-05T08:00:00+01:00', scheduled_until: '2026-12-05T10:00:00+01:00' }, false)).toBe(
      'shortened',
    );
  });
});

describe('the updates Forewarn writes itself, in each language', () => {
  it('start, end and cancel in English as Statuspage says them, and in French', () => {
    const say = (automatic: 'in_progress' | 'completed' | 'cancelled') =>
      (['en', 'fr'] as const).map((locale) => automaticUpdateText({ automatic }, locale, 'Europe/Paris'));
    expect(say('in_progress')).toEqual([
      'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
      'La maintenance planifiée est en cours. Nous publierons des mises à jour si nécessaire.',
    ]);
    expect(say('completed')).toEqual(['The scheduled maintenance has been completed.', 'La maintenance planifiée est terminée.']);
    expect(say('cancelled')).toEqual(['This scheduled maintenance has been cancelled.', 'Cette maintenance planifiée a été annulée.']);
  });

  it('a reschedule, by how it moved, with both windows in the reader’s zone and language', () => {
    const moved = (shift: 'earlier' | 'later' | 'extended' | 'shortened', window: Window): UpdateFacts => ({
      automatic: 'rescheduled',
      shift,
      previous: planned,
      window,
    });
    expect(automaticUpdateText(moved('earlier', win('01T07:00', '01T11:00')), 'en', 'Europe/London')).toBe(
      'Moved earlier: previously Saturday, 5 December 2026, 07:00 → 11:00 (Europe/London), now Tuesday, 1 December 2026, 07:00 → 11:00 (Europe/London).',
    );
    expect(automaticUpdateText(moved('earlier', win('01T07:00', '01T11:00')), 'fr', 'Europe/Paris')).toBe(
      `Avancée${NBSP}: auparavant samedi 5 décembre 2026, 08:00 → 12:00 (Europe/Paris), désormais mardi 1er décembre 2026, 08:00 → 12:00 (Europe/Paris).`,
    );
    const later = moved('later', win('12T07:00', '12T11:00'));
    expect(automaticUpdateText(later, 'en', 'UTC')).toMatch(/^Postponed: previously Saturday, 5 December/);
    expect(automaticUpdateText(later, 'fr', 'UTC')).toMatch(new RegExp(`^Reportée${NBSP}: auparavant samedi 5 décembre`));
    const longer = moved('extended', win('05T07:00', '05T13:00'));
    expect(automaticUpdateText(longer, 'en', 'UTC')).toMatch(/^Extended: previously /);
    expect(automaticUpdateText(longer, 'fr', 'UTC')).toMatch(new RegExp(`^Prolongée${NBSP}: auparavant `));
    const shorter = moved('shortened', win('05T07:00', '05T09:00'));
    expect(automaticUpdateText(shorter, 'en', 'UTC')).toMatch(/^Shortened: previously /);
    expect(automaticUpdateText(shorter, 'fr', 'UTC')).toMatch(new RegExp(`^Écourtée${NBSP}: auparavant `));
  });

  it('hands the page its windows as windows, so it can write them as <time> in the reader’s zone', () => {
    const later = win('12T07:00', '12T11:00');
    expect(automaticUpdateParts({ automatic: 'rescheduled', shift: 'later', previous: planned, window: later }, 'en')).toEqual([
      'Postponed: previously ',
      { window: planned },
      ', now ',
      { window: later },
      '.',
    ]);
    expect(automaticUpdateParts({ automatic: 'completed' }, 'fr')).toEqual(['La maintenance planifiée est terminée.']);
  });
});

describe('automatic updates stored before facts existed', () => {
  it('are read back into facts, so they too read in the reader’s language', () => {
    expect(legacyFacts('Scheduled maintenance is currently in progress. We will provide updates as necessary.')).toEqual({
      automatic: 'in_progress',
    });
    expect(legacyFacts('The scheduled maintenance has been completed.')).toEqual({ automatic: 'completed' });
    expect(legacyFacts(' This scheduled maintenance has been cancelled.\n')).toEqual({ automatic: 'cancelled' });
    expect(
      legacyFacts(
        'Rescheduled: previously 2026-12-05T07:00:00.000Z → 2026-12-05T11:00:00.000Z, now 2026-12-01T07:00:00.000Z → 2026-12-01T11:00:00.000Z.',
      ),
    ).toEqual({ automatic: 'rescheduled', shift: 'earlier', previous: planned, window: win('01T07:00', '01T11:00') });
    expect(
      legacyFacts(
        'Rescheduled: previously 2026-12-05T07:00:00.000Z → 2026-12-05T11:00:00.000Z, now 2026-12-05T07:00:00.000Z → 2026-12-05T13:00:00.000Z.',
      ),
    ).toMatchObject({ shift: 'extended' });
  });

  it('leave an operator’s own text alone, even one that looks like them', () => {
    expect(legacyFacts('The scheduled maintenance has been completed. The racks are in.')).toBeNull();
    expect(legacyFacts('Rescheduled: previously Saturday → Sunday, now Monday → Tuesday.')).toBeNull();
    expect(legacyFacts('Rescheduled: previously 2026-13-45T99:00:00.000Z → x, now y → z.')).toBeNull();
    expect(legacyFacts('')).toBeNull();
  });
});
