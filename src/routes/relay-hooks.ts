// POST /hooks/relay/<relay>: a relay that reports bounces and complaints by webhook (Brevo, Mailjet,
// Postmark, SendGrid, Mailgun; RELAY_EVENTS) posts its events here, with RELAY_WEBHOOK_SECRET in the URL's
// credentials. Answered 200 with what came of them once read, whatever they were about: a relay
// posts again whatever it was not answered 2xx (Mailjet for a day), and an event about someone
// else's e-mail will not become ours by being posted again.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { AppError, Unauthorized } from '../domain/errors';
import { RELAYS, type RelayPayload } from '../domain/relay-events';
import { createCtx } from '../env';
import { mailgunSigned, receiveRelayEvents, relayAuthorized } from '../services/relay-events';
import { readJson } from './http';

/**
 * How large a body may be: Mailjet's grouped events are every event of the last second (sent and
 * opened too, of all the account's mail), about 300 bytes each.
 */
const MAX_EVENTS_BYTES = 1024 * 1024;

/** An event as a relay writes it: a JSON object. Mailgun posts one a request, its signature in it. */
const RelayEventBody = z.record(z.string(), z.unknown());
const MAX_MAILGUN_BYTES = 64 * 1024;

/** One event, or an array of them (Brevo's "batched", Mailjet's grouped events). */
const RelayBody = z.union([z.array(RelayEventBody).max(10_000), RelayEventBody]).transform((body) => (Array.isArray(body) ? body : [body]));

export function relayHooks(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/relay/:relay', async (c) => {
    const ctx = createCtx(c.env, c.get('deps'), 'notifier');
    const config = ctx.config;
    const notHere = () => new AppError('not_found', `No relay reports here: RELAY_EVENTS does not list "${c.req.param('relay')}"`);
    if (!config.RELAY_WEBHOOK_SECRET) throw notHere();
    const refused = () =>
      new Unauthorized(
        "Give RELAY_WEBHOOK_SECRET as the password of the webhook URL's credentials, or as a bearer token (Mailgun: as its webhook signing key)",
        'Basic realm="relay events"',
      );
    // The secret first: which relays are heard is nobody else's business. Mailgun signs the body
    // instead, with its webhook signing key (RELAY_WEBHOOK_SECRET is that key).
    let payloads: RelayPayload[];
    if (await relayAuthorized(config.RELAY_WEBHOOK_SECRET, c.req.header('authorization'))) {
      payloads = await readJson(c, RelayBody, MAX_EVENTS_BYTES);
    } else {
      if (c.req.param('relay') !== 'mailgun') throw refused();
      // Read no further than one event, and say nothing of it but "refused" until it is signed.
      const body = await readJson(c, RelayEventBody, MAX_MAILGUN_BYTES).catch(() => null);
      if (!body || !(await mailgunSigned(ctx, config.RELAY_WEBHOOK_SECRET, body))) throw refused();
      payloads = [body];
    }
    const relay = RELAYS.find((r) => r === c.req.param('relay'));
    if (!relay || !config.RELAY_EVENTS?.includes(relay)) throw notHere();
    const report = await receiveRelayEvents({ ctx, relay, payloads });
    // Counts only (the events name addresses), and only when something was marked or not ours.
    if (report.failed + report.unsubscribed + report.unknown > 0) console.log('relay events', relay, JSON.stringify(report));
    c.header('Cache-Control', 'no-store');
    return c.json(report);
  });
  return app;
}
