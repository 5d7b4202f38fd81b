// /api/v1: the admin JSON API, bearer tokens only, each route behind the scope it declares.
import { Hono } from 'hono';
import { z } from 'zod';
import { createCtx } from '../../env';
import { authenticate } from '../../services/tokens';
import { registerComponentRoutes } from './components';
import { registerDraftRoutes } from './drafts';
import { registerIncidentRoutes } from './incidents';
import { registerMaintenanceRoutes } from './maintenances';
import type { AdminApiEnv } from './operations';
import { AdminRouter, openApiDocument, requirementOf } from './operations';
import { registerSubscriberRoutes } from './subscribers';
import { registerSystemRoutes } from './system';
import { registerTokenRoutes } from './tokens';
import { registerWebhookRoutes } from './webhooks';

/** Where app.ts mounts this API; public routes are matched against their full path. */
const BASE = '/api/v1';

export function adminApi(): Hono<AdminApiEnv> {
  const app = new Hono<AdminApiEnv>();
  const router = new AdminRouter(app);
  // Filled once every route is declared: exactly the paths of public GET routes, nothing that merely ends like one.
  const publicPaths = new Set<string>();

  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && publicPaths.has(c.req.path)) return next();
    const now = c.get('deps').clock.now();
    const { touch, ...principal } = await authenticate(c.env.DB, c.env.ADMIN_TOKEN, c.req.header('authorization'), now);
    c.set('principal', principal);
    c.set(
      'ctx',
      createCtx(c.env, c.get('deps'), principal.actor, (work) => c.executionCtx.waitUntil(work)),
    );
    if (touch) c.executionCtx.waitUntil(touch.run().catch((error) => console.error('token: touch failed', error)));
    return next();
  });

  let document: ReturnType<typeof openApiDocument> | undefined;
  router.route(
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      tag: 'meta',
      scope: 'public',
      response: z.record(z.string(), z.unknown()).describe('OpenAPI 3.1'),
    },
    // The same for every request of this isolate's routes: built once, at the first one.
    (c) => {
      document ??= openApiDocument(router.operations);
      return c.json(document);
    },
  );
  registerComponentRoutes(router);
  registerIncidentRoutes(router);
  registerMaintenanceRoutes(router);
  registerSystemRoutes(router);
  registerSubscriberRoutes(router);
  registerWebhookRoutes(router);
  registerDraftRoutes(router);
  registerTokenRoutes(router);
  for (const op of router.operations) if (op.method === 'get' && requirementOf(op) === 'public') publicPaths.add(BASE + op.path);
  return app;
}
