// /history: past incidents and maintenances by month of the page's zone, three months a page
// (newest first), as Statuspage pages its history by quarter. It reaches as far back as the
// snapshot does: 90 days, or the last 50 incidents when those go further.
import type { Impact } from '../domain/status';
import { knownZone, localDate } from '../domain/zone-days';
import type { Snapshot } from '../services/snapshot';

export const MONTHS_PER_PAGE = 3;

export interface HistoryItem {
  kind: 'incident' | 'maintenance';
  id: string;
  name: string;
  status: string;
  impact: Impact;
  /** When it began (a maintenance that never ran: its planned start). */
  at: string;
  /** When it ended, if it has. */
  endedAt: string | null;
}

export interface HistoryMonth {
  /** "2026-11". */
  month: string;
  items: HistoryItem[];
}

export interface HistoryPage {
  page: number;
  pages: number;
  months: HistoryMonth[];
}

/** "2026-01" − 2 → "2025-11". */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthsBetween = (older: string, newer: string): number => {
  const [oy, om] = older.split('-').map(Number) as [number, number];
  const [ny, nm] = newer.split('-').map(Number) as [number, number];
  return (ny - oy) * 12 + (nm - om);
};

function historyItems(snapshot: Snapshot, now: Date): HistoryItem[] {
  const incidents: HistoryItem[] = snapshot.incidents.map((i) => ({
    kind: 'incident',
    id: i.id,
    name: i.name,
    status: i.status,
    impact: i.impact,
    at: i.startedAt,
    endedAt: i.resolvedAt,
  }));
  // Upcoming maintenance is on the home page; history holds what began or was called off.
  const maintenances: HistoryItem[] = snapshot.maintenances
    .filter((m) => m.status !== 'scheduled' || Date.parse(m.scheduledFor) <= now.getTime())
    .map((m) => ({
      kind: 'maintenance',
      id: m.id,
      name: m.name,
      status: m.status,
      impact: m.impact,
      // A cancelled one is filed when it was called off: its window may lie in the future.
      at: m.startedAt ?? (m.status === 'cancelled' && m.cancelledAt ? m.cancelledAt : m.scheduledFor),
      endedAt: m.resolvedAt ?? m.cancelledAt,
    }));
  return [...incidents, ...maintenances].sort((a, b) => b.at.localeCompare(a.at));
}

/** The given page (1 = the current quarter), or null past the last one. */
export function historyPage(snapshot: Snapshot, now: Date, page: number): HistoryPage | null {
  const zone = knownZone(snapshot.page.timeZone);
  const items = historyItems(snapshot, now);
  const monthOf = (instant: string) => localDate(instant, zone).slice(0, 7);
  const current = monthOf(now.toISOString());
  const oldest = [current, ...items.map((item) => monthOf(item.at))].sort()[0] ?? current;
  const pages = Math.max(1, Math.floor(monthsBetween(oldest, current) / MONTHS_PER_PAGE) + 1);
  if (!Number.isInteger(page) || page < 1 || page > pages) return null;
  const months: HistoryMonth[] = [];
  for (let i = 0; i < MONTHS_PER_PAGE; i++) {
    const month = addMonths(current, -((page - 1) * MONTHS_PER_PAGE + i));
    months.push({ month, items: items.filter((item) => monthOf(item.at) === month) });
  }
  return { page, pages, months };
}
