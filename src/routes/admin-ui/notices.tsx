// Notices: progress of each send, failures with reasons, previews in each language.
import { Hono } from 'hono';
import { NotFound } from '../../domain/errors';
import type { Locale, SubjectType } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { Ctx } from '../../env';
import { getPage } from '../../services/page';
import { findNoticeProgress, listRecentNotices } from '../../store/admin-notices';
import { listComponents } from '../../store/components';
import type { DeliveryCounts } from '../../store/deliveries';
import { deliveryCounts, listNoticeDeliveries } from '../../store/deliveries';
import { findNotice, listNotices } from '../../store/notices';
import { NoticePage, NoticesPage } from '../../views/admin/notices-page';
import type { DeliveryTally } from '../../views/admin/timeline';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { previewNotice } from './notice-preview';
import { chrome, render } from './render';
import { sessionMay } from './scope-check';

const SHOWN = 100;
const FAILURES_SHOWN = 200;

/** `sending` is still pending for an operator; `skipped` (the subscriber left first) is neither. */
export const tallyOf = (c: DeliveryCounts | undefined): DeliveryTally => ({
  pending: (c?.pending ?? 0) + (c?.sending ?? 0),
  sent: c?.sent ?? 0,
  failed: c?.failed ?? 0,
});

/** Each notice's e-mails by outcome, by notice id. */
async function talliesOf(db: D1Database, notices: readonly { id: string }[]): Promise<Map<string, DeliveryTally>> {
  const counts = await deliveryCounts(
    db,
    notices.map((n) => n.id),
  );
  return new Map(notices.map((n) => [n.id, tallyOf(counts.get(n.id))]));
}

/** What the page of one incident or maintenance shows beside it: the components, the page's zone and language, its notices and their tallies. */
export async function loadSubjectPage(ctx: Ctx, subjectType: SubjectType, subjectId: string) {
  const [components, page, notices] = await Promise.all([
    listComponents(ctx.db),
    getPage(ctx),
    listNotices(ctx.db, { subjectType, subjectId, limit: 500 }),
  ]);
  return { components, zone: page.timeZone, defaultLocale: page.defaultLocale, notices, tallies: await talliesOf(ctx.db, notices) };
}

export function noticePages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/notices', async (c) => {
    const ctx = c.get('ctx');
    const [notices, page] = await Promise.all([listRecentNotices(ctx.db, SHOWN), getPage(ctx)]);
    const tallies = await talliesOf(ctx.db, notices);
    return render(c, <NoticesPage chrome={chrome(c, 'notices')} notices={notices} tallies={tallies} zone={page.timeZone} />);
  });

  app.get('/notices/:id', async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c, 'Notice');
    const notice = await findNoticeProgress(ctx.db, id);
    if (!notice) throw new NotFound('Notice', id);
    // Who it failed for, and the relay's replies that may repeat the address: write sessions only.
    const canWrite = sessionMay(c, 'write');
    const [counts, failed, previews, page] = await Promise.all([
      deliveryCounts(ctx.db, [id]),
      canWrite ? listNoticeDeliveries(ctx.db, id, { limit: FAILURES_SHOWN, status: 'failed' }) : null,
      previewNotice(ctx, notice),
      getPage(ctx),
    ]);
    const failures = failed?.map((d) => ({ email: d.email, attempts: d.attempts, reason: d.lastError })) ?? null;
    return render(
      c,
      <NoticePage
        chrome={chrome(c, 'notices')}
        notice={notice}
        tally={tallyOf(counts.get(id))}
        failures={failures}
        prunedFailures={counts.get(id)?.pruned.failed ?? 0}
        retentionDays={ctx.config.RETENTION_DAYS}
        previews={previews}
        zone={page.timeZone}
      />,
    );
  });

  // The e-mail's own HTML in a sandboxed frame: its inline styles are allowed there and nowhere else.
  app.get('/notices/:id/preview/:locale', async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c, 'Notice');
    const locale = c.req.param('locale') as Locale;
    const notice = await findNotice(ctx.db, id);
    if (!notice || !LOCALES.includes(locale)) throw new NotFound('Notice', id);
    const [preview] = await previewNotice(ctx, notice, [locale]);
    return c.html(preview?.html ?? '', 200, {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox",
      'X-Frame-Options': 'SAMEORIGIN',
    });
  });

  return app;
}
