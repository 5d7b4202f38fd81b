// `npm run bench:mail`, in workerd like production: composing one e-mail, composing a queue
// batch's 250 e-mails of one notice, and fanning a notice out to 10,000 subscribers, each beside a
// baseline from the same run (vitest prints the ratios).
// Each sample does a batch of work, because workerd's clock ticks in whole milliseconds.
// Reading the figures: nodemailer's MIME build calls setImmediate about twenty times per message,
// and each costs ~1.2 ms of waiting in workerd (measured here, serialised even when concurrent), so
// "whole" is mostly wall time, not CPU; the same build takes ~3 ms in Node.
import { env } from 'cloudflare:test';
import { bench, describe } from 'vitest';
import type { Subscriber } from '../../src/domain/subscribers';
import { createCtx, readConfig } from '../../src/env';
import { loadMailSetting, type MailSetting, noticeMail } from '../../src/notify/assemble';
import { buildForSending, buildMessage } from '../../src/notify/compose';
import { fanOutNotices } from '../../src/notify/fan-out';
import type { Notice } from '../../src/store/notices';
import { confirmedSubscriber } from '../support/factories';

const COMPOSE_BATCH = 10;
/** E-mails in one queue batch (25 messages of 10) and the readers among them, as in scripts/bench/fanout.mjs. */
const BATCH = 250;
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC', 'Australia/Sydney'];
const FOLLOWERS = 10_000;
const BYSTANDERS = 2_000;

const notice: Notice = {
  id: 'benchnotice00',
  dedupeKey: 'maintenance:benchmove:scheduled',
  subjectType: 'maintenance',
  subjectId: 'benchmove000',
  kind: 'scheduled',
  updateId: null,
  deliver: true,
  createdAt: '2026-11-21T07:00:00.000Z',
  payload: {
    name: 'Data-centre migration',
    body: 'We move our ~15 servers to a new data centre.\n\nCrawlers pause; dashboards are read-only.',
    components: [
      { id: 'crawlers0000', name: 'Price crawlers', status: 'under_maintenance' },
      { id: 'webapp000000', name: 'Web app', status: 'degraded_performance' },
      { id: 'api000000000', name: 'Public API', status: 'partial_outage' },
      { id: 'login0000000', name: 'Login', status: 'operational' },
    ],
    still_working: 'Login and read-only dashboards.',
    window: { scheduled_for: '2026-12-05T07:00:00.000Z', scheduled_until: '2026-12-06T19:00:00.000Z' },
    sequence: 0,
    status: 'scheduled',
  },
};

const subscriber = confirmedSubscriber({ id: 'benchreader0', email: 'claire@example.fr', locale: 'fr', timeZone: 'Europe/Paris' });

/** What a hand-written mail would cost: the same values in string templates, no MIME, no signing. */
function plainMail(n: Notice, s: Subscriber) {
  const p = n.payload;
  const list = p.components.map((c) => `- ${c.name}: ${c.status}`).join('\n');
  const text = `${p.name}\n\n${p.window?.scheduled_for} → ${p.window?.scheduled_until} (${s.timeZone})\n\n${list}\n\n${p.body}\n\nhttps://status.example.com/maintenances/${n.subjectId}`;
  const html = `<!doctype html><html lang="${s.locale}"><body><h1>${p.name}</h1><ul>${p.components.map((c) => `<li>${c.name}: ${c.status}</li>`).join('')}</ul><p>${p.body}</p></body></html>`;
  return { to: s.email, subject: `[Scheduled] ${p.name}`, text, html };
}

/** A third read French, the zones go round five, half follow only the crawlers: 20 readers. */
const batchReaders: Subscriber[] = Array.from({ length: BATCH }, (_, j) => ({
  ...subscriber,
  id: `reader${String(j).padStart(6, '0')}`,
  email: `reader${j}@example.com`,
  locale: j % 3 === 0 ? 'fr' : 'en',
  timeZone: ZONES[j % ZONES.length]!,
  allComponents: j % 2 === 0,
  components: j % 2 === 0 ? [] : ['crawlers0000'],
}));

let setting: MailSetting;
/** A setting of its own for every e-mail: each is composed from scratch, as if alone in its batch. */
const alone = (): MailSetting => ({ ...setting });

async function seed() {
  await env.DB.batch([
    env.DB.prepare('DELETE FROM deliveries'),
    env.DB.prepare('DELETE FROM subscriber_components'),
    env.DB.prepare('DELETE FROM subscribers'),
    env.DB.prepare(
      "INSERT OR IGNORE INTO components (id, name, created_at, updated_at) VALUES ('crawlers0000', 'Price crawlers', '2026-11-01', '2026-11-01'), ('alerts000000', 'E-mail alerts', '2026-11-01', '2026-11-01')",
    ),
  ]);
  // Half follow everything, half the crawlers; the bystanders follow only the alerts, which the notice does not touch.
  const people = Array.from({ length: FOLLOWERS + BYSTANDERS }, (_, i) => ({
    id: `sub${String(i).padStart(9, '0')}`,
    all: i < FOLLOWERS / 2 ? 1 : 0,
    component: i < FOLLOWERS ? 'crawlers0000' : 'alerts000000',
  }));
  for (let i = 0; i < people.length; i += 2_000) {
    const chunk = JSON.stringify(people.slice(i, i + 2_000));
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO subscribers (id, email, locale, time_zone, all_components, source, created_at, updated_at, confirmed_at)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.id') || '@example.com', 'en', 'Europe/Paris',
           json_extract(value, '$.all'), 'import', '2026-11-01', '2026-11-01', '2026-11-01' FROM json_each(?)`,
      ).bind(chunk),
      env.DB.prepare(
        `INSERT INTO subscriber_components (subscriber_id, component_id)
         SELECT json_extract(value, '$.id'), json_extract(value, '$.component') FROM json_each(?) WHERE json_extract(value, '$.all') = 0`,
      ).bind(chunk),
    ]);
  }
  setting = await loadMailSetting(env.DB, readConfig(env));
}

let round = 0;

/** A fresh notice of the move, touching the crawlers, not yet fanned out. */
async function newNotice(): Promise<string> {
  const id = `bench${String(++round).padStart(7, '0')}`;
  await env.DB.prepare(
    `INSERT INTO notices (id, dedupe_key, subject_type, subject_id, kind, deliver, created_at, payload)
     VALUES (?, ?, 'maintenance', ?, 'scheduled', 1, ?, ?)`,
  )
    .bind(
      id,
      `bench:${id}`,
      id,
      new Date().toISOString(),
      JSON.stringify({ ...notice.payload, components: [notice.payload.components[0]] }),
    )
    .run();
  return id;
}

describe(`composing one e-mail (batches of ${COMPOSE_BATCH})`, async () => {
  await seed();

  bench('baseline: the same values in plain string templates', () => {
    for (let i = 0; i < COMPOSE_BATCH; i++) plainMail(notice, subscriber);
  });

  bench("Forewarn's part: words, compiled MJML filled, links signed, .ics (nodemailer options, no MIME)", async () => {
    for (let i = 0; i < COMPOSE_BATCH; i++) await noticeMail(alone(), notice, subscriber, { now: new Date() });
  });

  bench('Forewarn whole: the above, then nodemailer builds the MIME message as it goes on the wire', async () => {
    for (let i = 0; i < COMPOSE_BATCH; i++) await buildMessage(await noticeMail(alone(), notice, subscriber, { now: new Date() }));
  });
});

describe(`composing a batch: one notice, ${BATCH} subscribers, 20 readers (language × zone × what they follow)`, async () => {
  await seed();

  bench('baseline: every e-mail rendered on its own (words, templates, .ics), links signed', async () => {
    for (const reader of batchReaders) await noticeMail(alone(), notice, reader, { now: new Date() });
  });

  bench("Forewarn: one setting for the batch, each reader's e-mail rendered once, links signed and put in", async () => {
    const batch = { ...setting };
    for (const reader of batchReaders) await noticeMail(batch, notice, reader, { now: new Date() });
  });

  bench(
    'baseline whole: rendered on its own, then the MIME message built',
    async () => {
      for (const reader of batchReaders) await buildMessage(await noticeMail(alone(), notice, reader, { now: new Date() }));
    },
    { iterations: 3, warmupIterations: 1, time: 0 },
  );

  bench(
    'Forewarn whole: rendered once per reader, then the MIME message built',
    async () => {
      const batch = { ...setting };
      for (const reader of batchReaders) await buildMessage(await noticeMail(batch, notice, reader, { now: new Date() }));
    },
    { iterations: 3, warmupIterations: 1, time: 0 },
  );
});

describe(`building a batch for the wire: ${BATCH} e-mails of one notice, each reader rendered once`, async () => {
  await seed();

  bench(
    'baseline: each e-mail quoted-printable-encodes its text and HTML',
    async () => {
      const batch = { ...setting };
      for (const reader of batchReaders) await buildForSending(await noticeMail(batch, notice, reader, { now: new Date() }));
    },
    { iterations: 20, warmupIterations: 2, time: 0 },
  );

  bench(
    "Forewarn: the text and HTML parts encoded once per reader's edition, each e-mail's token put in",
    async () => {
      const batch = { ...setting };
      for (const reader of batchReaders)
        await buildForSending(await noticeMail(batch, notice, reader, { now: new Date(), forSending: true }));
    },
    { iterations: 20, warmupIterations: 2, time: 0 },
  );
});

describe(`fan-out of one notice to ${FOLLOWERS.toLocaleString('en')} of ${(FOLLOWERS + BYSTANDERS).toLocaleString('en')} subscribers`, async () => {
  await seed();

  bench(
    'baseline: bare INSERT … SELECT of one row per follower',
    async () => {
      const id = await newNotice();
      await env.DB.prepare(
        `INSERT INTO deliveries (id, purpose, notice_id, subscriber_id, status, created_at, updated_at)
         SELECT ?1 || s.id, 'notice', ?1, s.id, 'pending', '2026-11-21', '2026-11-21' FROM subscribers s
         WHERE s.all_components = 1 OR EXISTS (SELECT 1 FROM subscriber_components c WHERE c.subscriber_id = s.id AND c.component_id = 'crawlers0000')`,
      )
        .bind(id)
        .run();
      await env.DB.prepare('UPDATE notices SET fanned_out_at = created_at WHERE id = ?').bind(id).run();
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );

  bench(
    'Forewarn: fanOutNotices (plan, page through, enqueue 1,000 messages on the real queue, close)',
    async () => {
      await newNotice();
      const report = await fanOutNotices(
        createCtx(env, { clock: { now: () => new Date() }, newId: () => 'x', snapshotWriteGapMs: 0 }, 'bench'),
      );
      if (report.enqueued !== FOLLOWERS) throw new Error(`fan-out enqueued ${report.enqueued}, expected ${FOLLOWERS}`);
    },
    { iterations: 5, warmupIterations: 1, time: 0 },
  );
});
