// /api/v2: the Statuspage public API, as rendered when the snapshot was published.
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import type { StatuspageDocument } from '../../present/statuspage';
import { statuspageDocuments, statuspageView } from '../../present/statuspage';
import { apiV2Key } from '../../services/rendered-names';
import { fromSnapshot } from '../../services/snapshot';
import { snapshotResponse } from '../cacheable';
import { CONTENT_TYPES, prerenderedFor } from '../prerendered';
import { anyOrigin } from '../security-headers';

const JSON_TYPE = CONTENT_TYPES.json;

export function apiV2(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Status widgets read these from other origins' pages, so any origin may.
  app.use('*', anyOrigin({ maxAge: 86_400 }));

  for (const name of Object.keys(statuspageDocuments) as StatuspageDocument[]) {
    app.get(
      `/${name}`,
      async (c) =>
        (await prerenderedFor(c)) ??
        snapshotResponse(c, apiV2Key(name), JSON_TYPE, ({ snapshot, baseUrl }) => {
          const view = fromSnapshot(snapshot, 'api-v2/view', () => statuspageView(snapshot, baseUrl));
          return JSON.stringify(statuspageDocuments[name](view));
        }),
    );
  }
  return app;
}
