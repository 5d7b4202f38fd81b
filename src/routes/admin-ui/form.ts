// Forms in, the same zod schemas as the admin API, errors back next to their fields. A route
// converts the form into the schema's input shape (checkboxes to booleans, local times to UTC…)
// and validates it with the very schema the JSON API uses: there is no second schema. What it
// says back is in the operator's words (views/admin/error-words.ts), not the API's.
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../../domain/errors';
import type { Problem } from '../../views/admin/error-words';
import { operatorMessage } from '../../views/admin/error-words';
import type { FieldErrors, FormValues } from '../../views/admin/fields';
import { fieldValue } from '../../views/admin/fields';

/** The posted form as typed: every text field, repeated names as arrays; files are left out. */
export async function readForm(c: Context): Promise<FormValues> {
  const data = await c.req.formData();
  const values: FormValues = {};
  for (const [name, value] of data.entries()) {
    if (typeof value !== 'string' || name === '_csrf') continue;
    const seen = values[name];
    values[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return values;
}

/**
 * `input` validated by `schema`; otherwise a 422 whose details list each problem by field,
 * including `conversion` problems found while reading the form (a time that is not a time).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, conversion: Issue[] = []): z.infer<S> {
  const result = schema.safeParse(input);
  const field = (path: string) => path.split('.')[0];
  // A field the form could not even read says so in its own words, not in the schema's.
  const schemaIssues = (result.success ? [] : result.error.issues)
    .map((i) => ({ ...problemOf(i), path: i.path.map(String).join('.') || '(body)' }))
    .filter((i) => !conversion.some((c) => field(c.path) === field(i.path)));
  const issues: Issue[] = [...conversion, ...schemaIssues];
  if (issues.length > 0) throw new AppError('invalid', `invalid form: ${issues[0]?.path}: ${issues[0]?.message}`, issues);
  return result.data as z.infer<S>;
}

/** What of a zod issue the operator's wording needs: its message, code and bounds. */
function problemOf(issue: z.core.$ZodIssue): Problem {
  const { message, code } = issue;
  const extra = issue as { origin?: string; maximum?: number | bigint; minimum?: number | bigint; format?: string };
  return { message, code, origin: extra.origin, maximum: extra.maximum, minimum: extra.minimum, format: extra.format };
}

const isIssueList = (details: unknown): details is Issue[] =>
  Array.isArray(details) && details.every((d) => d && typeof d === 'object' && 'path' in d && 'message' in d);

/**
 * Per-field messages of an error: schema issues go to the field their path starts with; a
 * service's own 422 goes to the field its message names first (`scheduled_until must be after
 * scheduled_for`) or its details name, and always to the summary at the top, like a 409.
 */
export function fieldErrors(error: AppError, fields: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    const list = errors[field] ?? [];
    if (!list.includes(message)) list.push(message);
    errors[field] = list;
  };
  if (error.code === 'invalid' && isIssueList(error.details)) {
    for (const issue of error.details) {
      const field = issue.path.split('.')[0] ?? '';
      if (fields.includes(field)) add(field, operatorMessage(issue, field));
      else add('_form', operatorMessage(issue));
    }
    return errors;
  }
  const detailKeys = error.details && typeof error.details === 'object' ? Object.keys(error.details) : [];
  const named =
    error.code === 'invalid' ? (fields.find((f) => error.message.startsWith(f)) ?? fields.find((f) => detailKeys.includes(f))) : undefined;
  add(named ?? '_form', operatorMessage(error, named));
  if (named) add('_form', operatorMessage(error, named));
  return errors;
}

/**
 * Runs a form's write; a 422 or 409 from validation or the service re-renders the form with
 * what was typed and the messages in place, other errors go to the app's error page.
 */
export async function submitForm(
  fields: readonly string[],
  write: () => Promise<Response>,
  rerender: (errors: FieldErrors, status: 409 | 422) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'invalid' || error.code === 'conflict')) {
      return rerender(fieldErrors(error, fields), error.code === 'invalid' ? 422 : 409);
    }
    throw error;
  }
}

export interface Issue extends Problem {
  path: string;
}

export const checked = (values: FormValues, name: string): boolean => values[name] !== undefined;

/** `component.<id>` selects → `{"<id>": "<status>"}`, leaving out "not affected". */
export function componentStatuses(values: FormValues): Record<string, string> {
  const map: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    const value = fieldValue(values, name);
    if (name.startsWith('component.') && value !== '') map[name.slice('component.'.length)] = value;
  }
  return map;
}

/** Empty text is "no value" for nullable fields. */
export const textOrNull = (value: string): string | null => (value.trim() === '' ? null : value);
