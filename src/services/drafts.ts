// Drafts: an incident or a maintenance written but not published. Its input is the create
// operation's, validated by the same schema and checked as create checks it when saved, so that
// publishing fails only when time made it wrong (a window that has ended meanwhile). A draft is
// no incident and no maintenance: the snapshot never sees it and nobody is e-mailed until it
// is published, which is the create operation itself.
import { z } from 'zod';
import { AppError, Conflict, Invalid, NotFound } from '../domain/errors';
import type { Incident, Locale, Maintenance, SubjectType } from '../domain/model';
import { LOCALES } from '../domain/model';
import type { NoticeDraft } from '../domain/notices';
import { noticeKey } from '../domain/notices';
import type { Ctx } from '../env';
import { sampleNoticeMails } from '../notify/preview';
import { countAudience } from '../store/audience';
import { auditStatement } from '../store/audit';
import type { Draft } from '../store/drafts';
import {
  deleteDraftStatements,
  findDraft,
  insertDraftStatement,
  markDraftPublishedStatements,
  saveDraftInputStatements,
} from '../store/drafts';
import { isStaleWrite } from '../store/guard';
import type { Notice } from '../store/notices';
import { createIncident, IncidentInput, previewIncidentCreate } from './incidents';
import { createMaintenance, MaintenanceInput, previewMaintenanceCreate } from './maintenances';
import { getPage } from './page';

export const SUBJECT_TYPES = ['maintenance', 'incident'] as const satisfies readonly SubjectType[];

/** A draft as the admin API takes it: what it will be, and the create operation's input. */
export const DraftInput = z.discriminatedUnion('subject_type', [
  z.strictObject({ subject_type: z.literal('maintenance'), input: MaintenanceInput }),
  z.strictObject({ subject_type: z.literal('incident'), input: IncidentInput }),
]);
export type DraftInput = z.infer<typeof DraftInput>;

/** Fields of the input to change; `null` removes one (it takes its default again). */
export const DraftPatch = z.strictObject({ input: z.record(z.string(), z.unknown()) });
export type DraftPatch = z.infer<typeof DraftPatch>;

export type DraftSubject = { type: 'maintenance'; maintenance: Maintenance } | { type: 'incident'; incident: Incident };

const schemaOf = (type: SubjectType) => (type === 'maintenance' ? MaintenanceInput : IncidentInput);

/**
 * The input as stored: the parsed input written back as JSON (defaults filled in, instants in
 * UTC), which parses again to the same input.
 */
const stored = (input: DraftInput['input']): Record<string, unknown> => JSON.parse(JSON.stringify(input));

/** The stored input parsed by its schema; one that no longer fits (an older draft) is a 422 naming the field. */
function parsedInput(type: SubjectType, input: unknown): DraftInput {
  const result = schemaOf(type).safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: ['input', ...i.path.map(String)].join('.'), message: i.message, code: i.code }));
    throw new AppError('invalid', `invalid draft at ${issues[0]?.path}: ${issues[0]?.message}`, issues);
  }
  return { subject_type: type, input: result.data } as DraftInput;
}

/** What create would write for this input: the checks create makes (components, window), nothing written. */
async function previewCreate(ctx: Ctx, draft: DraftInput): Promise<{ subject: DraftSubject; notice: NoticeDraft }> {
  if (draft.subject_type === 'maintenance') {
    const { maintenance, notice } = await previewMaintenanceCreate(ctx, draft.input);
    return { subject: { type: 'maintenance', maintenance }, notice };
  }
  const { incident, notice } = await previewIncidentCreate(ctx, draft.input);
  return { subject: { type: 'incident', incident }, notice };
}

export async function getDraft(ctx: Ctx, id: string): Promise<Draft> {
  const draft = await findDraft(ctx.db, id);
  if (!draft) throw new NotFound('Draft', id);
  return draft;
}

const refusePublished = (draft: Draft) => {
  if (draft.publishedAt) {
    throw new Conflict(`draft ${draft.id} has been published; change the ${draft.subjectType} itself`, {
      published_id: draft.publishedId,
    });
  }
};

async function runGuarded(ctx: Ctx, statements: D1PreparedStatement[], what: string): Promise<void> {
  try {
    await ctx.db.batch(statements);
  } catch (error) {
    if (isStaleWrite(error)) throw new Conflict(`${what} was changed, published or deleted by someone else meanwhile; reload it`);
    throw error;
  }
}

/**
 * Saves a new draft. Drafts touch neither the page nor the notices, so their writes skip
 * commit() (no snapshot to rebuild, nothing to fan out): the row and its audit entry, together.
 */
export async function createDraft({ ctx, draft }: { ctx: Ctx; draft: DraftInput }): Promise<Draft> {
  await previewCreate(ctx, draft);
  const at = ctx.now.toISOString();
  const saved: Draft = {
    id: ctx.newId(),
    subjectType: draft.subject_type,
    input: stored(draft.input),
    createdAt: at,
    updatedAt: at,
    createdBy: ctx.actor,
    publishedId: null,
    publishedAt: null,
  };
  await ctx.db.batch([
    insertDraftStatement(ctx.db, saved),
    auditStatement(ctx, 'draft.create', 'draft', saved.id, { subject_type: saved.subjectType, input: saved.input }),
  ]);
  return saved;
}

/** Replaces a draft's input with `draft.input` (the UI's edit form sends all of it). */
export async function replaceDraft({ ctx, id, draft }: { ctx: Ctx; id: string; draft: DraftInput }): Promise<Draft> {
  const current = await getDraft(ctx, id);
  refusePublished(current);
  if (draft.subject_type !== current.subjectType) {
    throw new Invalid(`draft ${id} is a draft ${current.subjectType}; it cannot become a draft ${draft.subject_type}`, {
      subject_type: current.subjectType,
    });
  }
  await previewCreate(ctx, draft);
  const next: Draft = { ...current, input: stored(draft.input), updatedAt: ctx.now.toISOString() };
  await runGuarded(
    ctx,
    [
      ...saveDraftInputStatements(ctx.db, id, next.input, next.updatedAt, current.updatedAt),
      auditStatement(ctx, 'draft.edit', 'draft', id, { input: next.input }),
    ],
    `draft ${id}`,
  );
  return next;
}

/** Changes the fields of the input that `patch` names; the whole input is then judged again. */
export async function patchDraft({ ctx, id, patch }: { ctx: Ctx; id: string; patch: DraftPatch }): Promise<Draft> {
  const current = await getDraft(ctx, id);
  refusePublished(current);
  const merged: Record<string, unknown> = { ...current.input };
  for (const [field, value] of Object.entries(patch.input)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return replaceDraft({ ctx, id, draft: parsedInput(current.subjectType, merged) });
}

export async function deleteDraft({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  const current = await getDraft(ctx, id);
  refusePublished(current);
  await runGuarded(
    ctx,
    [
      ...deleteDraftStatements(ctx.db, id, current.updatedAt),
      auditStatement(ctx, 'draft.delete', 'draft', id, { subject_type: current.subjectType, input: current.input }),
    ],
    `draft ${id}`,
  );
}

export interface MailPreview {
  locale: Locale;
  timeZone: string;
  subject: string;
  text: string;
  html: string;
}

export interface DraftPreview {
  draft: Draft;
  /** The incident or maintenance publishing would create, as of now. */
  subject: DraftSubject;
  notice: NoticeDraft;
  /** Who publishing would e-mail, by language (nobody when the input says not to notify). */
  audience: { total: number; byLocale: Record<Locale, number> };
}

/** What publishing the draft now would create and whom it would tell. */
export async function previewDraft(ctx: Ctx, draft: Draft): Promise<DraftPreview> {
  refusePublished(draft);
  const { subject, notice } = await previewCreate(ctx, parsedInput(draft.subjectType, draft.input));
  const audience = notice.deliver
    ? await countAudience(
        ctx.db,
        null,
        notice.payload.components.map((c) => c.id),
      )
    : { total: 0, byLocale: Object.fromEntries(LOCALES.map((l) => [l, 0])) as Record<Locale, number> };
  return { draft, subject, notice, audience };
}

/**
 * The first notice's e-mail in each language as a subscriber of every component gets it, times
 * in the page's zone: the queue consumer's own composition, on a notice recorded nowhere.
 */
export async function previewDraftMails(ctx: Ctx, preview: DraftPreview, locales: readonly Locale[] = LOCALES): Promise<MailPreview[]> {
  const notice: Notice = {
    id: `draft-${preview.draft.id}`,
    dedupeKey: noticeKey(preview.notice),
    createdAt: ctx.now.toISOString(),
    ...preview.notice,
  };
  const page = await getPage(ctx);
  const samples = await sampleNoticeMails(ctx, notice, locales, page.timeZone);
  return samples.map(({ locale, timeZone, mail }) => ({
    locale,
    timeZone,
    subject: String(mail.subject ?? ''),
    text: String(mail.text ?? ''),
    html: String(mail.html ?? ''),
  }));
}

/**
 * Publishes a draft: the create operation with its input, which writes, announces and audits
 * like any other create, and in the same commit marks the draft published. Two operators
 * pressing Publish at once create one: the second commit finds the draft no longer open and
 * aborts whole (409).
 */
export async function publishDraft({ ctx, id }: { ctx: Ctx; id: string }): Promise<{ draft: Draft; subject: DraftSubject }> {
  const current = await getDraft(ctx, id);
  refusePublished(current);
  const draft = parsedInput(current.subjectType, current.input);
  if (draft.subject_type === 'maintenance' && draft.input.scheduled_until <= ctx.now) {
    throw new Invalid(
      `scheduled_until is in the past (${draft.input.scheduled_until.toISOString()}): this maintenance would already be over; move its window before publishing`,
      { scheduled_until: draft.input.scheduled_until.toISOString() },
    );
  }
  const at = ctx.now.toISOString();
  const markPublished = (publishedId: string) => [
    ...markDraftPublishedStatements(ctx.db, id, publishedId, at, current.updatedAt),
    auditStatement(ctx, 'draft.publish', 'draft', id, { subject_type: current.subjectType, published_id: publishedId }),
  ];
  const subject: DraftSubject =
    draft.subject_type === 'maintenance'
      ? { type: 'maintenance', maintenance: await createMaintenance({ ctx, input: draft.input, also: (m) => markPublished(m.id) }) }
      : { type: 'incident', incident: await createIncident({ ctx, input: draft.input, also: (i) => markPublished(i.id) }) };
  const publishedId = subject.type === 'maintenance' ? subject.maintenance.id : subject.incident.id;
  return { draft: { ...current, publishedId, publishedAt: at }, subject };
}
