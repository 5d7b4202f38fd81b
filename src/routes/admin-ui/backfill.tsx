// Backfilling a past incident: the form to BackfillInput (times typed in the page's zone become
// instants, the other languages' fields `translations`), then services/incidents.ts
// backfillIncident, as POST /api/v1/incidents/backfill: the same checks, the same audit line.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError } from '../../domain/errors';
import type { Locale } from '../../domain/model';
import { BackfillInput, backfillIncident } from '../../services/incidents';
import { getPage } from '../../services/page';
import { listComponents } from '../../store/components';
import { BackfillPage } from '../../views/admin/backfill-page';
import type { FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { SETUP } from '../../views/admin/setup-strings';
import { S } from '../../views/admin/strings';
import type { AdminEnv } from './admin-env';
import type { Issue } from './form';
import { componentStatuses, parseInput, readForm, submitForm } from './form';
import { render, seeOther } from './render';
import { scopedChrome, sessionMay } from './scope-check';
import { translationsFromForm } from './translation-input';
import { namedIssue } from './translation-issues';
import { zonedToUtc } from './wall-clock';

const W = SETUP.backfill;
const BACKFILL_FIELDS = ['name', 'impact', 'started_at', 'resolved_at', 'components', 'body', 'postmortem'] as const;
const TEXT_FIELDS = ['name', 'body', 'postmortem'] as const;
const TEXT_LABELS = { name: S.common.name, body: W.body, postmortem: W.postmortem };

type C = Context<AdminEnv>;

async function backfillPage(c: C, form: FormState, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [components, page] = await Promise.all([listComponents(ctx.db), getPage(ctx)]);
  return render(
    c,
    <BackfillPage
      chrome={scopedChrome(c, 'backfill')}
      components={components}
      zone={page.timeZone}
      defaultLocale={page.defaultLocale}
      form={form}
      canWrite={sessionMay(c, 'write')}
    />,
    status,
  );
}

/** The form as BackfillInput, and the times it could not read. */
function backfillInput(form: FormValues, page: { timeZone: string; defaultLocale: Locale }) {
  const issues: Issue[] = [];
  const instant = (field: 'started_at' | 'resolved_at') => {
    const iso = zonedToUtc(fieldValue(form, field), page.timeZone);
    if (!iso) issues.push({ path: field, message: S.maintenances.badTime });
    return iso ?? fieldValue(form, field);
  };
  const translations = translationsFromForm(form, TEXT_FIELDS, page.defaultLocale);
  const postmortem = fieldValue(form, 'postmortem');
  const input = {
    name: fieldValue(form, 'name'),
    impact: fieldValue(form, 'impact'),
    body: fieldValue(form, 'body'),
    components: componentStatuses(form),
    started_at: instant('started_at'),
    resolved_at: instant('resolved_at'),
    ...(postmortem.trim() ? { postmortem } : {}),
    ...(translations ? { translations } : {}),
  };
  return { input, issues };
}

/**
 * The input checked by the schema: the times the form could not read said at their fields, a
 * translated field's refusal named by its field and language.
 */
function parseChecked(input: Record<string, unknown>, issues: Issue[]): BackfillInput {
  try {
    return parseInput(BackfillInput, input, issues);
  } catch (error) {
    if (!(error instanceof AppError) || !Array.isArray(error.details)) throw error;
    throw new AppError(
      error.code,
      error.message,
      (error.details as Issue[]).map((i) => namedIssue(i, TEXT_LABELS)),
    );
  }
}

export function backfillPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/backfill', (c) => backfillPage(c, emptyForm({ impact: 'minor' })));

  app.post('/backfill', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      BACKFILL_FIELDS,
      async () => {
        const { input, issues } = backfillInput(form, await getPage(ctx));
        const incident = await backfillIncident({ ctx, input: parseChecked(input, issues) });
        return seeOther(c, `/admin/incidents/${incident.id}`);
      },
      (errors, status) => backfillPage(c, { values: form, errors }, status),
    );
  });

  return app;
}
