// D1 bytes per 100,000 deliveries, what each index of `deliveries` costs, and the size of a busy
// year with retention (issue 12). On the SQLite file `wrangler d1 migrations apply --local` makes,
// opened with node:sqlite. Deliveries are written by the worker's own statements (src/store,
// loaded with Node's type stripping) in the order it writes them: planned pending, 5,000
// subscribers a statement; claimed 10 ids at a time (a queue message); settled one by one (sent
// with its Message-ID; some failed or skipped with the reason; some sent after a retry, which
// keeps the earlier error). The year prunes with the cron's own pruneExpiredDeliveries.
//
//   node scripts/bench/d1-size.mjs      (about 30 minutes on two busy cores)
//
// The year runs at 10,000 subscribers and is scaled to 100,000 (deliveries and the pages they
// free scale with subscribers; notices do not); D1_SIZE_YEAR_SUBSCRIBERS=100000 runs it at full
// scale, for hours: each claim of 10 deliveries reads every pending one of the notice.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { rng } from './rng.mjs';
import { fileBytes, importSource, migratedDatabase, objectBytes, openCopy } from './sqlite-d1.mjs';

const store = await importSource('store/deliveries.ts');
const { pruneExpiredDeliveries } = await importSource('services/retention.ts');

const SUBSCRIBERS = Number(process.env.D1_SIZE_SUBSCRIBERS ?? 100_000);
const NOTICES = Number(process.env.D1_SIZE_NOTICES ?? 3);
const YEAR_SUBSCRIBERS = Number(process.env.D1_SIZE_YEAR_SUBSCRIBERS ?? 10_000);
const NOTICES_PER_WEEK = Number(process.env.D1_SIZE_NOTICES_PER_WEEK ?? 10);
const RETENTION_DAYS = Number(process.env.D1_SIZE_RETENTION_DAYS ?? 90);
const FULL_SCALE = 100_000;
const DAY = 86_400_000;
const LEASE_MS = 5 * 60_000;
const PLAN_PAGE = 5_000;
const IDS_PER_MESSAGE = 10;
const DOMAIN = 'status.acme-intel.com';
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Etc/UTC', 'Australia/Sydney'];
const MiB = 1024 * 1024;
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const random = rng(12);
/** The worker's ids: 12 of [a-z0-9] (src/env.ts randomId). */
const newId = () => Array.from({ length: 12 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');

function addSubscribers(db, count, at) {
  const insert = db.prepare(
    `INSERT INTO subscribers (id, email, locale, time_zone, all_components, source, created_at, updated_at, confirmed_at)
     VALUES (?, ?, ?, ?, 1, 'import', ?, ?, ?)`,
  );
  db.exec('BEGIN');
  for (let i = 0; i < count; i++) {
    const email = `firstname.lastname${i}@customer${i % 997}.example.com`;
    insert.run(newId(), email, i % 4 === 0 ? 'fr' : 'en', ZONES[i % ZONES.length], at, at, at);
  }
  db.exec('COMMIT');
}

/** A notice as the services record it, with a payload of the usual size. */
function addNotice(db, kind, at) {
  const id = newId();
  const subject = newId();
  const payload = JSON.stringify({
    name: 'Data-centre migration',
    body: 'We move our servers to a new data centre. Dashboards stay readable; crawlers pause during the move. '.repeat(3),
    components: Array.from({ length: 4 }, () => ({ id: newId(), name: 'Price crawlers', status: 'under_maintenance' })),
    still_working: 'Login and read-only dashboards.',
    window: { scheduled_for: at, scheduled_until: at },
    sequence: 0,
    status: 'scheduled',
  });
  db.prepare(
    `INSERT INTO notices (id, dedupe_key, subject_type, subject_id, kind, deliver, created_at, payload, fanout_cursor, fanned_out_at)
     VALUES (?, ?, 'maintenance', ?, ?, 1, ?, ?, '', ?)`,
  ).run(id, `maintenance:${subject}:${kind}:${id}`, subject, kind, at, payload, at);
  return { id, subject, kind };
}

/**
 * One notice to every subscriber, as fan-out and the queue consumer write it: 99.3% sent (1% of
 * them after a retry), 0.5% failed for good, 0.2% skipped. One e-mail every 100 ms (10/s).
 */
async function send(db, notice, start) {
  let clock = start;
  const at = () => new Date(clock).toISOString();
  for (let after = ''; ; ) {
    const until = await store.followerPageEnd(db, [], after, PLAN_PAGE);
    await store.planNoticeDeliveriesStatement(db, notice.id, [], at(), { after, until }).run();
    if (until === null) break;
    after = until;
  }
  const ids = (await db.prepare('SELECT id FROM deliveries WHERE notice_id = ? ORDER BY id').bind(notice.id).all()).results.map(
    (r) => r.id,
  );
  for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
    const claimed = await store.claimDeliveries(db, ids.slice(i, i + IDS_PER_MESSAGE), new Date(clock), LEASE_MS);
    for (const d of claimed) {
      clock += 100;
      const roll = random();
      const subscriber = d.subscriberId;
      if (roll < 0.005) {
        const error = `550 EENVELOPE Can't send mail - all recipients were rejected: 550 5.1.1 <firstname.lastname@customer.example.com>: Recipient address rejected: User unknown in virtual mailbox table`;
        await store.settleDeliveryStatement(db, d.id, at(), { status: 'failed', error }, d.leaseUntil).run();
      } else if (roll < 0.007) {
        await store
          .settleDeliveryStatement(db, d.id, at(), { status: 'skipped', error: 'the subscriber left before it was sent' }, d.leaseUntil)
          .run();
      } else {
        if (roll < 0.017) {
          const dueAt = new Date(clock + 30_000).toISOString();
          await store
            .settleDeliveryStatement(
              db,
              d.id,
              at(),
              { status: 'pending', error: '421 4.7.0 Try again later, closing connection.', dueAt },
              d.leaseUntil,
            )
            .run();
          await store.claimDeliveries(db, [d.id], new Date(clock + 30_000), LEASE_MS);
        }
        // src/notify/compose.ts threadIds: the first notice of a subject opens the thread.
        const messageId =
          notice.kind === 'scheduled'
            ? `<maintenance.${notice.subject}.${subscriber}@${DOMAIN}>`
            : `<notice.${notice.id}.${subscriber}@${DOMAIN}>`;
        await store.settleDeliveryStatement(db, d.id, at(), { status: 'sent', messageId }, d.leaseUntil).run();
      }
    }
  }
  return clock;
}

const KINDS = ['scheduled', 'reminder', 'reminder', 'reminder', 'started', 'completed', 'created', 'update', 'update', 'resolved'];

/** Bytes per 100,000 deliveries: one notice to SUBSCRIBERS, then NOTICES - 1 more. */
async function perHundredThousand(template, dir, variant) {
  const path = join(dir, `${variant.name}.sqlite`);
  const { db, d1: D1 } = openCopy(template, path);
  for (const sql of variant.sql) db.exec(sql);
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  addSubscribers(db, SUBSCRIBERS, new Date(start).toISOString());
  const base = fileBytes(db);
  const baseObjects = objectBytes(db);
  const steps = [];
  let clock = start;
  for (let n = 0; n < NOTICES; n++) {
    const before = fileBytes(db).total;
    clock = await send(D1, addNotice(db, KINDS[n % KINDS.length], new Date(clock).toISOString()), clock + 60_000);
    steps.push(fileBytes(db).total - before);
  }
  const rows = db.prepare('SELECT COUNT(*) AS n FROM deliveries').get().n;
  const after = objectBytes(db);
  const perObject = [...after]
    .filter(([name]) => name === 'deliveries' || name.startsWith('deliveries_') || name.startsWith('sqlite_autoindex_deliveries'))
    .map(([name, size]) => ({ name, perHundredK: ((size - (baseObjects.get(name) ?? 0)) / rows) * FULL_SCALE }));
  const total = ((fileBytes(db).total - base.total) / rows) * FULL_SCALE;
  db.close();
  rmSync(path);
  return { variant: variant.name, pageSize: base.pageSize, rows, total, steps, perObject };
}

/**
 * A year: YEAR_SUBSCRIBERS subscribers of everything, NOTICES_PER_WEEK notices a week spread over
 * the week, and the cron's prune run until it has nothing left each day (it prunes up to 7.2
 * million rows a day; a day of this year writes at most a few hundred thousand).
 */
async function year(template, dir) {
  const path = join(dir, 'year.sqlite');
  const { db, d1: D1 } = openCopy(template, path);
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  addSubscribers(db, YEAR_SUBSCRIBERS, new Date(start).toISOString());
  const base = fileBytes(db).total;
  const every = (7 * DAY) / NOTICES_PER_WEEK;
  let peak = 0;
  let sent = 0;
  let pruned = 0;
  const samples = [];
  for (let n = 0, at = start; at < start + 365 * DAY; n++, at += every) {
    const notice = addNotice(db, KINDS[n % KINDS.length], new Date(at).toISOString());
    await send(D1, notice, at);
    sent += YEAR_SUBSCRIBERS;
    const ctx = { db: D1, now: new Date(at + every / 2), config: { RETENTION_DAYS }, env: {} };
    for (;;) {
      const report = await pruneExpiredDeliveries(ctx);
      pruned += report.deliveries;
      if (report.deliveries === 0) break;
    }
    const size = fileBytes(db);
    peak = Math.max(peak, size.total);
    const week = Math.floor((at - start) / (7 * DAY));
    if ((n + 1) % NOTICES_PER_WEEK === 0 && week % 4 === 3) {
      const sizes = objectBytes(db);
      const of = (test) => [...sizes].filter(([name]) => test(name)).reduce((sum, [, size]) => sum + size, 0);
      samples.push({
        week: week + 1,
        live: db.prepare('SELECT COUNT(*) AS n FROM deliveries').get().n,
        deliveries: of((name) => name === 'deliveries' || name.startsWith('deliveries_') || name.startsWith('sqlite_autoindex_deliveries')),
        kept: of((name) => name.startsWith('notices') || name.startsWith('sqlite_autoindex_notices') || name.includes('pruned_deliveries')),
        free: size.free,
        total: size.total - base,
      });
    }
  }
  const end = fileBytes(db);
  const prunedRows = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(count), 0) AS counted FROM pruned_deliveries').get();
  const notices = db.prepare('SELECT COUNT(*) AS n FROM notices').get().n;
  const live = db.prepare('SELECT COUNT(*) AS n FROM deliveries').get().n;
  db.close();
  rmSync(path);
  return { sent, pruned, live, notices, prunedRows, base, end, peak: peak - base, samples };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), 'forewarn-d1-size-'));
  try {
    const template = migratedDatabase(join(dir, 'wrangler'));
    const check = new DatabaseSync(template);
    const { auto_vacuum } = check.prepare('PRAGMA auto_vacuum').get();
    const migrations = check
      .prepare('SELECT name FROM d1_migrations ORDER BY id')
      .all()
      .map((r) => r.name);
    check.close();
    console.log(`migrations: ${migrations.join(', ')}; auto_vacuum ${auto_vacuum}`);

    const variants = [
      { name: 'current indexes', sql: [] },
      {
        name: 'deliveries_status_due partial (WHERE due_at IS NOT NULL)',
        sql: [
          'DROP INDEX deliveries_status_due',
          'CREATE INDEX deliveries_status_due ON deliveries (status, due_at) WHERE due_at IS NOT NULL',
        ],
      },
    ];
    const results = [];
    for (const variant of variants) {
      const r = await perHundredThousand(template, dir, variant);
      results.push(r);
      console.log(
        `\n### ${r.variant}: ${fmt(r.rows)} deliveries (${NOTICES} notices × ${fmt(SUBSCRIBERS)} subscribers), page ${r.pageSize} B`,
      );
      console.log(`| object | bytes per 100,000 deliveries |\n| --- | ---: |`);
      for (const o of r.perObject) console.log(`| ${o.name} | ${fmt(o.perHundredK / MiB, 2)} MiB |`);
      console.log(`| **file growth** | **${fmt(r.total / MiB, 2)} MiB** (${fmt(r.total / FULL_SCALE)} B a delivery) |`);
      console.log(`each notice grew the file by: ${r.steps.map((s) => `${fmt(s / MiB, 2)} MiB`).join(', ')}`);
    }

    const y = await year(template, dir);
    const scale = FULL_SCALE / YEAR_SUBSCRIBERS;
    console.log(
      `\n### A year with ${RETENTION_DAYS}-day retention: ${fmt(YEAR_SUBSCRIBERS)} subscribers, ${NOTICES_PER_WEEK} notices a week to all of them`,
    );
    console.log(
      `| week | deliveries kept | their table and indexes | free pages | notices and pruned counts | file (beyond the subscribers) | at ${fmt(FULL_SCALE)} subscribers |`,
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of y.samples) {
      // Deliveries and the pages they free scale with subscribers; notices and their counts do not.
      const full = (s.deliveries + s.free) * scale + s.kept;
      console.log(
        `| ${s.week} | ${fmt(s.live)} | ${fmt(s.deliveries / MiB, 1)} MiB | ${fmt(s.free / MiB, 1)} MiB | ${fmt(s.kept / MiB, 2)} MiB | ${fmt(s.total / MiB, 1)} MiB | ${fmt(full / 1024 ** 3, 2)} GiB |`,
      );
    }
    console.log(
      `sent ${fmt(y.sent)}, pruned ${fmt(y.pruned)}, kept ${fmt(y.live)}; ${fmt(y.notices)} notices; pruned_deliveries: ${fmt(y.prunedRows.n)} rows counting ${fmt(y.prunedRows.counted)}`,
    );
    console.log(
      `file at its peak ${fmt(y.peak / MiB, 1)} MiB, at the end ${fmt((y.end.total - y.base) / MiB, 1)} MiB beyond the subscribers`,
    );
    const perDelivery = results[0].total / FULL_SCALE;
    const yearly = FULL_SCALE * NOTICES_PER_WEEK * 52;
    console.log(
      `without retention, at ${fmt(FULL_SCALE)} subscribers: ${fmt(yearly)} deliveries a year, ${fmt((yearly * perDelivery) / 1024 ** 3, 1)} GiB; D1's 10 GB reached in week ${fmt(10e9 / (perDelivery * FULL_SCALE * NOTICES_PER_WEEK))}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
