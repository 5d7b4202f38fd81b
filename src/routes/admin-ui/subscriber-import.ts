// A subscriber CSV (ours from the export, or a customer list) read into ImportInput rows. Each row
// is checked with the import schema's own row rule and against the live components, so a dry run
// names every bad line before anything is written.
import type { Component } from '../../domain/model';
import { normalizeEmail } from '../../domain/subscribers';
import { ImportInput } from '../../services/subscribers';
import { parseCsv } from './csv';

const ImportRow = ImportInput.shape.subscribers.element;

export interface BadRow {
  line: number;
  text: string;
  problem: string;
}

export interface ReadImport {
  rows: ReturnType<typeof ImportRow.parse>[];
  bad: BadRow[];
}

const COLUMN_NAMES: Record<string, 'email' | 'locale' | 'time_zone' | 'components'> = {
  email: 'email',
  'e-mail': 'email',
  locale: 'locale',
  language: 'locale',
  time_zone: 'time_zone',
  timezone: 'time_zone',
  zone: 'time_zone',
  components: 'components',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "crawlers Public API" → ["crawlers", "<id of Public API>"]: whole names first, since they may hold spaces. */
function componentTokens(cell: string, components: readonly Component[]): string[] {
  let rest = cell;
  const found: string[] = [];
  for (const c of components) {
    const pattern = new RegExp(`(^|[\\s|])${escapeRegExp(c.name)}(?=$|[\\s|])`, 'i');
    if (pattern.test(rest)) {
      found.push(c.id);
      rest = rest.replace(pattern, '$1');
    }
  }
  return [...found, ...rest.split(/[\s|]+/).filter(Boolean)];
}

/**
 * Columns by header when the first line has one (any order, extra columns ignored), else
 * email, language, time zone, components. Components are ids or names, separated by spaces or
 * "|" (a name may hold spaces); none means every component.
 */
export function readSubscriberCsv(text: string, components: readonly Component[]): ReadImport {
  const csv = parseCsv(text);
  const header = csv[0]?.cells.map((c) => COLUMN_NAMES[c.toLowerCase()]);
  const hasHeader = header?.includes('email') ?? false;
  const columns = hasHeader ? (header ?? []) : (['email', 'locale', 'time_zone', 'components'] as const);
  const byName = new Map(components.map((c) => [c.name.toLowerCase(), c.id]));
  const byLongestName = [...components].sort((a, b) => b.name.length - a.name.length);
  const ids = new Set(components.map((c) => c.id));
  const seen = new Map<string, number>();
  const result: ReadImport = { rows: [], bad: [] };

  for (const row of hasHeader ? csv.slice(1) : csv) {
    const value = (column: string) => row.cells[columns.indexOf(column as never)] ?? '';
    const bad = (problem: string) => result.bad.push({ line: row.line, text: row.cells.join(', ').slice(0, 200), problem });
    const names = componentTokens(value('components'), byLongestName);
    const unknown = names.filter((n) => !ids.has(n) && !byName.has(n.toLowerCase()));
    if (unknown.length > 0) {
      bad(`unknown component ${unknown.join(', ')}`);
      continue;
    }
    const parsed = ImportRow.safeParse({
      email: value('email'),
      ...(value('locale') ? { locale: value('locale').toLowerCase() } : {}),
      ...(value('time_zone') ? { time_zone: value('time_zone') } : {}),
      components: names.map((n) => (ids.has(n) ? n : (byName.get(n.toLowerCase()) ?? n))),
    });
    if (!parsed.success) {
      bad(parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '));
      continue;
    }
    const email = normalizeEmail(parsed.data.email);
    const first = seen.get(email);
    if (first !== undefined) {
      bad(`the same address as line ${first}`);
      continue;
    }
    seen.set(email, row.line);
    result.rows.push(parsed.data);
  }
  return result;
}
