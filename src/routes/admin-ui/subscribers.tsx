// Subscribers: search, remove, export as CSV, add one, import a CSV (dry run first), erase an address.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError } from '../../domain/errors';
import type { PageSettings } from '../../domain/model';
import type { Subscriber } from '../../domain/subscribers';
import { subscribersCsv } from '../../present/subscriber-json';
import { getPage } from '../../services/page';
import type { ImportReport } from '../../services/subscribers';
import { clearBounces, deleteSubscriber, ForgetInput, forgetAddress, ImportInput, importSubscribers } from '../../services/subscribers';
import { searchSubscribers } from '../../store/admin-subscribers';
import { listComponents } from '../../store/components';
import { countSubscribers, listSubscribers } from '../../store/subscribers';
import type { FormState } from '../../views/admin/fields';
import { emptyForm, fieldValue, fieldValues } from '../../views/admin/fields';
import { SETUP } from '../../views/admin/setup-strings';
import { S } from '../../views/admin/strings';
import type { AddOutcome, ImportOutcome } from '../../views/admin/subscribers-page';
import { SubscribersPage } from '../../views/admin/subscribers-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import type { Issue } from './form';
import { checked, parseInput, readForm, submitForm } from './form';
import { render, seeOther } from './render';
import { scopedChrome, sessionMay } from './scope-check';
import { readSubscriberCsv } from './subscriber-import';

const SHOWN = 100;
/** The import schema takes at most this many rows per call. */
const IMPORT_CHUNK = 1000;
/** The add-one form's fields, for errors to find their place. */
const ADD_FIELDS = ['email', 'locale', 'time_zone', 'components', 'consent'] as const;
const A = SETUP.addSubscriber;
const F = SETUP.forgetAddress;

interface Forms {
  importForm?: FormState;
  outcome?: ImportOutcome;
  addForm?: FormState;
  added?: AddOutcome;
  forgetForm?: FormState;
  forgotten?: AddOutcome;
  unbounced?: AddOutcome;
}

async function page(c: Context<AdminEnv>, forms: Forms = {}, status: 200 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const db = ctx.db;
  const query = (c.req.query('q') ?? '').slice(0, 254);
  // Addresses are for sessions that may write, as in the admin API; a read session gets the counts.
  const canWrite = sessionMay(c, 'write');
  const [subscribers, counts, components, settings] = await Promise.all([
    !canWrite ? null : query.trim() ? searchSubscribers(db, query, SHOWN) : listSubscribers(db, { limit: SHOWN }),
    countSubscribers(db),
    listComponents(db),
    getPage(ctx),
  ]);
  return render(
    c,
    <SubscribersPage
      chrome={scopedChrome(c, 'subscribers')}
      subscribers={subscribers}
      components={components}
      counts={counts}
      query={query}
      importForm={forms.importForm ?? emptyForm()}
      outcome={forms.outcome}
      addForm={forms.addForm ?? newSubscriberForm(settings)}
      added={forms.added}
      forgetForm={forms.forgetForm ?? emptyForm()}
      forgotten={forms.forgotten}
      unbounced={forms.unbounced}
      canWrite={canWrite}
    />,
    status,
  );
}

/** A new subscriber starts in the page's language and zone, asked to confirm. */
const newSubscriberForm = (settings: PageSettings): FormState =>
  emptyForm({ locale: settings.defaultLocale, time_zone: settings.timeZone, consent: 'send_confirmation' });

/** What adding one did, from the import's report of its one row. */
function addOutcome(email: string, report: ImportReport): AddOutcome {
  if (report.skipped_unsubscribed.length > 0) return { ok: false, message: A.unsubscribed(email) };
  if (report.bounced.length > 0) return { ok: true, message: A.updatedBounced(email) };
  if (report.updated > 0) return { ok: true, message: A.updated(email) };
  return { ok: true, message: A.added(email, report.confirmations_sent > 0) };
}

/**
 * The import schema's refusals of the one row (`subscribers.0.email`) belong to the add form's
 * own fields (`email`).
 */
function parseOneRow(row: Record<string, unknown>, confirmedAlready: boolean): ImportInput {
  try {
    return parseInput(ImportInput, { subscribers: [row], confirmed: confirmedAlready });
  } catch (error) {
    if (!(error instanceof AppError) || !Array.isArray(error.details)) throw error;
    const issues = (error.details as Issue[]).map((i) => ({ ...i, path: i.path.replace(/^subscribers\.0\./, '') }));
    throw new AppError(error.code, error.message, issues);
  }
}

export function subscriberPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/subscribers', (c) => page(c));

  app.get('/subscribers/export.csv', async (c) => {
    const db = c.get('ctx').db;
    const all: Subscriber[] = [];
    for (let batch = await listSubscribers(db, { limit: IMPORT_CHUNK }); ; ) {
      all.push(...batch);
      const last = batch.at(-1);
      if (batch.length < IMPORT_CHUNK || !last) break;
      batch = await listSubscribers(db, { limit: IMPORT_CHUNK, after: last.id });
    }
    return c.body(subscribersCsv(all), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="subscribers.csv"',
    });
  });

  app.post('/subscribers/import', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    const file = (await c.req.formData()).get('file');
    const fromFile = file && typeof file !== 'string' && file.size > 0 ? await file.text() : '';
    const text = fromFile || fieldValue(form, 'csv');
    // What was imported stays in the text box, so a bad line can be fixed in place.
    const values = { ...form, csv: text };
    const read = readSubscriberCsv(text, await listComponents(ctx.db));
    if (read.rows.length === 0 && read.bad.length === 0) {
      return page(c, { importForm: { values, errors: { csv: [S.subscribers.empty] } } }, 422);
    }
    const dryRun = fieldValue(form, 'mode') !== 'import';
    if (dryRun || read.bad.length > 0) {
      return page(c, { importForm: emptyForm(values), outcome: { dryRun, valid: read.rows.length, bad: read.bad } }, dryRun ? 200 : 422);
    }
    const total: ImportReport = { created: 0, updated: 0, skipped_unsubscribed: [], bounced: [], confirmations_sent: 0 };
    for (let i = 0; i < read.rows.length; i += IMPORT_CHUNK) {
      const input = parseInput(ImportInput, { subscribers: read.rows.slice(i, i + IMPORT_CHUNK), confirmed: checked(form, 'confirmed') });
      const report = await importSubscribers({ ctx, input });
      total.created += report.created;
      total.updated += report.updated;
      total.skipped_unsubscribed.push(...report.skipped_unsubscribed);
      total.bounced.push(...report.bounced);
      total.confirmations_sent += report.confirmations_sent;
    }
    return page(c, { outcome: { dryRun: false, valid: read.rows.length, bad: [], report: total } });
  });

  app.post('/subscribers/add', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      ADD_FIELDS,
      async () => {
        const email = fieldValue(form, 'email').trim();
        const input = parseOneRow(
          {
            email,
            locale: fieldValue(form, 'locale') || undefined,
            time_zone: fieldValue(form, 'time_zone') || undefined,
            components: fieldValues(form, 'components'),
          },
          fieldValue(form, 'consent') === 'confirmed',
        );
        const report = await importSubscribers({ ctx, input });
        const added = addOutcome(email, report);
        return page(c, { added, ...(added.ok ? {} : { addForm: { values: form, errors: {} } }) });
      },
      // zod's "invalid format" of an address, said as what to type.
      (errors, status) =>
        page(c, { addForm: { values: form, errors: errors.email ? { ...errors, email: [A.badEmail] } : errors } }, status),
    );
  });

  app.post('/subscribers/forget', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    return submitForm(
      ['email'],
      async () => {
        const email = fieldValue(form, 'email').trim();
        const report = await forgetAddress({ ctx, input: parseInput(ForgetInput, { email }) });
        return page(c, { forgotten: { ok: true, message: F.done(email, report.subscriber, report.fingerprint) } });
      },
      (errors, status) =>
        page(c, { forgetForm: { values: form, errors: errors.email ? { ...errors, email: [A.badEmail] } : errors } }, status),
    );
  });

  // Every bounce cleared, once the operator knows a relay refused them for a setting of ours.
  app.post('/subscribers/unbounce', async (c) => {
    const { cleared } = await clearBounces({ ctx: c.get('ctx'), input: {} });
    return page(c, { unbounced: { ok: true, message: S.subscribers.unbounced(cleared) } });
  });

  app.post('/subscribers/:id/delete', async (c) => {
    await deleteSubscriber({ ctx: c.get('ctx'), id: idParam(c, 'Subscriber') });
    return seeOther(c, '/admin/subscribers');
  });

  return app;
}
