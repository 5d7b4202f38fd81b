// The uptime bars as a reader's browser makes them: the page's HTML read with workerd's parser,
// then the page script's own day-naming function (DAY_RUNS_SCRIPT, run as it is) gives every run
// of days its words. What a test sees here is what a screen reader, a keyboard or a pointer reaches.
import type { DayTone } from '../../src/domain/uptime';
import { DAY_RUNS_SCRIPT } from '../../src/views/public/assets/uptime-days';
import { TONE_CODE } from '../../src/views/public/uptime-bars';

export interface DayRun {
  from: string;
  until: string;
  days: number;
  tone: DayTone;
  /** Its words, as the script writes them in the run's button. */
  words: string;
}

export interface ComponentBars {
  name: string;
  /** The list's name, when the server wrote it (else the script writes it from the legend's template). */
  ariaLabel: string | null;
  /** The server's items: each one's class, in order. */
  classes: string[];
  data: string;
  runs: DayRun[];
}

const TONE_OF = Object.fromEntries(Object.entries(TONE_CODE).map(([tone, code]) => [code, tone as DayTone]));

export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Raw {
  legend: Record<string, string>;
  tones: Record<string, string>;
  lists: Omit<ComponentBars, 'runs'>[];
}

/** The bars' markup in document order: each component's name and list, the legend. */
async function readBars(html: string): Promise<Raw> {
  const raw: Raw = { legend: {}, tones: {}, lists: [] };
  let name: string | null = null;
  let toneCode: string | null = null;
  const attributes = (el: Element) => Object.fromEntries([...(el.attributes as IterableIterator<[string, string]>)]);
  await new HTMLRewriter()
    .on('ul.components > li > h3', {
      element() {
        name = '';
      },
      text(chunk) {
        name += chunk.text;
      },
    })
    .on('ol.bars', {
      element(el) {
        raw.lists.push({ name: name ?? '', ariaLabel: el.getAttribute('aria-label'), classes: [], data: el.getAttribute('data-w') ?? '' });
      },
    })
    .on('ol.bars li', {
      element(el) {
        raw.lists.at(-1)?.classes.push(el.getAttribute('class') ?? '');
      },
    })
    .on('ul.legend', {
      element(el) {
        raw.legend = attributes(el);
      },
    })
    .on('ul.legend > li', {
      element(el) {
        toneCode = (el.getAttribute('class') ?? '').split(' ')[1] ?? '';
        raw.tones[toneCode] = '';
      },
      text(chunk) {
        if (toneCode) raw.tones[toneCode] += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  return raw;
}

const decode = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** Every component's bars on the page, its runs of days named by the page's own script. */
export async function barsOf(html: string): Promise<ComponentBars[]> {
  const raw = await readBars(html);
  const legend = Object.fromEntries(Object.entries(raw.legend).map(([k, v]) => [k, decode(v)]));
  const read = (name: string) => legend[`data-${name}`] ?? '';
  const lines = (text: string) => (text ? text.split('\n') : []);
  const locale = /data-intl="([^"]+)"/.exec(html)?.[1];
  const runsOf = new Function(`return ${DAY_RUNS_SCRIPT}`)()(locale, {
    from: read('from'),
    tones: Object.fromEntries(Object.entries(raw.tones).map(([code, word]) => [code, decode(word).trim()])),
    day: read('day'),
    uptime: read('uptime'),
    maintenance: read('maintenance'),
    maintenances: read('maintenances'),
    incidents: read('incidents'),
    maintenances1: read('maintenances-1'),
    incidents1: read('incidents-1'),
    none: read('none'),
    maintenanceNames: lines(read('maintenance-names')),
    incidentNames: lines(read('incident-names')),
  }) as (classes: string[], data: string) => { column: number; days: number; code: string; label: string }[];
  return raw.lists.map((list) => ({
    ...list,
    name: decode(list.name).trim(),
    ariaLabel: list.ariaLabel === null ? null : decode(list.ariaLabel),
    runs: runsOf(list.classes, list.data).map((run) => ({
      from: addDays(read('from'), run.column - 1),
      until: addDays(read('from'), run.column + run.days - 2),
      days: run.days,
      tone: TONE_OF[run.code] as DayTone,
      words: run.label.replace(/\s/g, ' '),
    })),
  }));
}
