// A component's 90 days as bars: each day's colour from the status table, and in words (its
// tooltip and accessible name) the day's status, uptime, maintenance and incidents. Consecutive
// days that read the same (weeks of "Operational, no incidents") are one list item spanning them,
// and such a plain run carries no words of its own: the legend holds them once for the page, and
// the page's script names each plain run with its dates. The words were most of what the page
// weighed (4,500 of them for 50 components).
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { COMPONENT_STATUSES } from '../../domain/status';
import type { ComponentUptime, DayTone, UptimeDay } from '../../domain/uptime';
import { UPTIME_DAYS } from '../../domain/uptime';
import { formatDate, formatDateRange, formatDuration, formatList, formatPercent } from '../../i18n';
import type { ViewContext } from './context';

/**
 * A page shows the same 90 dates and mostly the same percentages thousands of times: each is
 * formatted once (Intl calls are most of a render's cost). Cleared when large, so it stays bounded.
 */
const words = new Map<string, string>();
function memo(key: string, make: () => string): string {
  let value = words.get(key);
  if (value === undefined) {
    if (words.size > 5_000) words.clear();
    value = make();
    words.set(key, value);
  }
  return value;
}

/** What a day says, without its date: "Major outage, 91.66% uptime, incidents: API down". */
function daySummary(ctx: ViewContext, day: UptimeDay): string {
  const { t } = ctx;
  const locale = t.intlLocale;
  const parts: string[] = [t.uptime.tone[day.tone]];
  if (day.uptime !== null) {
    const ratio = day.uptime;
    parts.push(memo(`p|${locale}|${ratio}`, () => t.uptime.dayUptime(formatPercent(ratio, locale))));
  }
  if (day.maintenanceMs > 0) parts.push(t.uptime.dayMaintenance(formatDuration(day.maintenanceMs, locale)));
  if (day.maintenances.length > 0)
    parts.push(
      t.uptime.dayMaintenances(
        formatList(
          day.maintenances.map((m) => m.name),
          locale,
        ),
      ),
    );
  if (day.incidents.length > 0)
    parts.push(
      t.uptime.dayIncidents(
        formatList(
          day.incidents.map((i) => i.name),
          locale,
        ),
      ),
    );
  else if (day.tone !== 'no_data') parts.push(t.uptime.noIncidents);
  return parts.join(', ');
}

/** Days with nothing to say beyond their colour: what each reads, without its date. */
const PLAIN_DAYS: Partial<Record<DayTone, UptimeDay>> = {
  operational: {
    date: '',
    tone: 'operational',
    uptime: 1,
    downtimeMs: 0,
    maintenanceMs: 0,
    worst: 'operational',
    incidents: [],
    maintenances: [],
  },
  no_data: { date: '', tone: 'no_data', uptime: null, downtimeMs: 0, maintenanceMs: 0, worst: null, incidents: [], maintenances: [] },
};

function plainSummary(ctx: ViewContext, tone: DayTone): string | null {
  const day = PLAIN_DAYS[tone];
  return day ? memo(`plain|${ctx.t.intlLocale}|${tone}`, () => daySummary(ctx, day)) : null;
}

/** Consecutive days that read the same, drawn as one bar per day but labelled once. */
interface DayRun {
  from: string;
  until: string;
  days: number;
  tone: DayTone;
  summary: string;
}

function dayRuns(ctx: ViewContext, days: readonly UptimeDay[]): DayRun[] {
  const runs: DayRun[] = [];
  let last: DayRun | undefined;
  for (const day of days) {
    const summary = daySummary(ctx, day);
    if (last && last.summary === summary && last.tone === day.tone) {
      last.until = day.date;
      last.days++;
      continue;
    }
    last = { from: day.date, until: day.date, days: 1, tone: day.tone, summary };
    runs.push(last);
  }
  return runs;
}

function runLabel(ctx: ViewContext, run: DayRun): string {
  const locale = ctx.t.intlLocale;
  const when =
    run.days === 1
      ? memo(`d|${locale}|${run.from}`, () => formatDate(run.from, locale))
      : memo(`r|${locale}|${run.from}|${run.until}`, () => formatDateRange(run.from, run.until, locale));
  return ctx.t.uptime.day(when, run.summary);
}

const escapeAttribute = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The bars as one string: a page of 50 components has 4,500 days, and building each as a JSX
 * node costs more than the rest of the page together. Every value is escaped here. The
 * stylesheet paints a bar operational unless its class says otherwise, and a `dN` class spans
 * N days' columns, each day still drawn apart.
 */
function barsHtml(ctx: ViewContext, uptime: ComponentUptime): string {
  let html = '';
  for (const run of dayRuns(ctx, uptime.days)) {
    const classes = [run.tone === 'operational' ? '' : `tone-${run.tone}`, run.days > 1 ? `d${run.days}` : ''].filter(Boolean).join(' ');
    const plain = run.summary === plainSummary(ctx, run.tone);
    html += `<li${classes ? ` class="${classes}"` : ''}${plain ? '' : ` title="${escapeAttribute(runLabel(ctx, run))}"`}></li>`;
  }
  return html;
}

export const UptimeBars: FC<{ ctx: ViewContext; name: string; uptime: ComponentUptime }> = ({ ctx, name, uptime }) => (
  <div class="uptime">
    <ol class="bars" aria-label={ctx.t.uptime.title(name)} data-from={uptime.days[0]?.date}>
      {raw(barsHtml(ctx, uptime))}
    </ol>
    <p class="axis">
      <span>{ctx.t.uptime.daysAgo(UPTIME_DAYS)}</span>
      <span class="percent">
        {uptime.uptime === null ? ctx.t.uptime.noData : ctx.t.uptime.percent(formatPercent(uptime.uptime, ctx.t.intlLocale))}
      </span>
      <span>{ctx.t.uptime.today}</span>
    </p>
  </div>
);

const LEGEND: readonly DayTone[] = [...COMPONENT_STATUSES, 'no_data'];

/**
 * What a plain day of `tone` reads, "{date}" standing for its date or dates: the page's script
 * names the plain runs with it.
 */
function plainDayWords(ctx: ViewContext, tone: DayTone): string | undefined {
  const summary = plainSummary(ctx, tone);
  return summary === null ? undefined : ctx.t.uptime.day('{date}', summary);
}

/** What each colour means, once for all the bars, and what a plain day of each colour reads. */
export const UptimeLegend: FC<{ ctx: ViewContext }> = ({ ctx }) => (
  <div>
    <h3 class="vh">{ctx.t.uptime.legend}</h3>
    <ul
      class="legend"
      aria-label={ctx.t.uptime.legend}
      data-day-operational={plainDayWords(ctx, 'operational')}
      data-day-no_data={plainDayWords(ctx, 'no_data')}
    >
      {LEGEND.map((tone) => (
        <li class={`tone-${tone}`}>
          <span class="swatch" aria-hidden="true" />
          {ctx.t.uptime.tone[tone]}
        </li>
      ))}
    </ul>
  </div>
);
