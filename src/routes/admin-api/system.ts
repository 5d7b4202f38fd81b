import { z } from 'zod';
import { NotFound } from '../../domain/errors';
import {
  AuditJson,
  auditFor,
  auditJson,
  NoticeJson,
  noticeJson,
  PageJson,
  pageJson,
  StatusLogJson,
  statusLogJson,
} from '../../present/admin-json';
import { getPage, PageInput, updatePage } from '../../services/page';
import { listAudit } from '../../store/audit';
import { listStatusLog } from '../../store/components';
import { findNotice, listNotices } from '../../store/notices';
import { readJson, readQuery } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional().describe("only entries older than this id; the next page: the last one's id"),
  target_type: z.string().max(32).optional(),
  target_id: z.string().max(32).optional(),
});

const NoticeQuery = z.strictObject({
  subject_type: z.enum(['incident', 'maintenance']).optional(),
  subject_id: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const StatusLogQuery = z.strictObject({
  component_id: z.string().max(32).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

const OnePage = z.object({ page: PageJson });

export function registerSystemRoutes(r: AdminRouter): void {
  r.route(
    { method: 'get', path: '/page', operationId: 'getPage', summary: 'Show the page settings', tag: 'page', response: OnePage },
    async (c) => c.json({ page: pageJson(await getPage(c.get('ctx'))) }),
  );
  r.route(
    {
      method: 'patch',
      path: '/page',
      operationId: 'updatePage',
      summary: 'Edit the page settings',
      tag: 'page',
      body: PageInput,
      response: OnePage,
    },
    async (c) => {
      const page = await updatePage({ ctx: c.get('ctx'), input: await readJson(c, PageInput) });
      return c.json({ page: pageJson(page) });
    },
  );

  r.route(
    {
      method: 'get',
      path: '/audit',
      operationId: 'listAuditEntries',
      summary: "The audit log, newest first (below write scope, a subscriber's entries without their id or details)",
      tag: 'audit',
      query: AuditQuery,
      response: z.object({ audit: z.array(AuditJson) }),
    },
    async (c) => {
      const q = readQuery(c, AuditQuery);
      const entries = await listAudit(c.get('ctx').db, {
        limit: q.limit,
        before: q.before,
        targetType: q.target_type,
        targetId: q.target_id,
      });
      return c.json({ audit: auditFor(c.get('principal')?.scope ?? null, entries).map(auditJson) });
    },
  );

  r.route(
    {
      method: 'get',
      path: '/notices',
      operationId: 'listNotices',
      summary: 'Notices owed to subscribers, oldest first',
      tag: 'notices',
      query: NoticeQuery,
      response: z.object({ notices: z.array(NoticeJson) }),
    },
    async (c) => {
      const q = readQuery(c, NoticeQuery);
      const notices = await listNotices(c.get('ctx').db, { subjectType: q.subject_type, subjectId: q.subject_id, limit: q.limit });
      return c.json({ notices: notices.map(noticeJson) });
    },
  );
  r.route(
    {
      method: 'get',
      path: '/notices/:id',
      operationId: 'getNotice',
      summary: 'Show a notice',
      tag: 'notices',
      response: z.object({ notice: NoticeJson }),
    },
    async (c) => {
      const id = idParam(c, 'Notice');
      const notice = await findNotice(c.get('ctx').db, id);
      if (!notice) throw new NotFound('Notice', id);
      return c.json({ notice: noticeJson(notice) });
    },
  );

  r.route(
    {
      method: 'get',
      path: '/status-log',
      operationId: 'listStatusChanges',
      summary: 'Every component status change, oldest first',
      tag: 'components',
      query: StatusLogQuery,
      response: z.object({ status_log: z.array(StatusLogJson) }),
    },
    async (c) => {
      const q = readQuery(c, StatusLogQuery);
      const log = await listStatusLog(c.get('ctx').db, {
        ...(q.component_id ? { componentId: q.component_id } : {}),
        ...(q.since ? { since: new Date(q.since).toISOString() } : {}),
      });
      return c.json({ status_log: log.map(statusLogJson) });
    },
  );
}
