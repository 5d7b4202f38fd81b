// The updates Forewarn writes by itself (a maintenance starting, ending, cancelled or moved),
// said in each reader's language from their facts: the row keeps the facts, never the words.
// Rows written before facts existed hold Statuspage's English sentences; legacyFacts reads them
// back into facts, so they too read in the reader's language.
import type { Locale, UpdateFacts, Window, WindowShift } from '../domain/model';
import { windowShift } from '../domain/window';
import { french } from './typography';
import { formatWindow } from './when';

/** Words, and the windows between them: the page renders each window as a <time> of its own. */
export type SentencePart = string | { window: Window };

interface FactWords {
  in_progress: string;
  completed: string;
  cancelled: string;
  resolved: string;
  /** "Moved earlier: previously ", previous window, ", now ", new window, ".". */
  rescheduled: Record<WindowShift, [string, string, string]>;
}

const WORDS: Record<Locale, FactWords> = {
  // Statuspage's own sentences, as Forewarn wrote them before it wrote facts.
  en: {
    in_progress: 'Scheduled maintenance is currently in progress. We will provide updates as necessary.',
    completed: 'The scheduled maintenance has been completed.',
    cancelled: 'This scheduled maintenance has been cancelled.',
    resolved: 'This incident has been resolved.',
    rescheduled: {
      earlier: ['Moved earlier: previously ', ', now ', '.'],
      later: ['Postponed: previously ', ', now ', '.'],
      extended: ['Extended: previously ', ', now ', '.'],
      shortened: ['Shortened: previously ', ', now ', '.'],
    },
  },
  fr: {
    in_progress: 'La maintenance planifiée est en cours. Nous publierons des mises à jour si nécessaire.',
    completed: 'La maintenance planifiée est terminée.',
    cancelled: 'Cette maintenance planifiée a été annulée.',
    resolved: 'Cet incident est résolu.',
    rescheduled: {
      earlier: [french`Avancée : auparavant `, ', désormais ', '.'],
      later: [french`Reportée : auparavant `, ', désormais ', '.'],
      extended: [french`Prolongée : auparavant `, ', désormais ', '.'],
      shortened: [french`Écourtée : auparavant `, ', désormais ', '.'],
    },
  },
};

/** The update's sentence in `locale`, with its windows left for the caller to write. */
export function automaticUpdateParts(facts: UpdateFacts, locale: Locale): SentencePart[] {
  const words = WORDS[locale];
  if (facts.automatic !== 'rescheduled') return [words[facts.automatic]];
  const [before, between, after] = words.rescheduled[facts.shift];
  return [before, { window: facts.previous }, between, { window: facts.window }, after];
}

/** The update's sentence in `locale`, its windows written in `zone` (e-mails, feeds, webhooks). */
export function automaticUpdateText(facts: UpdateFacts, locale: Locale, zone: string): string {
  return automaticUpdateParts(facts, locale)
    .map((part) => (typeof part === 'string' ? part : formatWindow(part.window.scheduled_for, part.window.scheduled_until, locale, zone)))
    .join('');
}

const at = (iso: string): number => Date.parse(iso);

/**
 * How a window moved. While the maintenance runs its start is history, so the end decides:
 * extended or shortened. Before, the start decides (earlier, later), and with the same start the
 * end does. A window that did not move at all counts as extended, the harmless reading.
 */
export { windowShift };

const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;
const LEGACY_RESCHEDULED = /^Rescheduled: previously (\S+) → (\S+), now (\S+) → (\S+)\.$/;

/**
 * The facts behind a body Forewarn wrote in English before it kept facts, or null for anything
 * else (an operator's text). Whether the maintenance was running is not in the old text: its
 * shift is read as if it was not, by the start first.
 */
export function legacyFacts(body: string): UpdateFacts | null {
  const text = body.trim();
  const en = WORDS.en;
  if (text === en.in_progress) return { automatic: 'in_progress' };
  if (text === en.completed) return { automatic: 'completed' };
  if (text === en.cancelled) return { automatic: 'cancelled' };
  if (text === en.resolved) return { automatic: 'resolved' };
  const m = LEGACY_RESCHEDULED.exec(text);
  if (!m) return null;
  const [, a, b, c, d] = m as unknown as [string, string, string, string, string];
  if (![a, b, c, d].every((iso) => ISO.test(iso) && Number.isFinite(at(iso)))) return null;
  const previous = { scheduled_for: a, scheduled_until: b };
  const window = { scheduled_for: c, scheduled_until: d };
  return { automatic: 'rescheduled', shift: windowShift(previous, window, false), previous, window };
}
