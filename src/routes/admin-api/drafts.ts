import { z } from 'zod';
import { IncidentJson, incidentJson, MaintenanceJson, maintenanceJson, NoticeJson } from '../../present/admin-json';
import { instant, LocaleJson, perLocale } from '../../present/wire-schema';
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
  published: z.enum(['true', 'false']).default('false').describe('true: the published drafts instead of the open ones'),
});

const DraftJson = z
  .object({
    id: z.string(),
    subject_type: z.enum(['maintenance', 'incident']),
    input: z.record(z.string(), z.unknown()).describe("the create operation's input, as saved (defaults filled in, instants in UTC)"),
    created_at: instant(),
    updated_at: instant(),
    created_by: z.string(),
    published_id: z.string().nullable().describe('the incident or maintenance it became, once published'),
    published_at: instant().nullable(),
  })
  .meta({ id: 'Draft' });
type DraftJson = z.infer<typeof DraftJson>;

const OneDraft = z.object({ draft: DraftJson });

/** A draft's answer beside what it creates: a maintenance or an incident, as its subject type says. */
const withSubject = <S extends z.ZodRawShape>(shape: S) =>
  z.union([z.object({ ...shape, maintenance: MaintenanceJson }), z.object({ ...shape, incident: IncidentJson })]);

const DraftPreviewJson = withSubject({
  draft: DraftJson,
  notice: NoticeJson.pick({ kind: true, deliver: true, payload: true }).describe('the notice publishing would record'),
  audience: z.object({ total: z.number().int(), by_locale: perLocale(z.number().int()) }).describe('who publishing would e-mail'),
  mails: z.array(z.object({ locale: LocaleJson, time_zone: z.string(), subject: z.string(), text: z.string(), html: z.string() })),
});

export const draftJson = (d: Draft): DraftJson => ({
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
      operationId: 'listDrafts',
      summary: 'List drafts: open ones (latest edit first), or published ones',
      tag: 'drafts',
      query: ListQuery,
      response: z.object({ drafts: z.array(DraftJson) }),
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
      operationId: 'createDraft',
      summary: 'Save an incident or a maintenance unpublished; its input is the create operation’s, checked the same way',
      tag: 'drafts',
      body: DraftInput,
      status: 201,
      response: OneDraft,
    },
    async (c) => {
      const draft = await createDraft({ ctx: c.get('ctx'), draft: await readJson(c, DraftInput) });
      return c.json({ draft: draftJson(draft) }, 201);
    },
  );
  r.route(
    { method: 'get', path: '/drafts/:id', operationId: 'getDraft', summary: 'Show a draft', tag: 'drafts', response: OneDraft },
    async (c) => c.json({ draft: draftJson(await getDraft(c.get('ctx'), idParam(c, 'Draft'))) }),
  );
  r.route(
    {
      method: 'patch',
      path: '/drafts/:id',
      operationId: 'updateDraft',
      summary: 'Change fields of an open draft’s input (null removes one); the whole input is checked again',
      tag: 'drafts',
      body: DraftPatch,
      response: OneDraft,
    },
    async (c) => {
      const id = idParam(c, 'Draft');
      const draft = await patchDraft({ ctx: c.get('ctx'), id, patch: await readJson(c, DraftPatch) });
      return c.json({ draft: draftJson(draft) });
    },
  );
  r.route(
    { method: 'delete', path: '/drafts/:id', operationId: 'deleteDraft', summary: 'Delete an open draft', tag: 'drafts', status: 204 },
    async (c) => {
      await deleteDraft({ ctx: c.get('ctx'), id: idParam(c, 'Draft') });
      return c.body(null, 204);
    },
  );
  r.route(
    {
      method: 'get',
      path: '/drafts/:id/preview',
      operationId: 'previewDraft',
      summary: 'What publishing would create now, its e-mail in each language and how many subscribers would get it',
      tag: 'drafts',
      response: DraftPreviewJson,
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
      operationId: 'publishDraft',
      summary: 'Publish a draft: creates the incident or maintenance and e-mails subscribers as create does',
      tag: 'drafts',
      status: 201,
      response: withSubject({ draft: DraftJson }),
    },
    async (c) => {
      const { draft, subject } = await publishDraft({ ctx: c.get('ctx'), id: idParam(c, 'Draft') });
      return c.json({ draft: draftJson(draft), ...subjectJson(subject) }, 201);
    },
  );
}
