// The clock's work, one pass per cron tick: start and complete what is due, in the order it came
// due, and record the one reminder each upcoming maintenance is owed now.
import { AppError } from '../domain/errors';
import { dueReminder } from '../domain/notices';
import type { Ctx } from '../env';
import { listComponents } from '../store/components';
import { listDueMaintenances, listMaintenances } from '../store/maintenances';
import { insertNoticeStatement } from '../store/notices';
import { bumpSnapshotVersionStatement } from '../store/snapshot-state';
import { advanceMaintenance, getMaintenance, reminderNotice } from './maintenances';
import { publishAfterWrite } from './snapshot';

export interface SchedulerReport {
  started: string[];
  completed: string[];
  reminders: { maintenanceId: string; minutesBefore: number }[];
}

type Due = { at: string; id: string; to: 'in_progress' | 'completed' };

export async function runScheduler(ctx: Ctx): Promise<SchedulerReport> {
  const report: SchedulerReport = { started: [], completed: [], reminders: [] };
  const now = ctx.now.toISOString();

  const due: Due[] = [];
  for (const m of await listDueMaintenances(ctx.db, now)) {
    if (m.status === 'scheduled') due.push({ at: m.scheduledFor, id: m.id, to: 'in_progress' });
    if (m.autoComplete && m.scheduledUntil <= now) due.push({ at: m.scheduledUntil, id: m.id, to: 'completed' });
  }
  due.sort((a, b) => a.at.localeCompare(b.at) || (a.to === 'in_progress' ? -1 : 1));
  for (const event of due) {
    // Re-read each time: an earlier event of this pass, an operator or another cron run may have moved it.
    const current = await getMaintenance(ctx, event.id);
    const applicable =
      event.to === 'in_progress'
        ? current.status === 'scheduled' && current.autoStart
        : current.status === 'in_progress' || current.status === 'verifying';
    if (!applicable) continue;
    try {
      await advanceMaintenance(ctx, current, { status: event.to, body: '', deliver_notifications: true });
      (event.to === 'in_progress' ? report.started : report.completed).push(event.id);
    } catch (error) {
      // Another run got there first (stale revision or notice already recorded): nothing to do.
      if (error instanceof AppError && error.code === 'conflict') continue;
      if (error instanceof Error && /UNIQUE constraint failed: notices/.test(error.message)) continue;
      throw error;
    }
  }

  const upcoming = (await listMaintenances(ctx.db, { limit: 500, statuses: ['scheduled'], since: now })).filter(
    (m) => m.scheduledFor > now,
  );
  const owed = upcoming.flatMap((m) => {
    const minutes = dueReminder(m, ctx.now);
    return minutes === null ? [] : [{ m, minutes }];
  });
  if (owed.length > 0) {
    const components = new Map((await listComponents(ctx.db)).map((c) => [c.id, c]));
    const statements = owed.map(({ m, minutes }) => {
      const draft = reminderNotice(m, minutes, components);
      return insertNoticeStatement(ctx.db, ctx.newId(), now, draft);
    });
    // The bump is last: results[i] stays owed[i]'s.
    const results = await ctx.db.batch([...statements, bumpSnapshotVersionStatement(ctx.db)]);
    results.forEach((r, i) => {
      const o = owed[i];
      if (o && r.meta.changes > 0) report.reminders.push({ maintenanceId: o.m.id, minutesBefore: o.minutes });
    });
    // The public API shows when subscribers were last reminded (scheduled_reminded_at).
    if (report.reminders.length > 0) await publishAfterWrite(ctx);
  }
  return report;
}
