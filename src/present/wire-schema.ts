// Building blocks of the admin API's response schemas. A schema given an `id` (`.meta({ id })`)
// becomes a named schema of the OpenAPI document (`components.schemas`), referenced where used.
import { z } from 'zod';
import { LOCALES } from '../domain/model';
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../domain/status';

/** An instant as the API writes it: ISO 8601 in UTC. Described, not re-checked: presenters only pass stored values on. */
export const instant = () => z.string().meta({ format: 'date-time' });

export const ComponentStatusJson = z.enum(COMPONENT_STATUSES).meta({ id: 'ComponentStatus' });
export const IncidentStatusJson = z.enum(INCIDENT_STATUSES).meta({ id: 'IncidentStatus' });
export const MaintenanceStatusJson = z.enum(MAINTENANCE_STATUSES).meta({ id: 'MaintenanceStatus' });
export const ImpactJson = z.enum(IMPACTS).meta({ id: 'Impact' });
export const LocaleJson = z.enum(LOCALES).meta({ id: 'Locale' });

/** One value per language, every language present (a record with enum keys would state them required yet define none). */
export const perLocale = <S extends z.ZodType>(value: S) =>
  z.object({ en: value, fr: value } satisfies Record<(typeof LOCALES)[number], S>);

/** `{"fr": {"name": "…"}}`: the languages other than the page's default one, each with the fields written (domain/localized.ts). */
export const translationsOf = <const F extends string>(fields: readonly [F, ...F[]]) =>
  z
    .partialRecord(z.enum(LOCALES), z.partialRecord(z.enum(fields), z.string()))
    .describe("The operator's text in the languages other than the page's default one, field by field.");

/**
 * `true` only when A and B are the same type. A schema that describes a domain value passed on
 * whole (a notice's payload) asserts it, so a field added on one side and not the other fails to compile.
 */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;
