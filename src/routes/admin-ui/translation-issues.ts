// A refusal of a translated field, named by its field and language. The form's errors go to the
// field their path starts with (form.ts fieldErrors), and every translation's path starts with
// `translations`: without this, a French name too long would read "At most 200 characters." at
// the top of the form, with no word of which text was too long.
import type { z } from 'zod';
import { AppError } from '../../domain/errors';
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import { operatorMessage } from '../../views/admin/error-words';
import { LANGUAGE } from '../../views/admin/translated-fields';
import type { Issue } from './form';
import { parseInput } from './form';

const TRANSLATION_PATH = /^translations\.([a-z]+)\.([a-z_]+)$/;

const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** "Name in French: at most 200 characters." for the issue of `translations.fr.name`; others as they are. */
export function namedIssue(issue: Issue, labels: Readonly<Record<string, string>>): Issue {
  const m = TRANSLATION_PATH.exec(issue.path);
  const locale = m?.[1] ?? '';
  const field = m?.[2] ?? '';
  if (!isLocale(locale) || !labels[field]) return issue;
  const said = operatorMessage(issue, field);
  // Without its zod code the sentence is shown as written, not worded again by code.
  return { path: issue.path, message: `${labels[field]} in ${LANGUAGE[locale]}: ${said.charAt(0).toLowerCase()}${said.slice(1)}` };
}

/** parseInput, the issues of translated fields named by field and language (`labels`: field → label). */
export function parseTranslatedInput<S extends z.ZodType>(schema: S, input: unknown, labels: Readonly<Record<string, string>>): z.infer<S> {
  try {
    return parseInput(schema, input);
  } catch (error) {
    if (!(error instanceof AppError) || !Array.isArray(error.details)) throw error;
    const issues = (error.details as Issue[]).map((issue) => namedIssue(issue, labels));
    throw new AppError(error.code, error.message, issues);
  }
}
