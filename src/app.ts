// createApp(): the whole HTTP surface, built the same way by production and by tests.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './app-env';
import { AppError, ERROR_STATUS } from './domain/errors';
import type { Deps } from './env';
import { adminApi } from './routes/admin-api';
import { adminUi } from './routes/admin-ui';
import { apiV2 } from './routes/api-v2';
import { badge } from './routes/badge';
import { favicon } from './routes/favicon';
import { feeds } from './routes/feeds';
import { healthy } from './routes/prerendered';
import { publicRoutes } from './routes/public';
import { errorPageResponse } from './routes/public/error-page';
import { relayHooks } from './routes/relay-hooks';
import { baselineHeaders } from './routes/security-headers';
import { subscriptions } from './routes/subscribe';

const wantsJson = (path: string): boolean => path.startsWith('/api/') || path.startsWith('/hooks/') || path.endsWith('.json');

function errorResponse(
  path: string,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: unknown,
  request?: Request,
): Response {
  if (wantsJson(path)) {
    return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status });
  }
  // A person reads this one: a localized page rather than the error's developer message.
  return errorPageResponse(status, request);
}

export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', baselineHeaders());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });

  app.get('/healthz', () => healthy());
  app.route('/', favicon());
  app.route('/api/v1', adminApi());
  app.route('/admin', adminUi());
  app.route('/api/v2', apiV2());
  app.route('/hooks', relayHooks());
  app.route('/', feeds());
  app.route('/', badge());
  app.route('/', subscriptions());
  app.route('/', publicRoutes());

  app.notFound((c) => errorResponse(c.req.path, 404, 'not_found', `Nothing at ${c.req.path}`, undefined, c.req.raw));

  app.onError((error, c) => {
    if (error instanceof AppError) {
      const response = errorResponse(c.req.path, ERROR_STATUS[error.code], error.code, error.message, error.details, c.req.raw);
      for (const [name, value] of Object.entries(error.headers ?? {})) response.headers.set(name, value);
      return response;
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return errorResponse(
        c.req.path,
        status,
        status === 413 ? 'payload_too_large' : 'bad_request',
        error.message || 'Bad request',
        undefined,
        c.req.raw,
      );
    }
    console.error('unhandled error', c.req.method, c.req.path, error);
    return errorResponse(c.req.path, 500, 'internal', 'Something went wrong on our side; it has been logged.', undefined, c.req.raw);
  });

  return app;
}
