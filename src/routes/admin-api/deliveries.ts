import { z } from 'zod';
import { AppError, NotFound } from '../../domain/errors';
import { LOCALES } from '../../domain/model';
import { DELIVERY_STATUSES } from '../../domain/subscribers';
import { buildMessage } from '../../notify/compose';
import { sampleNoticeMails } from '../../notify/preview';
import { NoticeJson, noticeJson } from '../../present/admin-json';
import { countsJson, DeliveryCountsJson, DeliveryJson, deliveryJson } from '../../present/subscriber-json';
import { LocaleJson } from '../../present/wire-schema';
import { getPage } from '../../services/page';
import { isTimeZone } from '../../services/subscriptions';
import { deliveryCounts, listNoticeDeliveries } from '../../store/deliveries';
import { findNotice, listNotices } from '../../store/notices';
import { readQuery } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

const SummaryQuery = z.strictObject({
  subject_type: z.enum(['incident', 'maintenance']).optional(),
  subject_id: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const DeliveryQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z
    .string()
    .regex(/^[a-z0-9]{1,64}$/)
    .optional()
    .describe("the previous page's next_after"),
});

const PreviewQuery = z.strictObject({
  locale: z.enum(LOCALES).optional().describe('one language only; needed by every format but json'),
  time_zone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'must be an IANA time zone')
    .optional()
    .describe("times shown in this IANA zone; none: the page's"),
  format: z
    .enum(['json', 'html', 'text', 'eml'])
    .default('json')
    .describe('json: every part; html, text: that part alone; eml: the whole message'),
});

const CountedNotice = NoticeJson.extend({ deliveries: DeliveryCountsJson }).meta({ id: 'CountedNotice' });

const MailPreviewJson = z
  .object({
    locale: LocaleJson,
    time_zone: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    headers: z.record(z.string(), z.string()).describe('the headers the e-mail carries beside the usual ones (List-Unsubscribe…)'),
    attachments: z.array(z.object({ filename: z.string(), content_type: z.string(), content: z.string() })),
  })
  .meta({ id: 'MailPreview' });

export function registerDeliveryRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/deliveries',
      operationId: 'listNoticeDeliveryCounts',
      summary: 'Notices, oldest first, each with its delivery counts (pending, sent, failed, skipped)',
      tag: 'notices',
      query: SummaryQuery,
      response: z.object({ notices: z.array(CountedNotice) }),
    },
    async (c) => {
      const q = readQuery(c, SummaryQuery);
      const db = c.get('ctx').db;
      const notices = await listNotices(db, { subjectType: q.subject_type, subjectId: q.subject_id, limit: q.limit });
      const counts = await deliveryCounts(
        db,
        notices.map((n) => n.id),
      );
      return c.json({ notices: notices.map((n) => ({ ...noticeJson(n), deliveries: countsJson(counts.get(n.id)!) })) });
    },
  );

  r.route(
    {
      method: 'get',
      path: '/notices/:id/deliveries',
      operationId: 'listNoticeDeliveries',
      summary:
        "A notice's delivery counts and its deliveries, by id, with each recipient's address (write scope; the counts alone: GET /deliveries); `pruned`: how many of them (of `status`, if given) retention deleted, still counted but no longer listed",
      tag: 'notices',
      // Each delivery names its recipient's address (and an SMTP error may repeat it).
      scope: 'write',
      query: DeliveryQuery,
      response: z.object({
        notice: CountedNotice,
        deliveries: z.array(DeliveryJson),
        next_after: z.string().nullable().describe('pass as `after` for the next page; null: this was the last'),
        pruned: z.number().int(),
      }),
    },
    async (c) => {
      const id = idParam(c, 'Notice');
      const q = readQuery(c, DeliveryQuery);
      const db = c.get('ctx').db;
      const notice = await findNotice(db, id);
      if (!notice) throw new NotFound('Notice', id);
      const [counts, deliveries] = await Promise.all([deliveryCounts(db, [id]), listNoticeDeliveries(db, id, q)]);
      const last = deliveries.length === q.limit ? deliveries[deliveries.length - 1] : undefined;
      const tally = counts.get(id)!;
      const pruned = q.status ? tally.pruned[q.status] : Object.values(tally.pruned).reduce((a, b) => a + b, 0);
      return c.json({
        notice: { ...noticeJson(notice), deliveries: countsJson(tally) },
        deliveries: deliveries.map(deliveryJson),
        next_after: last?.id ?? null,
        pruned,
      });
    },
  );

  r.route(
    {
      method: 'get',
      path: '/notices/:id/preview',
      operationId: 'previewNotice',
      summary: 'The e-mail of a notice as a subscriber of every component would get it, in each language (or one, as html, text or eml)',
      tag: 'notices',
      query: PreviewQuery,
      response: z.object({ previews: z.array(MailPreviewJson) }),
      alsoAs: ['text/html', 'text/plain', 'message/rfc822'],
    },
    async (c) => {
      const ctx = c.get('ctx');
      const id = idParam(c, 'Notice');
      const q = readQuery(c, PreviewQuery);
      const notice = await findNotice(ctx.db, id);
      if (!notice) throw new NotFound('Notice', id);
      if (q.format !== 'json' && !q.locale)
        throw new AppError('invalid', `format=${q.format} previews one language: add locale=en or locale=fr`);
      const page = await getPage(ctx);
      const samples = await sampleNoticeMails(ctx, notice, q.locale ? [q.locale] : LOCALES, q.time_zone ?? page.timeZone);
      if (q.format !== 'json') {
        const { mail } = samples[0]!; // one locale, as checked above
        if (q.format === 'html') return c.html(String(mail.html));
        if (q.format === 'text') return c.text(String(mail.text));
        return c.body(await buildMessage(mail), 200, { 'Content-Type': 'message/rfc822' });
      }
      const previews = samples.map(({ locale, timeZone, mail }) => ({
        locale,
        time_zone: timeZone,
        // compose.ts builds each of these as a string (the headers as a plain record); nodemailer's types allow more.
        subject: String(mail.subject),
        text: String(mail.text),
        html: String(mail.html),
        headers: mail.headers as Record<string, string>,
        attachments: (mail.attachments ?? []).map((a) => ({
          filename: String(a.filename),
          content_type: String(a.contentType),
          content: String(a.content),
        })),
      }));
      return c.json({ previews });
    },
  );
}
