import { Hono } from 'hono';
import { getPage } from '../../services/page';
import { listAudit } from '../../store/audit';
import { AuditPage } from '../../views/admin/audit-page';
import type { AdminEnv } from './admin-env';
import { chrome, render } from './render';

const PAGE_SIZE = 100;

export function auditPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/audit', async (c) => {
    const ctx = c.get('ctx');
    const before = Number(c.req.query('before'));
    const [entries, page] = await Promise.all([
      listAudit(ctx.db, { limit: PAGE_SIZE, before: Number.isSafeInteger(before) && before > 0 ? before : undefined }),
      getPage(ctx),
    ]);
    const olderThan = entries.length === PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null;
    return render(c, <AuditPage chrome={chrome(c, 'audit')} entries={entries} zone={page.timeZone} olderThan={olderThan} />);
  });
  return app;
}
