// A local D1 database as a file for Node: made by wrangler's migrations, opened with node:sqlite,
// and offered to the worker's own store functions through the D1 binding's surface they use.
import { copyFileSync, readdirSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { wranglerRun } from './page.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

// src/ imports its modules without an extension, as its bundler allows; Node strips the types.
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && !specifier.endsWith('.ts')) return next(`${specifier}.ts`, context);
      throw error;
    }
  },
});

/** A module of src/, e.g. `store/deliveries.ts`, loaded as the worker's bundle would. */
export const importSource = (path) => import(join(root, 'src', path));

/** The D1 binding's surface the store uses; a batch is one transaction, as in D1. */
export function d1(db) {
  const statement = (sql, args = []) => ({
    bind: (...values) => statement(sql, values),
    all: async () => ({ results: db.prepare(sql).all(...args) }),
    first: async () => db.prepare(sql).get(...args) ?? null,
    run: async () => ({ meta: { changes: Number(db.prepare(sql).run(...args).changes) } }),
    runNow: () => ({ meta: { changes: Number(db.prepare(sql).run(...args).changes) } }),
  });
  return {
    prepare: (sql) => statement(sql),
    async batch(statements) {
      db.exec('BEGIN');
      try {
        const results = statements.map((s) => s.runNow());
        db.exec('COMMIT');
        return results;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
  };
}

/** The migrations applied to a local D1 persisted under `dir`; returns its SQLite file. */
export function migratedDatabase(dir) {
  wranglerRun(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir]);
  const objects = join(dir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(objects).find((f) => f.endsWith('.sqlite'));
  if (!file) throw new Error(`no D1 file under ${objects}`);
  return join(objects, file);
}

/** A copy of `template` at `path`, opened: `db` for SQL of our own, `d1` for the store's. */
export function openCopy(template, path) {
  copyFileSync(template, path);
  const db = new DatabaseSync(path);
  // Every settle is its own transaction: without an fsync each, the same pages in a fraction of the time.
  db.exec('PRAGMA synchronous = OFF');
  return { db, d1: d1(db) };
}

/** The file's size and the part of it on the freelist, in bytes. */
export function fileBytes(db) {
  const { page_count } = db.prepare('PRAGMA page_count').get();
  const { page_size } = db.prepare('PRAGMA page_size').get();
  const { freelist_count } = db.prepare('PRAGMA freelist_count').get();
  return { total: page_count * page_size, free: freelist_count * page_size, pageSize: page_size };
}

/** Bytes of each table and index (SQLite's dbstat). */
export function objectBytes(db) {
  const rows = db.prepare('SELECT name, SUM(pgsize) AS size FROM dbstat GROUP BY name').all();
  return new Map(rows.map((r) => [r.name, Number(r.size)]));
}
