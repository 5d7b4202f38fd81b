// `/` for the benchmark's page (scripts/bench/generate.mjs: 50 components in 8 groups, 1,000
// incidents and maintenances over two years, a quarter of them in the last 90 days) weighs at most
// 35,000 bytes in either language, and still says every day: each of the 4,500 days' status and
// words, as a reader's browser names them, are those of the page's model.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePage } from '../../scripts/bench/generate.mjs';
import type { Locale } from '../../src/domain/model';
import type { UptimeDay } from '../../src/domain/uptime';
import { formatDate, formatDateRange, formatDuration, formatList, formatPercent, MESSAGES } from '../../src/i18n';
import { localizeSnapshot } from '../../src/present/localize';
import { homeModel } from '../../src/present/public-page';
import { readSnapshot } from '../../src/services/snapshot';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';
import { select } from './html';
import { addDays, barsOf } from './uptime-days';

const NOW = '2026-11-20T09:00:00.000Z';
const BUDGET = 35_000;
const h = harness(NOW);

beforeAll(async () => {
  await emptyPage();
  const statements = generatePage({ now: new Date(NOW) })
    .trim()
    .split('\n');
  for (let i = 0; i < statements.length; i += 500) {
    await env.DB.batch(statements.slice(i, i + 500).map((sql) => env.DB.prepare(sql)));
  }
  // A write publishes the snapshot the page is read from.
  ok(await h.api('PATCH', '/page', { name: 'Bench Corp' }));
});

/** What a day says, in the catalogue's words, formatted by the server's own i18n. */
function expectedWords(locale: Locale, day: UptimeDay, from: string, until: string): string {
  const t = MESSAGES[locale];
  const intl = t.intlLocale;
  const parts = [t.uptime.tone[day.tone]];
  if (day.uptime !== null) parts.push(t.uptime.dayUptime(formatPercent(day.uptime, intl)));
  if (day.maintenanceMs > 0) parts.push(t.uptime.dayMaintenance(formatDuration(day.maintenanceMs, intl)));
  if (day.maintenances.length > 0)
    parts.push(
      t.uptime.dayMaintenances(
        formatList(
          day.maintenances.map((m) => m.name),
          intl,
        ),
        day.maintenances.length,
      ),
    );
  if (day.incidents.length > 0)
    parts.push(
      t.uptime.dayIncidents(
        formatList(
          day.incidents.map((i) => i.name),
          intl,
        ),
        day.incidents.length,
      ),
    );
  else if (day.tone !== 'no_data') parts.push(t.uptime.noIncidents);
  const when = from === until ? formatDate(from, intl) : formatDateRange(from, until, intl);
  return t.uptime.day(when, parts.join(', ')).replace(/\s/g, ' ');
}

describe('the status page of 50 components with 90 days of history', () => {
  for (const locale of ['en', 'fr'] as const) {
    it(`weighs at most ${BUDGET} bytes in ${locale}, and names every day of every component as its model says`, async () => {
      const response = await h.fetch('/', { headers: { 'accept-language': locale } });
      const html = await response.text();
      const bytes = new TextEncoder().encode(html).byteLength;
      console.log(`/ in ${locale}: ${bytes} bytes`);
      expect(bytes).toBeLessThanOrEqual(BUDGET);

      const snapshot = await readSnapshot(env, new Date(NOW));
      const model = homeModel(localizeSnapshot(snapshot, locale), new Date(NOW));
      const rows = model.entries.flatMap((entry) => (entry.kind === 'group' ? entry.rows : [entry.row]));
      expect(rows).toHaveLength(50);
      const pageBars = await barsOf(html);
      expect(pageBars.map((b) => b.name)).toEqual(rows.map((r) => r.component.name));

      let eventful = 0;
      rows.forEach((row, i) => {
        const runs = pageBars[i]?.runs ?? [];
        // Every day in one run, in order, none missing.
        expect(runs.flatMap((run) => Array.from({ length: run.days }, (_, d) => addDays(run.from, d)))).toEqual(
          row.uptime.days.map((d) => d.date),
        );
        for (const run of runs) {
          for (const day of row.uptime.days.filter((d) => run.from <= d.date && d.date <= run.until)) {
            expect(run.tone, `${row.component.name} ${day.date}`).toBe(day.tone);
            expect(run.words, `${row.component.name} ${day.date}`).toBe(expectedWords(locale, day, run.from, run.until));
            if (day.incidents.length + day.maintenances.length > 0) eventful++;
          }
        }
      });
      // The history is varied: hundreds of days with an incident or a maintenance, every tone.
      expect(eventful).toBeGreaterThan(400);
      expect(new Set(pageBars.flatMap((b) => b.runs.map((r) => r.tone)))).toEqual(
        new Set(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']),
      );
      // The component's uptime over the window, under its bars.
      expect((await select(html, 'ul.components > li > p')).map((p) => p.text)).toEqual(
        rows.map((r) =>
          MESSAGES[locale].uptime.percent(formatPercent(r.uptime.uptime ?? 0, MESSAGES[locale].intlLocale)).replace(/\s/g, ' '),
        ),
      );
    });
  }
});
