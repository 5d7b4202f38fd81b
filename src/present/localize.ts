// The read snapshot in one reader's language: every text the operator wrote in that language
// where they wrote it (the default language's otherwise), and the updates Forewarn wrote by
// itself as sentences in that language and zone. Presenters and views then need no language
// logic of their own; the Statuspage v2 JSON reads the default language.
import { inLocale, inLocaleOrNull } from '../domain/localized';
import type { Component, Locale, Update } from '../domain/model';
import { automaticUpdateText, legacyFacts } from '../i18n/update-facts';
import type { Snapshot } from '../services/snapshot';

/** A copy of `update` whose body is the reader's; its facts stay for views that render times themselves. */
export function localizeUpdate<U extends Update>(update: U, locale: Locale, zone: string, names?: ReadonlyMap<string, string>): U {
  const facts = update.facts ?? (update.body ? legacyFacts(update.body) : null);
  const written = inLocale(update.body, update.translations, 'body', locale);
  // An operator's own words win; Forewarn's sentence stands where they wrote none.
  const automatic = update.facts ? !update.body.trim() : facts !== null;
  const body = facts && automatic ? automaticUpdateText(facts, locale, zone) : written;
  return {
    ...update,
    body,
    facts,
    affectedComponents: names
      ? update.affectedComponents.map((a) => ({ ...a, name: names.get(a.componentId) ?? a.name }))
      : update.affectedComponents,
  };
}

const cache = new WeakMap<Snapshot, Map<string, Snapshot>>();

/**
 * The snapshot in `locale`, with automatic updates worded in `zone` (the page's by default).
 * Kept per snapshot document, so an isolate words each version once per language and zone.
 */
export function localizeSnapshot(snapshot: Snapshot, locale: Locale, zone: string = snapshot.page.timeZone): Snapshot {
  let byKey = cache.get(snapshot);
  if (!byKey) {
    byKey = new Map();
    cache.set(snapshot, byKey);
  }
  const key = `${locale} ${zone}`;
  const hit = byKey.get(key);
  if (hit) return hit;
  const component = (c: Component): Component => ({
    ...c,
    name: inLocale(c.name, c.translations, 'name', locale),
    description: inLocaleOrNull(c.description, c.translations, 'description', locale),
  });
  const components = snapshot.components.map(component);
  const names = new Map(components.map((c) => [c.id, c.name]));
  const localized: Snapshot = {
    ...snapshot,
    page: { ...snapshot.page, name: inLocale(snapshot.page.name, snapshot.page.translations, 'name', locale) },
    groups: snapshot.groups.map((g) => ({
      ...g,
      name: inLocale(g.name, g.translations, 'name', locale),
      description: inLocaleOrNull(g.description, g.translations, 'description', locale),
    })),
    components,
    incidents: snapshot.incidents.map((i) => ({
      ...i,
      name: inLocale(i.name, i.translations, 'name', locale),
      postmortemBody: inLocaleOrNull(i.postmortemBody, i.translations, 'postmortem_body', locale),
      updates: i.updates.map((u) => localizeUpdate(u, locale, zone, names)),
    })),
    maintenances: snapshot.maintenances.map((m) => ({
      ...m,
      name: inLocale(m.name, m.translations, 'name', locale),
      stillWorking: inLocaleOrNull(m.stillWorking, m.translations, 'still_working', locale),
      updates: m.updates.map((u) => localizeUpdate(u, locale, zone, names)),
    })),
  };
  byKey.set(key, localized);
  return localized;
}
