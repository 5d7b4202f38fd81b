// A draft's public card in one language: what publishing would create, put in a snapshot of its
// own (the page and components as they are, the draft as the only incident or maintenance) and
// localized as the public page localizes, so the card reads as a reader of that language will
// see it.
import type { Locale } from '../../domain/model';
import { rollupIndicator } from '../../domain/rollup';
import { knownZone } from '../../domain/zone-days';
import type { Ctx } from '../../env';
import { MESSAGES } from '../../i18n';
import { localizeSnapshot } from '../../present/localize';
import type { DraftPreview } from '../../services/drafts';
import { getPage } from '../../services/page';
import type { Snapshot } from '../../services/snapshot';
import { listComponents, listGroups } from '../../store/components';
import { DraftCardPage } from '../../views/admin/draft-card-page';

export async function draftCard(ctx: Ctx, preview: DraftPreview, locale: Locale): Promise<string> {
  const [page, groups, components] = await Promise.all([getPage(ctx), listGroups(ctx.db), listComponents(ctx.db)]);
  const { subject } = preview;
  const alone: Snapshot = {
    version: 0,
    generatedAt: ctx.now.toISOString(),
    page,
    status: rollupIndicator({ components: [], openIncidentImpacts: [], activeMaintenances: 0 }),
    groups,
    components,
    incidents: subject.type === 'incident' ? [subject.incident] : [],
    maintenances: subject.type === 'maintenance' ? [subject.maintenance] : [],
    statusLog: [],
    remindedAt: {},
  };
  const localized = localizeSnapshot(alone, locale);
  const view = {
    locale,
    t: MESSAGES[locale],
    page: localized.page,
    zone: knownZone(page.timeZone),
    path: '/',
    search: '',
    now: ctx.now,
  };
  const card =
    subject.type === 'maintenance'
      ? { maintenance: localized.maintenances[0] ?? subject.maintenance }
      : { incident: localized.incidents[0] ?? subject.incident };
  return `<!doctype html>${await (<DraftCardPage ctx={view} subject={card} components={localized.components} />)}`;
}
