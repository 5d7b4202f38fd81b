// Subscribers: search, remove, export as CSV, import a CSV (dry run first).
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Subscriber } from '../../domain/subscribers';
import { subscribersCsv } from '../../present/subscriber-json';
import type { ImportReport } from '../../services/subscribers';
import { deleteSubscriber, ImportInput, importSubscribers } from '../../services/subscribers';
import { searchSubscribers } from '../../store/admin-subscribers';
import { listComponents } from '../../store/components';
import { countSubscribers, listSubscribers } from '../../store/subscribers';
import type { FormState } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { S } from '../../views/admin/strings';
import type { ImportOutcome } from '../../views/admin/subscribers-page';
import { SubscribersPage } from '../../views/admin/subscribers-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { checked, parseInput, readForm } from './form';
import { chrome, render, seeOther } from './render';
import { readSubscriberCsv } from './subscriber-import';

const SHOWN = 100;
/** The import schema takes at most this many rows per call. */
const IMPORT_CHUNK = 1000;

async function page(c: Context<AdminEnv>, importForm: FormState = emptyForm(), outcome?: ImportOutcome, status: 200 | 422 = 200) {
  const db = c.get('ctx').db;
  const query = (c.req.query('q') ?? '').slice(0, 254);
  const [subscribers, counts, components] = await Promise.all([
    query.trim() ? searchSubscribers(db, query, SHOWN) : listSubscribers(db, { limit: SHOWN }),
    countSubscribers(db),
    listComponents(db),
  ]);
  return render(
    c,
    <SubscribersPage
      chrome={chrome(c, 'subscribers')}
      subscribers={subscribers}
      components={components}
      counts={counts}
      query={query}
      importForm={importForm}
      outcome={outcome}
    />,
    status,
  );
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
    if (read.rows.length === 0 && read.bad.length === 0) return page(c, { values, errors: { csv: [S.subscribers.empty] } }, undefined, 422);
    const dryRun = fieldValue(form, 'mode') !== 'import';
    if (dryRun || read.bad.length > 0) {
      return page(c, emptyForm(values), { dryRun, valid: read.rows.length, bad: read.bad }, dryRun ? 200 : 422);
    }
    const total: ImportReport = { created: 0, updated: 0, skipped_unsubscribed: [], confirmations_sent: 0 };
    for (let i = 0; i < read.rows.length; i += IMPORT_CHUNK) {
      const input = parseInput(ImportInput, { subscribers: read.rows.slice(i, i + IMPORT_CHUNK), confirmed: checked(form, 'confirmed') });
      const report = await importSubscribers({ ctx, input });
      total.created += report.created;
      total.updated += report.updated;
      total.skipped_unsubscribed.push(...report.skipped_unsubscribed);
      total.confirmations_sent += report.confirmations_sent;
    }
    return page(c, emptyForm(), { dryRun: false, valid: read.rows.length, bad: [], report: total });
  });

  app.post('/subscribers/:id/delete', async (c) => {
    await deleteSubscriber({ ctx: c.get('ctx'), id: idParam(c, 'Subscriber') });
    return seeOther(c, '/admin/subscribers');
  });

  return app;
}
