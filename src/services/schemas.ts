// Building blocks shared by the request schemas of several use cases.
import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { COMPONENT_STATUSES, IMPACTS } from '../domain/status';

export const Id = z.string().regex(/^[a-z0-9]{1,32}$/, 'must be an id of lowercase letters and digits');
export const Name = z.string().trim().min(1, 'must not be empty').max(200);
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
