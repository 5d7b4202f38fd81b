import { z } from 'zod';
import { NotFound } from '../../domain/errors';
import { SubscriberJson, SubscriberStateJson, subscriberJson, subscribersCsv } from '../../present/subscriber-json';
import type { Assert, Same } from '../../present/wire-schema';
import {
  clearBounces,
  deleteSubscriber,
  ForgetInput,
  forgetAddress,
  ImportInput,
  type ImportReport,
  importSubscribers,
  UnbounceInput,
} from '../../services/subscribers';
import { countSubscribers, findSubscriber, listSubscribers } from '../../store/subscribers';
import { readJson, readQuery } from '../http';
import { registerDeliveryRoutes } from './deliveries';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const State = SubscriberStateJson;

const ListQuery = z.strictObject({
  state: State.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z
    .string()
    .regex(/^[a-z0-9]{1,32}$/)
    .optional()
    .describe("the previous page's next_after"),
});

const ExportQuery = z.strictObject({
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .describe(
      'json: the same fields as the list (POST /subscribers/import takes only email, locale, time_zone and components of each); csv: for a spreadsheet',
    ),
  state: State.optional(),
});

const EXPORT_PAGE = 1000;

const CountsJson = z
  .object({
    pending: z.number().int(),
    active: z.number().int(),
    unsubscribed: z.number().int(),
    erased: z
      .number()
      .int()
      .describe(
        'unsubscribed addresses erased since (RETENTION_DAYS after leaving): only a keyed fingerprint of each is kept, which no listing shows',
      ),
    bounced: z.number().int().describe('of the active, those whose mail server refused the address: nothing is sent to them'),
  })
  .meta({ id: 'SubscriberCounts' });

/**
 * Subscribers' addresses are personal data: listing, exporting or showing them needs `write`, the
 * scope that may already add and remove them, not the `read` of a dashboard (GDPR art. 32, access
 * on a need-to-know basis). Their counts stay readable.
 */
const ADDRESSES = 'write';

const ImportReportJson = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    skipped_unsubscribed: z.array(z.string()).describe('addresses that unsubscribed: an import never signs them up again'),
    bounced: z
      .array(z.string())
      .describe(
        'addresses on record as bounced (counted in `updated`): still sent nothing until they confirm again or POST /subscribers/unbounce',
      ),
    confirmations_sent: z.number().int(),
  })
  .meta({ id: 'ImportReport' });
export type ImportReportIsExact = Assert<Same<z.infer<typeof ImportReportJson>, ImportReport>>;

export function registerSubscriberRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/subscribers',
      operationId: 'listSubscribers',
      summary: 'List subscribers, a page at a time by id (their addresses: write scope)',
      tag: 'subscribers',
      scope: ADDRESSES,
      query: ListQuery,
      response: z.object({
        subscribers: z.array(SubscriberJson),
        counts: CountsJson.describe('how many subscribers are in each state, whatever the page'),
        next_after: z.string().nullable().describe('pass as `after` for the next page; null: this was the last'),
      }),
    },
    async (c) => {
      const q = readQuery(c, ListQuery);
      const db = c.get('ctx').db;
      const [subscribers, counts] = await Promise.all([listSubscribers(db, q), countSubscribers(db)]);
      const last = subscribers.length === q.limit ? subscribers[subscribers.length - 1] : undefined;
      return c.json({ subscribers: subscribers.map(subscriberJson), counts, next_after: last?.id ?? null });
    },
  );
  r.route(
    {
      method: 'get',
      path: '/subscribers/counts',
      operationId: 'countSubscribers',
      summary: 'How many subscribers are in each state, without their addresses (read scope)',
      tag: 'subscribers',
      response: z.object({ counts: CountsJson }),
    },
    async (c) => c.json({ counts: await countSubscribers(c.get('ctx').db) }),
  );
  r.route(
    {
      method: 'get',
      path: '/subscribers/export',
      operationId: 'exportSubscribers',
      summary: 'Every subscriber, as JSON or CSV (their addresses: write scope)',
      tag: 'subscribers',
      scope: ADDRESSES,
      query: ExportQuery,
      response: z.object({ subscribers: z.array(SubscriberJson) }),
      alsoAs: ['text/csv'],
    },
    async (c) => {
      const q = readQuery(c, ExportQuery);
      const db = c.get('ctx').db;
      const all = [];
      for (let page = await listSubscribers(db, { limit: EXPORT_PAGE, state: q.state }); ; ) {
        all.push(...page);
        if (page.length < EXPORT_PAGE) break;
        page = await listSubscribers(db, { limit: EXPORT_PAGE, state: q.state, after: page[page.length - 1]!.id });
      }
      if (q.format === 'csv') {
        return c.body(subscribersCsv(all), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="subscribers.csv"',
        });
      }
      return c.json({ subscribers: all.map(subscriberJson) });
    },
  );
  r.route(
    {
      method: 'post',
      path: '/subscribers/import',
      operationId: 'importSubscribers',
      summary: 'Import subscribers; with confirmed: true they skip the opt-in e-mail',
      tag: 'subscribers',
      body: ImportInput,
      response: z.object({ import: ImportReportJson }),
    },
    async (c) => c.json({ import: await importSubscribers({ ctx: c.get('ctx'), input: await readJson(c, ImportInput) }) }),
  );
  r.route(
    {
      method: 'post',
      path: '/subscribers/unbounce',
      operationId: 'clearSubscriberBounces',
      summary:
        'Send to bounced addresses again (all, or those bounced since a moment): for bounces a relay reported because of a setting of ours, once it is fixed',
      tag: 'subscribers',
      body: UnbounceInput,
      response: z.object({ cleared: z.number().int().describe('how many addresses are sent to again') }),
    },
    async (c) => c.json(await clearBounces({ ctx: c.get('ctx'), input: await readJson(c, UnbounceInput) })),
  );
  r.route(
    {
      method: 'post',
      path: '/subscribers/forget',
      operationId: 'forgetSubscriberAddress',
      summary: 'Erase whatever is kept of an address: its subscriber, and its fingerprint if it left and was erased (right to erasure)',
      tag: 'subscribers',
      body: ForgetInput,
      response: z.object({
        forgotten: z.object({
          subscriber: z.boolean().describe('a subscriber had this address, and is deleted'),
          fingerprint: z.boolean().describe('the address had the fingerprint an erased leaver keeps, and it is removed'),
        }),
      }),
    },
    async (c) => c.json({ forgotten: await forgetAddress({ ctx: c.get('ctx'), input: await readJson(c, ForgetInput) }) }),
  );
  r.route(
    {
      method: 'get',
      path: '/subscribers/:id',
      operationId: 'getSubscriber',
      summary: 'Show a subscriber (their address: write scope)',
      tag: 'subscribers',
      scope: ADDRESSES,
      response: z.object({ subscriber: SubscriberJson }),
    },
    async (c) => {
      const id = idParam(c, 'Subscriber');
      const subscriber = await findSubscriber(c.get('ctx').db, id);
      if (!subscriber) throw new NotFound('Subscriber', id);
      return c.json({ subscriber: subscriberJson(subscriber) });
    },
  );
  r.route(
    {
      method: 'delete',
      path: '/subscribers/:id',
      operationId: 'deleteSubscriber',
      summary: 'Erase a subscriber: their choices, deliveries, audit details, and their address’s fingerprint if it left before',
      tag: 'subscribers',
      status: 204,
    },
    async (c) => {
      await deleteSubscriber({ ctx: c.get('ctx'), id: idParam(c, 'Subscriber') });
      return c.body(null, 204);
    },
  );
  registerDeliveryRoutes(r);
}
