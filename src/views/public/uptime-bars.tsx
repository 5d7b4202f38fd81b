// A component's 90 days as bars, and what each day says (its date, status, uptime, maintenance,
// incidents) for mouse, touch, keyboard and screen reader, in few bytes. `/` must stay under
// 35 KB for 50 components: written out, the words of the benchmark page's ~490 eventful runs of
// days alone weigh ~39 KB in English, ~47 KB in French (it weighed 102 KB and 115 KB in all).
//
// The server draws, the page's script names:
// - A day that reads "Operational, 100.00% uptime, no incidents" is drawn by no element: the
//   list's background paints every day operational. Any other run of days that read the same is
//   one <li> placed on its columns by one class, its tone (TONE_CODE) then its first day's column
//   (`mo14`), and past one day a second one before it, the run's length (`s3 mo14`); <li> end
//   tags and the quotes around a single class are left out (HTML allows both).
// - What each <li> says beyond its tone is one entry of the list's `data-w`, in order:
//   `[lost][+minutes][~maintenance]…[.incident]…` — lost: hundredths of a percent of uptime below
//   100 (none: 100.00 %; a no-data day has no uptime); minutes of maintenance; base-36 references
//   to the names the legend holds once for the page (the same incident shows on many days and
//   components).
// - The legend holds the rest once: the first day's date, each tone's word (its items), the
//   catalogue's sentence parts with placeholders, the names.
// - The page's script (assets/uptime-days.ts) reads it all back into one run of days per item,
//   plain ones included, each a button in the list whose text is the run's words, as the
//   catalogue writes them: a screen reader reads them in the list, a keyboard reaches each with
//   the arrow keys (one tab stop per component), a pointer or a tap shows them in a tooltip.
//   Without the script the bars and their legend still show each day's status by colour, and
//   each component its uptime over the window; the days' words need the script.
import type { FC } from 'hono/jsx';
import { COMPONENT_STATUSES } from '../../domain/status';
import type { ComponentUptime, DayTone, UptimeDay } from '../../domain/uptime';
import { formatPercent } from '../../i18n';
import type { ViewContext } from './context';

/** A tone's class on the bars (and on its legend item), kept short: the page repeats it hundreds of times. */
export const TONE_CODE: Record<DayTone, string> = {
  operational: 'op',
  degraded_performance: 'dp',
  partial_outage: 'po',
  major_outage: 'mo',
  under_maintenance: 'um',
  no_data: 'nd',
};

/** The names days refer to, each written once for the page, referred to by its place in base 36. */
export class NameBook {
  readonly maintenances: string[] = [];
  readonly incidents: string[] = [];
  private readonly places = new Map<string, number>();

  ref(kind: 'maintenances' | 'incidents', name: string): string {
    // One line per name in the legend's attribute.
    const line = name.replace(/[\r\n]+/g, ' ');
    const key = `${kind}|${line}`;
    let place = this.places.get(key);
    if (place === undefined) {
      place = this[kind].push(line) - 1;
      this.places.set(key, place);
    }
    return place.toString(36);
  }
}

/** A day's entry in `data-w`: what it says besides its date and tone. */
function entryOf(day: UptimeDay, names: NameBook): string {
  let entry = '';
  // As formatPercent rounds: down, to hundredths of a percent.
  if (day.uptime !== null) {
    const lost = 10_000 - Math.floor(day.uptime * 10_000);
    if (lost > 0) entry += lost;
  }
  // As formatDuration counts: whole minutes, "0 minutes" for less than half of one.
  if (day.maintenanceMs > 0) entry += `+${Math.round(day.maintenanceMs / 60_000)}`;
  for (const m of day.maintenances) entry += `~${names.ref('maintenances', m.name)}`;
  for (const i of day.incidents) entry += `.${names.ref('incidents', i.name)}`;
  return entry;
}

/** Consecutive days that read the same: drawn and named once. */
interface DayRun {
  /** Its first day's column, from 1. */
  column: number;
  days: number;
  tone: DayTone;
  entry: string;
}

function dayRuns(days: readonly UptimeDay[], names: NameBook): DayRun[] {
  const runs: DayRun[] = [];
  let last: DayRun | undefined;
  days.forEach((day, i) => {
    const entry = entryOf(day, names);
    if (last && last.tone === day.tone && last.entry === entry) {
      last.days++;
      return;
    }
    last = { column: i + 1, days: 1, tone: day.tone, entry };
    runs.push(last);
  });
  return runs;
}

/** Nothing to say beyond "Operational, 100.00% uptime, no incidents": the list's background draws it. */
const isPlain = (run: DayRun) => run.tone === 'operational' && run.entry === '';

const escapeAttribute = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The list's name, "Uptime of {name} over the last 90 days", is the script's to write from the
 * legend's template, unless the language bends the sentence around the name (French elides
 * "de" before a vowel: "Disponibilité d’API publique"): then the server writes it.
 */
function ownTitle(ctx: ViewContext, name: string): string {
  const title = ctx.t.uptime.title(name);
  return title === ctx.t.uptime.title('{}').replace('{}', name) ? '' : ` aria-label="${escapeAttribute(title)}"`;
}

/**
 * One component's list, as text: 50 components make hundreds of items, cheaper as one string than
 * as JSX nodes. Entries hold only [0-9a-z+~.], classes only codes: nothing else needs escaping.
 */
export function barsHtml(ctx: ViewContext, name: string, uptime: ComponentUptime, names: NameBook): string {
  let items = '';
  const entries: string[] = [];
  for (const run of dayRuns(uptime.days, names)) {
    if (isPlain(run)) continue;
    const at = `${TONE_CODE[run.tone]}${run.column}`;
    items += run.days > 1 ? `<li class="s${run.days} ${at}">` : `<li class=${at}>`;
    entries.push(run.entry);
  }
  const data = entries.join(',');
  return `<ol class=bars${ownTitle(ctx, name)} data-w=${data === '' ? '""' : data}>${items}</ol>`;
}

/** Under the bars: the component's uptime over the window (the stylesheet writes "90 days ago" and "Today" at the ends). */
export const UptimePercent: FC<{ ctx: ViewContext; uptime: ComponentUptime }> = ({ ctx, uptime }) => (
  <p>{uptime.uptime === null ? ctx.t.uptime.noData : ctx.t.uptime.percent(formatPercent(uptime.uptime, ctx.t.intlLocale))}</p>
);

const LEGEND: readonly DayTone[] = [...COMPONENT_STATUSES, 'no_data'];

/**
 * What each colour means, once for all the bars, and what the page's script needs to name every
 * day: the window's first date, the catalogue's words with `{}` where a value goes, the names.
 */
export const UptimeLegend: FC<{ ctx: ViewContext; from: string; names: NameBook }> = ({ ctx, from, names }) => {
  const u = ctx.t.uptime;
  return (
    <>
      <h3 class="vh">{u.legend}</h3>
      <ul
        class="legend"
        aria-label={u.legend}
        data-from={from}
        data-title={u.title('{}')}
        data-day={u.day('{date}', '{}')}
        data-uptime={u.dayUptime('{}')}
        data-maintenance={u.dayMaintenance('{}')}
        data-maintenances-1={u.dayMaintenances('{}', 1)}
        data-maintenances={u.dayMaintenances('{}', 2)}
        data-incidents-1={u.dayIncidents('{}', 1)}
        data-incidents={u.dayIncidents('{}', 2)}
        data-none={u.noIncidents}
        data-maintenance-names={names.maintenances.join('\n')}
        data-incident-names={names.incidents.join('\n')}
      >
        {LEGEND.map((tone) => (
          <li class={`tone-${tone} ${TONE_CODE[tone]}`}>
            <span class="swatch" aria-hidden="true" />
            {u.tone[tone]}
          </li>
        ))}
      </ul>
    </>
  );
};
