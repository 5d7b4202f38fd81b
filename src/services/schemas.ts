// Building blocks shared by the request schemas of several use cases.
import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { COMPONENT_STATUSES, IMPACTS } from '../domain/status';

export const Id = z.string().regex(/^[a-z0-9]{1,32}$/, 'must be an id of lowercase letters and digits');
/**
 * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. A name reaches
 * one-line fields of other formats (a calendar's NAME, an e-mail's Subject, a feed's title), where
 * a line break would start a line of the attacker's choosing; no name needs one. Bodies keep
 * theirs: they are many lines, and every writer escapes or drops what its format cannot carry.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NOT_IN_NAME = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const ONE_LINE = 'must be one line, without tabs or control characters';

export const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .refine((s) => !NOT_IN_NAME.test(s), ONE_LINE);
export const Text = z.string().max(20_000);
export const ComponentStatusSchema = z.enum(COMPONENT_STATUSES);
export const ImpactSchema = z.enum(IMPACTS);
/** ISO 8601 with an offset or Z, e.g. 2026-12-05T08:00:00+01:00. */
export const Instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
/** `{"<component id>": "<status>"}`, at most 200 entries. */
export const ComponentStatusMap = z.record(Id, ComponentStatusSchema).refine((m) => Object.keys(m).length <= 200, 'at most 200 components');

/**
 * Operator text in the languages other than the page's default one: `{"fr": {"name": "…"}}`.
 * A field given as "" or null goes back to the default language's text.
 */
export const translationsOf = <S extends Record<string, z.ZodType>>(shape: S) =>
  z.partialRecord(z.enum(LOCALES), z.strictObject(shape)).optional();

/** A translated optional text: "" or null removes it. */
export const TranslatedText = (max: number) => z.string().trim().max(max).nullable().optional();
/** A translated optional name: "" or null removes it; one line, like Name. */
export const TranslatedName = z
  .string()
  .trim()
  .max(200)
  .refine((s) => !NOT_IN_NAME.test(s), ONE_LINE)
  .nullable()
  .optional();
