// The public status page: `/`, `/incidents/:id`, `/maintenances/:id` (+ `.ics`), `/history`,
// `/embed` and the page's two static assets. Everything is read from the snapshot, never D1.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { NotFound } from '../../domain/errors';
import { readConfig } from '../../env';
import { feedLocale } from '../../i18n/feeds';
import { historyPage } from '../../present/history-page';
import { snapshotCalendar } from '../../present/icalendar';
import { localizeSnapshot } from '../../present/localize';
import { homeModel, incidentAffected, maintenanceAffected } from '../../present/public-page';
import type { Snapshot } from '../../services/snapshot';
import { ASSETS } from '../../views/public/assets';
import { EmbedPage } from '../../views/public/embed-page';
import { HistoryPage } from '../../views/public/history-page';
import { HomePage } from '../../views/public/home-page';
import { IncidentPage } from '../../views/public/incident-page';
import { renderDocument } from '../../views/public/layout';
import { MaintenancePage } from '../../views/public/maintenance-page';
import { currentSnapshot, snapshotResponse } from '../cacheable';
import { CONTENT_TYPES, PAGE_NUMBER, prerenderedFor } from '../prerendered';
import { securityHeaders } from '../security-headers';
import { pageResponse, perMinute, readerOf } from './reader';

/** Named paths only: this app is mounted at the root, where '*' would reach every surface. */
const PAGE_PATHS = ['/', '/history', '/incidents/:id', '/maintenances/:id', '/assets/:file'] as const;

/** The home page's sections and bars in one language, shared by `/` and `/embed`. */
const homeOf = (c: Context<AppEnv>, raw: Snapshot, snapshot: Snapshot, locale: string) =>
  perMinute(c, raw, `home/${locale}`, () => homeModel(snapshot, c.get('deps').clock.now()));

/** The reader and the snapshot in their language (the raw one keys the caches). */
async function localRead(c: Context<AppEnv>, keep: readonly string[] = []) {
  const raw = await currentSnapshot(c);
  const reader = readerOf(c, raw.page, keep);
  const snapshot = localizeSnapshot(raw, reader.ctx.locale);
  reader.ctx.page = snapshot.page;
  return { raw, reader, snapshot };
}

export function publicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const pageHeaders = securityHeaders({ frameAncestors: 'none' });
  for (const path of PAGE_PATHS) app.use(path, pageHeaders);
  app.use('/embed', securityHeaders({ frameAncestors: 'any' }));

  // Named by their content's hash, so a year of caching is safe.
  app.get('/assets/:file', (c) => {
    const asset = ASSETS.get(c.req.path);
    if (!asset) throw new NotFound('Asset', c.req.param('file'));
    return c.body(asset.body, 200, { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });

  // `/`, `/embed` and `/history` are rendered when the snapshot is published: served as they are.
  app.get('/', async (c) => {
    const prerendered = await prerenderedFor(c);
    if (prerendered) return prerendered;
    const { raw, reader, snapshot } = await localRead(c);
    return pageResponse(c, raw, reader, () =>
      renderDocument(<HomePage ctx={reader.ctx} status={snapshot.status} model={homeOf(c, raw, snapshot, reader.ctx.locale)} />),
    );
  });

  app.get('/embed', async (c) => {
    const prerendered = await prerenderedFor(c);
    if (prerendered) return prerendered;
    const { raw, reader, snapshot } = await localRead(c);
    return pageResponse(c, raw, reader, () =>
      renderDocument(<EmbedPage ctx={reader.ctx} status={snapshot.status} model={homeOf(c, raw, snapshot, reader.ctx.locale)} />),
    );
  });

  app.get('/history', async (c) => {
    const number = c.req.query('page') ?? '1';
    if (!PAGE_NUMBER.test(number)) throw new NotFound('History page', number);
    const prerendered = await prerenderedFor(c);
    if (prerendered) return prerendered;
    const { raw, reader, snapshot } = await localRead(c, ['page']);
    const history = historyPage(snapshot, c.get('deps').clock.now(), Number(number));
    if (!history) throw new NotFound('History page', number);
    return pageResponse(c, raw, reader, () => renderDocument(<HistoryPage ctx={reader.ctx} history={history} />));
  });

  app.get('/incidents/:id', async (c) => {
    const { raw, reader, snapshot } = await localRead(c);
    const incident = snapshot.incidents.find((i) => i.id === c.req.param('id'));
    if (!incident) throw new NotFound('Incident', c.req.param('id'));
    return pageResponse(c, raw, reader, () =>
      renderDocument(
        <IncidentPage
          ctx={reader.ctx}
          incident={incident}
          affected={incidentAffected(incident, snapshot.components)}
          now={c.get('deps').clock.now()}
        />,
      ),
    );
  });

  // One maintenance as a calendar event, for the "add to calendar" link.
  app.get('/maintenances/:file{[a-z0-9]+\\.ics}', async (c) => {
    const id = c.req.param('file').slice(0, -'.ics'.length);
    const snapshot = await currentSnapshot(c);
    if (!snapshot.maintenances.some((m) => m.id === id)) throw new NotFound('Maintenance', id);
    const locale = feedLocale(c.req.query('lang'), snapshot.page.defaultLocale);
    c.header('Content-Disposition', `attachment; filename="${id}.ics"`);
    c.header('Content-Language', locale);
    return snapshotResponse(
      c,
      `maintenance-ics/${id}/${locale}`,
      CONTENT_TYPES.calendar,
      ({ baseUrl }) =>
        snapshotCalendar(snapshot, locale, { method: 'PUBLISH', baseUrl, mailFrom: readConfig(c.env).MAIL_FROM, only: (m) => m.id === id }),
      snapshot,
    );
  });

  app.get('/maintenances/:id', async (c) => {
    const { raw, reader, snapshot } = await localRead(c);
    const maintenance = snapshot.maintenances.find((m) => m.id === c.req.param('id'));
    if (!maintenance) throw new NotFound('Maintenance', c.req.param('id'));
    return pageResponse(c, raw, reader, () =>
      renderDocument(
        <MaintenancePage ctx={reader.ctx} maintenance={maintenance} affected={maintenanceAffected(maintenance, snapshot.components)} />,
      ),
    );
  });

  return app;
}
