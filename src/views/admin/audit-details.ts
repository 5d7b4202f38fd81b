// An audit entry's details (the input a service recorded, as JSON) as lines an operator reads:
// "Start: 5 Dec 2026, 08:00 CET", "Reminders: 7 d, 1 h", "Components: Price crawlers: Under
// maintenance". Instants are shown in the page's zone, durations as the form takes them.

import { STATUS_WORDS } from '../../i18n/status-words';
import { readableTime } from '../../present/english';
import { durationLabel } from './durations';
import { IMPACT_LABEL, S } from './strings';

export interface DetailLine {
  label: string;
  value: string;
}

/** Field names as the forms call them; others are shown with their underscores as spaces. */
const FIELD_LABEL: Record<string, string> = {
  scheduled_for: 'Start',
  scheduled_until: 'End',
  started_at: 'Started',
  resolved_at: 'Resolved',
  auto_start: 'Starts by itself',
  auto_complete: 'Completes by itself',
  deliver_notifications: 'Notify subscribers',
  still_working: 'What still works',
  body: 'Message',
  time_zone: 'Time zone',
  group_id: 'Group',
  only_show_if_degraded: 'Show only when not operational',
  minutes_before: 'Reminder',
};

const LANGUAGE: Record<string, string> = { en: 'English', fr: 'French' };

/** Why a subscriber left or was deleted without asking us, and when a bounce was told. */
const WORDED: Record<string, Record<string, string>> = {
  reason: { complaint: 'marked our e-mail as spam', relay_unsubscribe: 'unsubscribed at the mail relay' },
  when: { sending: 'refused while sending', later: 'reported after it was sent' },
};

/** Keys whose numbers are minutes before a start. */
const DURATION_KEYS = new Set(['reminders', 'minutes_before']);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

const STATUS_LABEL: Record<string, string> = {
  ...STATUS_WORDS.en.componentStatus,
  ...STATUS_WORDS.en.incidentStatus,
  ...STATUS_WORDS.en.maintenanceStatus,
};

/** A long message is cut: the audit says what was done, the subject's page holds the text. */
const MAX_TEXT = 200;

const labelOf = (key: string): string => {
  const words = FIELD_LABEL[key] ?? key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

interface Context {
  zone: string;
  /** Component and group names by id, for maps keyed by id. */
  names: ReadonlyMap<string, string>;
}

function valueText(key: string, value: unknown, ctx: Context): string {
  if (value === null || value === undefined || value === '') return S.audit.empty;
  if (typeof value === 'boolean') return value ? S.audit.yes : S.audit.no;
  if (typeof value === 'number') return DURATION_KEYS.has(key) ? durationLabel(value) : String(value);
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return readableTime(value, ctx.zone);
    if (key === 'status') return STATUS_LABEL[value] ?? value;
    if (key === 'impact') return (IMPACT_LABEL as Record<string, string>)[value] ?? value;
    if (key === 'group_id' || key === 'component_id') return ctx.names.get(value) ?? value;
    const worded = WORDED[key];
    if (worded && Object.hasOwn(worded, value)) return worded[value]!;
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return S.audit.empty;
    return value.map((v) => (typeof v === 'string' ? (ctx.names.get(v) ?? v) : valueText(key, v, ctx))).join(', ');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return S.audit.empty;
    // `components` maps ids to statuses; `translations` a language to its fields.
    const name = (k: string) => (key === 'translations' ? (LANGUAGE[k] ?? k) : key === 'components' ? (ctx.names.get(k) ?? k) : labelOf(k));
    const text = (k: string, v: unknown) => (key === 'components' && typeof v === 'string' ? (STATUS_LABEL[v] ?? v) : valueText(k, v, ctx));
    return entries.map(([k, v]) => `${name(k)}: ${text(k, v)}`).join('; ');
  }
  return String(value);
}

/** One line per recorded field, in the order the service recorded them. */
export function auditDetailLines(details: unknown, zone: string, names: ReadonlyMap<string, string>): DetailLine[] {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    return details === null || details === undefined ? [] : [{ label: S.audit.details, value: valueText('', details, { zone, names }) }];
  }
  return Object.entries(details as Record<string, unknown>).map(([key, value]) => ({
    label: labelOf(key),
    value: valueText(key, value, { zone, names }),
  }));
}
