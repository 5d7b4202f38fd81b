// What the admin UI says when a form is refused, in the operator's words: the schemas and the
// services speak the API's language ("scheduled_until must be after scheduled_for"), which the
// JSON API keeps; this table turns it into "The end must be after the start." A message not in
// the table is shown as it is, with a capital and a full stop.
import { INCIDENT_STATUS_LABEL, MAINTENANCE_STATUS_LABEL, S } from './strings';

/** A refusal as the schema or the service gave it: its message and, for a zod issue, its code. */
export interface Problem {
  message: string;
  code?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  format?: string;
}

const STATUS_LABEL: Record<string, string> = { ...INCIDENT_STATUS_LABEL, ...MAINTENANCE_STATUS_LABEL };
const statusWord = (s: string) => (STATUS_LABEL[s] ?? s).toLowerCase();

const RELOAD = 'Reload the page and try again.';

/** Messages of the schemas and services, by exact text or pattern; `field` is where it is shown. */
const BY_MESSAGE: readonly { match: string | RegExp; say: (m: RegExpExecArray, field: string) => string }[] = [
  { match: 'scheduled_until must be after scheduled_for', say: () => 'The end must be after the start.' },
  { match: /^scheduled_until is in the past/, say: () => 'The end has already passed: choose an end in the future.' },
  { match: 'resolved_at must be after started_at', say: () => 'The resolution must come after the start.' },
  {
    match: /^a maintenance window lasts at most (\d+) days$/,
    say: (m) => `A maintenance lasts at most ${m[1]} days: bring the end closer to the start.`,
  },
  { match: 'must not be empty', say: (_m, field) => (field === 'name' ? 'Enter a name.' : 'Write a message.') },
  { match: 'at most 60 days before', say: () => 'A reminder can be at most 60 days before the start.' },
  { match: 'at most 10 reminders', say: () => 'Choose at most 10 reminders.' },
  { match: 'reminders must differ', say: () => 'Two reminders are at the same time: keep one of them.' },
  { match: 'at most 200 components', say: () => 'Choose at most 200 components.' },
  { match: /^unknown component (.+)$/, say: (m) => `A component on this form no longer exists (${m[1]}). ${RELOAD}` },
  { match: /^group (\S+) does not exist$/, say: () => `The chosen group no longer exists. ${RELOAD}` },
  { match: 'must be an id of lowercase letters and digits', say: () => `A component on this form does not exist. ${RELOAD}` },
  { match: /^must be an IANA time zone/, say: () => 'Choose a time zone from the list, such as Europe/Paris.' },
  {
    match: /^it was changed by someone else meanwhile/,
    say: () => 'Someone else changed this meanwhile; nothing was saved. Reload the page to see their change, then try again.',
  },
  { match: /^maintenance \S+ has started; only its end can move$/, say: () => 'It has already started: only its end can still move.' },
  {
    match: /^maintenance \S+ is (\w+); its window and components can no longer change$/,
    say: (m) => `It is ${statusWord(m[1] ?? '')}: its window and components can no longer change.`,
  },
  {
    match: /^cannot move (maintenance|incident) \S+ from (\w+) to (\w+): (.+)$/,
    say: (m) => `It cannot go from “${statusWord(m[2] ?? '')}” to “${statusWord(m[3] ?? '')}”: ${m[4]}.`,
  },
];

/** zod's own messages, by issue code, for what the schemas do not word themselves. */
function byCode(p: Problem, field: string): string | null {
  switch (p.code) {
    case 'too_big':
      return p.origin === 'string' ? `At most ${p.maximum} characters.` : `At most ${p.maximum}.`;
    case 'too_small':
      if (p.origin === 'string') return field === 'name' ? 'Enter a name.' : `At least ${p.minimum} characters.`;
      return `At least ${p.minimum}.`;
    case 'invalid_format':
      return p.format === 'datetime' ? S.maintenances.badTime : 'This is not in the expected form.';
    case 'invalid_value':
      return 'Choose one of the offered values.';
    case 'invalid_key':
      return `A component on this form does not exist. ${RELOAD}`;
    case 'invalid_type':
    case 'unrecognized_keys':
      return `This form was not sent as expected. ${RELOAD}`;
    default:
      return null;
  }
}

const sentence = (text: string): string => {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
};

/** The refusal in the operator's words; `field` is the form field it is shown at ('' for none). */
export function operatorMessage(problem: Problem, field = ''): string {
  for (const { match, say } of BY_MESSAGE) {
    const m =
      typeof match === 'string'
        ? problem.message === match
          ? ([match] as unknown as RegExpExecArray)
          : null
        : match.exec(problem.message);
    if (m) return say(m, field);
  }
  return byCode(problem, field) ?? sentence(problem.message);
}
