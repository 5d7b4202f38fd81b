// A component's 90 days as bars: each day's colour from the status table, and in words (its
// tooltip and accessible name) the day's status, uptime, maintenance and incidents.
import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { COMPONENT_STATUSES } from '../../domain/status';
import type { ComponentUptime, DayTone, UptimeDay } from '../../domain/uptime';
import { UPTIME_DAYS } from '../../domain/uptime';
import { formatDate, formatDuration, formatList, formatPercent } from '../../i18n';
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

export function dayLabel(ctx: ViewContext, day: UptimeDay): string {
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
  return t.uptime.day(
    memo(`d|${locale}|${day.date}`, () => formatDate(day.date, locale)),
    parts.join(', '),
  );
}

const escapeAttribute = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The 90 bars as one string: a page of 50 components has 4,500 of them, and building each as a
 * JSX node costs more than the rest of the page together. Every value is escaped here.
 */
function barsHtml(ctx: ViewContext, uptime: ComponentUptime): string {
  let html = '';
  for (const day of uptime.days) {
    html += `<li class="tone-${day.tone}" title="${escapeAttribute(dayLabel(ctx, day))}" data-date="${day.date}"></li>`;
  }
  return html;
}

export const UptimeBars: FC<{ ctx: ViewContext; name: string; uptime: ComponentUptime }> = ({ ctx, name, uptime }) => (
  <div class="uptime">
    <ol class="bars" aria-label={ctx.t.uptime.title(name)}>
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

/** What each colour means, once for all the bars. */
export const UptimeLegend: FC<{ ctx: ViewContext }> = ({ ctx }) => (
  <div>
    <h3 class="vh">{ctx.t.uptime.legend}</h3>
    <ul class="legend" aria-label={ctx.t.uptime.legend}>
      {LEGEND.map((tone) => (
        <li class={`tone-${tone}`}>
          <span class="swatch" aria-hidden="true" />
          {ctx.t.uptime.tone[tone]}
        </li>
      ))}
    </ul>
  </div>
);
