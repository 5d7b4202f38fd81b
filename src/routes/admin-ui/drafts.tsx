// Drafts in the admin UI: saved from the schedule-maintenance and declare-incident forms, listed,
// previewed (the public card and each e-mail per language, framed like the notice previews, with
// how many subscribers each goes to), edited, deleted, and published after a confirmation.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError, NotFound } from '../../domain/errors';
import type { Locale, SubjectType } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { DraftInput } from '../../services/drafts';
import { createDraft, deleteDraft, getDraft, previewDraft, previewDraftMails, publishDraft, replaceDraft } from '../../services/drafts';
import { IncidentInput } from '../../services/incidents';
import { MaintenanceInput } from '../../services/maintenances';
import { getPage } from '../../services/page';
import { listComponents } from '../../store/components';
import type { Draft } from '../../store/drafts';
import { listDrafts } from '../../store/drafts';
import { ConfirmPage } from '../../views/admin/confirm-page';
import type { PreviewView } from '../../views/admin/draft-preview';
import { D } from '../../views/admin/draft-strings';
import { DraftPage, DraftsPage, draftName, EditDraftPage } from '../../views/admin/drafts-page';
import { operatorMessage } from '../../views/admin/error-words';
import type { FieldErrors, FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { confirmed, messageLanguages, wentBack } from './confirm';
import { draftCard } from './draft-card';
import { parseInput, readForm, submitForm } from './form';
import { draftIncidentValues, INCIDENT_FIELDS, incidentInput } from './incident-input';
import { newIncidentPage } from './incidents';
import { draftMaintenanceValues, MAINTENANCE_FIELDS, maintenanceInput } from './maintenance-input';
import { newMaintenancePage } from './maintenances';
import { chrome, render, seeOther } from './render';

type C = Context<AdminEnv>;

/** The framed previews get their own policy: the e-mail's inline styles, the page's stylesheet, nothing else. */
const MAIL_FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox";
const CARD_FRAME_CSP = "default-src 'none'; style-src 'self'; img-src 'self' https: data:; frame-ancestors 'self'; sandbox";

const fieldsOf = (type: SubjectType) => (type === 'maintenance' ? MAINTENANCE_FIELDS : INCIDENT_FIELDS);

/** The form as the create input, judged by the create schema, as the create handlers do. */
async function draftFromForm(c: C, type: SubjectType, form: FormValues): Promise<DraftInput> {
  const page = await getPage(c.get('ctx'));
  if (type === 'maintenance') {
    const { input, issues } = maintenanceInput(form, page);
    return { subject_type: 'maintenance', input: parseInput(MaintenanceInput, input, issues) };
  }
  return { subject_type: 'incident', input: parseInput(IncidentInput, incidentInput(form, page.defaultLocale)) };
}

/** Where each button of a draft form leads once the draft is saved. */
function afterSave(c: C, draft: Draft, intent: string): Response | Promise<Response> {
  if (intent === 'preview') return seeOther(c, `/admin/drafts/${draft.id}#preview`);
  if (intent === 'publish') return publishConfirmation(c, draft);
  return seeOther(c, `/admin/drafts/${draft.id}?saved`);
}

async function loadPreview(c: C, draft: Draft): Promise<PreviewView | null> {
  if (draft.publishedAt) return null;
  const ctx = c.get('ctx');
  try {
    const preview = await previewDraft(ctx, draft);
    const mails = await previewDraftMails(ctx, preview);
    return { ok: true, audience: preview.audience, deliver: preview.notice.deliver, mails };
  } catch (error) {
    // What time made wrong (an ended window, a deleted component): shown, so the operator edits it.
    if (error instanceof AppError && (error.code === 'invalid' || error.code === 'not_found')) {
      return { ok: false, problem: operatorMessage({ message: error.message }) };
    }
    throw error;
  }
}

async function draftPage(c: C, draft: Draft, errors: FieldErrors = {}, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [components, page, view] = await Promise.all([listComponents(ctx.db), getPage(ctx), loadPreview(c, draft)]);
  return render(
    c,
    <DraftPage
      chrome={chrome(c, 'drafts')}
      draft={draft}
      components={components}
      zone={page.timeZone}
      preview={view}
      locales={LOCALES}
      saved={c.req.query('saved') !== undefined}
      errors={errors}
    />,
    status,
  );
}

async function editPage(c: C, draft: Draft, form: FormState, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [components, page] = await Promise.all([listComponents(ctx.db), getPage(ctx)]);
  return render(
    c,
    <EditDraftPage
      chrome={chrome(c, 'drafts')}
      draft={draft}
      components={components}
      zone={page.timeZone}
      defaultLocale={page.defaultLocale}
      form={form}
    />,
    status,
  );
}

/** "Publish “…”?": what it creates and how many subscribers it e-mails; Confirm publishes the draft as it is now. */
async function publishConfirmation(c: C, draft: Draft): Promise<Response> {
  const ctx = c.get('ctx');
  const [preview, components, { defaultLocale }] = await Promise.all([previewDraft(ctx, draft), listComponents(ctx.db), getPage(ctx)]);
  const names = new Map(components.map((x) => [x.id, x.name]));
  const listed = preview.notice.payload.components.map((x) => names.get(x.id) ?? x.name).join(', ');
  const { body = '', translations } = draft.input as { body?: string; translations?: Partial<Record<Locale, { body?: string }>> };
  return render(
    c,
    <ConfirmPage
      chrome={chrome(c, 'drafts')}
      confirmation={{
        title: D.publishTitle(draftName(draft)),
        action: `/admin/drafts/${draft.id}/publish`,
        values: {},
        revision: draft.updatedAt,
        recipients: preview.notice.deliver ? preview.audience : null,
        facts: [
          { label: D.kind, value: D.kindOf[draft.subjectType] },
          { label: D.facts.components, value: listed || '—' },
        ],
        body,
        emptyBody: D.noMessage,
        languages: messageLanguages(defaultLocale, translations),
        confirmLabel: D.publishConfirm(preview.notice.deliver ? preview.audience.total : null),
      }}
    />,
  );
}

const localeParam = (c: C): Locale => {
  const locale = c.req.param('locale') as Locale;
  if (!LOCALES.includes(locale)) throw new NotFound('Language', String(locale).slice(0, 16));
  return locale;
};

export function draftPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/drafts', async (c) => {
    const ctx = c.get('ctx');
    const [open, published, page] = await Promise.all([
      listDrafts(ctx.db, { published: false, limit: 100 }),
      listDrafts(ctx.db, { published: true, limit: 20 }),
      getPage(ctx),
    ]);
    return render(c, <DraftsPage chrome={chrome(c, 'drafts')} open={open} published={published} zone={page.timeZone} />);
  });

  // "Save draft" and "Preview" of the schedule-maintenance and declare-incident forms.
  app.post('/drafts/new/:type{maintenance|incident}', async (c) => {
    const type = c.req.param('type') as SubjectType;
    const form = await readForm(c);
    return submitForm(
      fieldsOf(type),
      async () => {
        const draft = await createDraft({ ctx: c.get('ctx'), draft: await draftFromForm(c, type, form) });
        return afterSave(c, draft, fieldValue(form, 'intent'));
      },
      (errors, status) =>
        type === 'maintenance'
          ? newMaintenancePage(c, { values: form, errors }, status)
          : newIncidentPage(c, { values: form, errors }, status),
    );
  });

  app.get('/drafts/:id', async (c) => draftPage(c, await getDraft(c.get('ctx'), idParam(c, 'Draft'))));

  app.get('/drafts/:id/edit', async (c) => {
    const ctx = c.get('ctx');
    const draft = await getDraft(ctx, idParam(c, 'Draft'));
    if (draft.publishedAt) return seeOther(c, `/admin/drafts/${draft.id}`);
    const values =
      draft.subjectType === 'maintenance'
        ? draftMaintenanceValues(draft.input, (await getPage(ctx)).timeZone)
        : draftIncidentValues(draft.input);
    return editPage(c, draft, emptyForm(values));
  });

  app.post('/drafts/:id', async (c) => {
    const ctx = c.get('ctx');
    const current = await getDraft(ctx, idParam(c, 'Draft'));
    const form = await readForm(c);
    return submitForm(
      fieldsOf(current.subjectType),
      async () => {
        const draft = await replaceDraft({ ctx, id: current.id, draft: await draftFromForm(c, current.subjectType, form) });
        return afterSave(c, draft, fieldValue(form, 'intent'));
      },
      (errors, status) => editPage(c, current, { values: form, errors }, status),
    );
  });

  // Publish asks first (publishConfirmation); the confirmation names the draft's revision, so a
  // draft edited meanwhile is not published unseen.
  app.post('/drafts/:id/publish', async (c) => {
    const ctx = c.get('ctx');
    const draft = await getDraft(ctx, idParam(c, 'Draft'));
    const form = await readForm(c);
    if (wentBack(form) || draft.publishedAt) return seeOther(c, `/admin/drafts/${draft.id}`);
    return submitForm(
      [],
      async () => {
        if (!confirmed(form, draft.updatedAt)) return publishConfirmation(c, draft);
        const { subject } = await publishDraft({ ctx, id: draft.id });
        return seeOther(
          c,
          subject.type === 'maintenance' ? `/admin/maintenances/${subject.maintenance.id}` : `/admin/incidents/${subject.incident.id}`,
        );
      },
      async (errors, status) => draftPage(c, await getDraft(ctx, draft.id), errors, status),
    );
  });

  app.post('/drafts/:id/delete', async (c) => {
    const ctx = c.get('ctx');
    const draft = await getDraft(ctx, idParam(c, 'Draft'));
    return submitForm(
      [],
      async () => {
        await deleteDraft({ ctx, id: draft.id });
        return seeOther(c, '/admin/drafts');
      },
      (errors, status) => draftPage(c, draft, errors, status),
    );
  });

  // The public card in one language, in a frame of its own (views/admin/draft-card-page.tsx).
  app.get('/drafts/:id/card/:locale', async (c) => {
    const ctx = c.get('ctx');
    const locale = localeParam(c);
    const draft = await getDraft(ctx, idParam(c, 'Draft'));
    const html = await draftCard(ctx, await previewDraft(ctx, draft), locale);
    return c.html(html, 200, { 'Content-Security-Policy': CARD_FRAME_CSP, 'X-Frame-Options': 'SAMEORIGIN' });
  });

  // The e-mail's own HTML in a sandboxed frame, as the notice previews show it.
  app.get('/drafts/:id/mail/:locale', async (c) => {
    const ctx = c.get('ctx');
    const locale = localeParam(c);
    const draft = await getDraft(ctx, idParam(c, 'Draft'));
    const [mail] = await previewDraftMails(ctx, await previewDraft(ctx, draft), [locale]);
    return c.html(mail?.html ?? '', 200, { 'Content-Security-Policy': MAIL_FRAME_CSP, 'X-Frame-Options': 'SAMEORIGIN' });
  });

  return app;
}
