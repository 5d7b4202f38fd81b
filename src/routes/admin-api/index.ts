// /api/v1: the admin JSON API, bearer-token only.
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { createCtx } from '../../env';
import { authenticate } from '../../services/tokens';
import { registerComponentRoutes } from './components';
import { registerDraftRoutes } from './drafts';
import { registerIncidentRoutes } from './incidents';
import { registerMaintenanceRoutes } from './maintenances';
import { AdminRouter, openApiDocument } from './operations';
import { registerSubscriberRoutes } from './subscribers';
import { registerSystemRoutes } from './system';
import { registerWebhookRoutes } from './webhooks';

export function adminApi(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const router = new AdminRouter(app);

  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (c.req.path.endsWith('/openapi.json')) return next();
    const now = c.get('deps').clock.now();
    const { actor, touch } = await authenticate(c.env.DB, c.env.ADMIN_TOKEN, c.req.header('authorization'), now);
    const ctx = createCtx(c.env, c.get('deps'), actor, (work) => c.executionCtx.waitUntil(work));
    c.set('ctx', ctx);
    if (touch) c.executionCtx.waitUntil(touch.run().catch((error) => console.error('token: touch failed', error)));
    return next();
  });

  router.route({ method: 'get', path: '/openapi.json', summary: 'This document', tag: 'meta', public: true }, (c) =>
    c.json(openApiDocument(router.operations, c.env.PUBLIC_URL.replace(/\/+$/, ''))),
  );
  registerComponentRoutes(router);
  registerIncidentRoutes(router);
  registerMaintenanceRoutes(router);
  registerSystemRoutes(router);
  registerSubscriberRoutes(router);
  registerWebhookRoutes(router);
  registerDraftRoutes(router);
  return app;
}
