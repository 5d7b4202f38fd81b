import { z } from 'zod';
import { incidentJson, maintenanceJson } from '../../present/admin-json';
import type { DraftSubject } from '../../services/drafts';
import {
  createDraft,
  DraftInput,
  DraftPatch,
  deleteDraft,
  getDraft,
  patchDraft,
  previewDraft,
  previewDraftMails,
  publishDraft,
} from '../../services/drafts';
import type { Draft } from '../../store/drafts';
import { listDrafts } from '../../store/drafts';
import { readJson, readQuery } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  published: z.enum(['true', 'false']).default('false'),
});

export const draftJson = (d: Draft) => ({
  id: d.id,
  subject_type: d.subjectType,
  input: d.input,
  created_at: d.createdAt,
  updated_at: d.updatedAt,
  created_by: d.createdBy,
  published_id: d.publishedId,
  published_at: d.publishedAt,
});

const subjectJson = (s: DraftSubject) =>
  s.type === 'maintenance' ? { maintenance: maintenanceJson(s.maintenance) } : { incident: incidentJson(s.incident) };

export function registerDraftRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/drafts',
      summary: 'List drafts: open ones (latest edit first), or published ones',
      tag: 'drafts',
      query: ListQuery,
    },
    async (c) => {
      const q = readQuery(c, ListQuery);
      const drafts = await listDrafts(c.get('ctx').db, { limit: q.limit, published: q.published === 'true' });
      return c.json({ drafts: drafts.map(draftJson) });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/drafts',
      summary: 'Save an incident or a maintenance unpublished; its input is the create operation’s, checked the same way',
      tag: 'drafts',
      body: DraftInput,
      status: 201,
    },
    async (c) => {
      const draft = await createDraft({ ctx: c.get('ctx'), draft: await readJson(c, DraftInput) });
      return c.json({ draft: draftJson(draft) }, 201);
    },
  );
  r.route({ method: 'get', path: '/drafts/:id', summary: 'Show a draft', tag: 'drafts' }, async (c) =>
    c.json({ draft: draftJson(await getDraft(c.get('ctx'), idParam(c, 'Draft'))) }),
  );
  r.route(
    {
      method: 'patch',
      path: '/drafts/:id',
      summary: 'Change fields of an open draft’s input (null removes one); the whole input is checked again',
      tag: 'drafts',
      body: DraftPatch,
    },
    async (c) => {
      const id = idParam(c, 'Draft');
      const draft = await patchDraft({ ctx: c.get('ctx'), id, patch: await readJson(c, DraftPatch) });
      return c.json({ draft: draftJson(draft) });
    },
  );
  r.route({ method: 'delete', path: '/drafts/:id', summary: 'Delete an open draft', tag: 'drafts', status: 204 }, async (c) => {
    await deleteDraft({ ctx: c.get('ctx'), id: idParam(c, 'Draft') });
    return c.body(null, 204);
  });
  r.route(
    {
      method: 'get',
      path: '/drafts/:id/preview',
      summary: 'What publishing would create now, its e-mail in each language and how many subscribers would get it',
      tag: 'drafts',
    },
    async (c) => {
      const ctx = c.get('ctx');
      const preview = await previewDraft(ctx, await getDraft(ctx, idParam(c, 'Draft')));
      const mails = await previewDraftMails(ctx, preview);
      return c.json({
        draft: draftJson(preview.draft),
        ...subjectJson(preview.subject),
        notice: { kind: preview.notice.kind, deliver: preview.notice.deliver, payload: preview.notice.payload },
        audience: { total: preview.audience.total, by_locale: preview.audience.byLocale },
        mails: mails.map((m) => ({ locale: m.locale, time_zone: m.timeZone, subject: m.subject, text: m.text, html: m.html })),
      });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/drafts/:id/publish',
      summary: 'Publish a draft: creates the incident or maintenance and e-mails subscribers as create does',
      tag: 'drafts',
      status: 201,
    },
    async (c) => {
      const { draft, subject } = await publishDraft({ ctx: c.get('ctx'), id: idParam(c, 'Draft') });
      return c.json({ draft: draftJson(draft), ...subjectJson(subject) }, 201);
    },
  );
}
