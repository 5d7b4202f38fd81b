// /admin: the operators' web UI. Server-rendered pages over the same services, schemas and audit
// trail as the admin JSON API; every page works without JavaScript.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../domain/errors';
import { ADMIN_CSS } from '../../views/admin/admin-css';
import { ADMIN_JS } from '../../views/admin/admin-js';
import { editHeaders } from '../security-headers';
import type { AdminEnv } from './admin-env';
import { auditPages } from './audit';
import { registerSignIn, sessionMiddleware } from './auth';
import { backfillPages } from './backfill';
import { componentPages } from './components';
import { draftPages } from './drafts';
import { incidentPages } from './incidents';
import { maintenancePages } from './maintenances';
import { noticePages } from './notices';
import { settingsPages } from './settings';
import { subscriberPages } from './subscribers';
import { tokenPages } from './tokens';
import { webhookPages } from './webhooks';

/** Big enough for a subscriber CSV of some tens of thousands of lines. */
const MAX_FORM_BYTES = 4 * 1024 * 1024;

/**
 * Admin pages may load only their own stylesheet and script, post only to themselves and never
 * be framed elsewhere. A route that sets its own policy (an e-mail preview) keeps it.
 */
const ADMIN_CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function adminUi(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.use('*', async (c, next) => {
    await next();
    editHeaders(c, (headers) => {
      if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
      if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', ADMIN_CSP);
      if (!headers.has('X-Frame-Options')) headers.set('X-Frame-Options', 'DENY');
      headers.set('X-Content-Type-Options', 'nosniff');
      headers.set('Referrer-Policy', 'same-origin');
    });
  });

  // Versioned URLs (views/admin/assets.ts): a new build is a new URL.
  const cached = 'public, max-age=86400';
  app.get('/assets/admin.css', (c) => c.body(ADMIN_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': cached }));
  app.get('/assets/admin.js', (c) => c.body(ADMIN_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': cached }));

  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `a form may carry at most ${MAX_FORM_BYTES / 1024 / 1024} MB`);
      },
    }),
  );
  app.use('*', sessionMiddleware());
  registerSignIn(app);
  app.get('/', (c) => c.redirect('/admin/maintenances', 303));
  app.route('/', componentPages());
  app.route('/', incidentPages());
  app.route('/', maintenancePages());
  app.route('/', subscriberPages());
  app.route('/', noticePages());
  app.route('/', auditPages());
  app.route('/', draftPages());
  app.route('/', tokenPages());
  app.route('/', settingsPages());
  app.route('/', backfillPages());
  app.route('/', webhookPages());

  return app;
}
