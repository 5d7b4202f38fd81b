// The ends of a maintenance window as the admin shows them: planned, or once they happened the
// actual time with the plan beside it.
import type { FC } from 'hono/jsx';
import type { Maintenance } from '../../domain/model';
import { readableTime } from '../../present/english';
import { Time } from './badges';
import { S } from './strings';

/** When it really ended: completion; a cancelled one never ran, so it keeps its planned end. */
export const endedAt = (m: Maintenance): string | null => (m.status === 'completed' ? m.resolvedAt : null);

/**
 * One end of the window: the planned time, or once it happened the actual one with the plan
 * beside it ("Started 20:21 (planned 20:35)"), the plan left out when they read the same.
 */
export const Edge: FC<{ planned: string; actual: string | null; word: string; zone: string; mode?: string }> = (p) => {
  if (p.actual === null) {
    return (
      <>
        <Time at={p.planned} zone={p.zone} />
        {p.mode ? ` (${p.mode})` : null}
      </>
    );
  }
  const asPlanned = readableTime(p.actual, p.zone) === readableTime(p.planned, p.zone);
  return (
    <>
      {p.word} <Time at={p.actual} zone={p.zone} />
      {asPlanned ? null : (
        <>
          {' '}
          ({S.maintenances.plannedFor} <Time at={p.planned} zone={p.zone} />)
        </>
      )}
    </>
  );
};
