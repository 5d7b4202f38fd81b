// A component's 90 days as bars: each day's colour from the status table, and in words (its
// tooltip and accessible name) the day's status, uptime, maintenance and incidents.
import type { FC } from 'hono/jsx';
import { COMPONENT_STATUSES } from '../../domain/status';
import type { ComponentUptime, DayTone, UptimeDay } from '../../domain/uptime';
import { UPTIME_DAYS } from '../../domain/uptime';
import { formatDate, formatDuration, formatList, formatPercent } from '../../i18n';
import type { ViewContext } from './context';

export function dayLabel(ctx: ViewContext, day: UptimeDay): string {
  const { t } = ctx;
  const locale = t.intlLocale;
  const parts: string[] = [t.uptime.tone[day.tone]];
  if (day.uptime !== null) parts.push(t.uptime.dayUptime(formatPercent(day.uptime, locale)));
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
  return t.uptime.day(formatDate(day.date, locale), parts.join(', '));
}

export const UptimeBars: FC<{ ctx: ViewContext; name: string; uptime: ComponentUptime }> = ({ ctx, name, uptime }) => (
  <div class="uptime">
    <ol class="bars" aria-label={ctx.t.uptime.title(name)}>
      {uptime.days.map((day) => (
        <li class={`tone-${day.tone}`} title={dayLabel(ctx, day)} data-date={day.date} data-tone={day.tone} />
      ))}
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
