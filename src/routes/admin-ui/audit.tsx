import { Hono } from 'hono';
import { auditFor } from '../../present/admin-json';
import { getPage } from '../../services/page';
import { listAudit } from '../../store/audit';
import { listComponents, listGroups } from '../../store/components';
import { AuditPage } from '../../views/admin/audit-page';
import type { AdminEnv } from './admin-env';
import { chrome, render } from './render';

const PAGE_SIZE = 100;

export function auditPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.get('/audit', async (c) => {
    const ctx = c.get('ctx');
    const before = Number(c.req.query('before'));
    const [entries, page, components, groups] = await Promise.all([
      listAudit(ctx.db, { limit: PAGE_SIZE, before: Number.isSafeInteger(before) && before > 0 ? before : undefined }),
      getPage(ctx),
      listComponents(ctx.db),
      listGroups(ctx.db),
    ]);
    const names = new Map([...components, ...groups].map((x) => [x.id, x.name]));
    const olderThan = entries.length === PAGE_SIZE ? (entries.at(-1)?.id ?? null) : null;
    // A read session sees a subscriber's entries without their details, as a read token does.
    const shown = auditFor(c.get('session').scope, entries);
    return render(c, <AuditPage chrome={chrome(c, 'audit')} entries={shown} zone={page.timeZone} names={names} olderThan={olderThan} />);
  });
  return app;
}
