// The relays' webhook (POST /hooks/relay/<relay>) under random requests: events of each relay with
// fields dropped, changed or added, signed names genuine, forged or missing, credentials right and
// wrong, bodies that are not JSON. Never a 5xx; a 200 accounts for every event; nothing changes
// without the secret, and nothing but what a genuine signed name names.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deliveryTagFor } from '../../src/domain/return-path';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { mailgunSignature } from '../support/mailgun';
import { prng, type Rng, randomJson } from '../support/random';

const REQUESTS = 2_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const SECRET = 'relay-webhook-secret-0123456789abcdef';

const EVENTS = {
  brevo: ['hard_bounce', 'soft_bounce', 'blocked', 'invalid_email', 'error', 'spam', 'unsubscribed', 'delivered', 'request', 'opened'],
  mailjet: ['bounce', 'blocked', 'spam', 'unsub', 'sent', 'open', 'click'],
  postmark: ['HardBounce', 'SoftBounce', 'Transient', 'BadEmailAddress', 'SpamComplaint', 'Unsubscribe', 'AutoResponder', 'DnsError'],
  sendgrid: ['bounce', 'dropped', 'deferred', 'delivered', 'spamreport', 'unsubscribe', 'group_unsubscribe', 'open'],
  mailgun: ['failed', 'delivered', 'complained', 'unsubscribed', 'opened', 'accepted'],
} as const;
type Relay = keyof typeof EVENTS;
/** Mailjet's error table, as pairs it sends. */
const MAILJET_ERRORS = [
  ['recipient', 'user unknown'],
  ['recipient', 'mailbox inactive'],
  ['recipient', 'quota exceeded'],
  ['domain', 'invalid domain'],
  ['domain', 'no mail host'],
  ['domain', 'greylisted'],
  ['spam', 'content blocked'],
  ['system', 'connection issue'],
  ['mailjet', 'preblocked'],
  ['mailjet', 'duplicate in campaign'],
].map(([related, error]) => ({ error_related_to: related, error }));

/** One event as `relay` writes it, naming delivery `tag`'s e-mail (or nobody's). */
function event(rng: Rng, relay: Relay, tag: string | undefined): Record<string, unknown> {
  const name = rng.chance(0.9) ? rng.pick(EVENTS[relay]) : randomJson(rng);
  const words = rng.pick(['smtp; 550 5.1.1 User unknown', '550 5.7.1 spam', '452 4.2.2 full', 'user unknown', '', randomJson(rng)]);
  const email = rng.pick(['anne@example.com', 'nobody@example.net', randomJson(rng)]);
  switch (relay) {
    case 'brevo':
      return { event: name, email, 'X-Mailin-custom': tag, reason: words, ts_epoch: 1795244405123 };
    case 'mailjet':
      return {
        event: name,
        email,
        CustomID: tag,
        hard_bounce: rng.chance(0.5),
        ...(rng.chance(0.9)
          ? rng.pick(MAILJET_ERRORS)
          : { error_related_to: randomJson(rng), error: rng.pick(['user unknown', 'preblocked', randomJson(rng)]) }),
        comment: words,
      };
    case 'postmark':
      return {
        RecordType: rng.pick(['Bounce', 'SpamComplaint', 'Delivery', randomJson(rng)]),
        Type: name,
        Email: email,
        Details: words,
        Metadata: rng.chance(0.8) ? { forewarn: tag } : randomJson(rng),
      };
    case 'sendgrid':
      return {
        event: name,
        email,
        forewarn: tag,
        type: rng.pick(['bounce', 'blocked', randomJson(rng)]),
        status: rng.pick(['5.1.1', '5.7.1', '4.2.2', '', randomJson(rng)]),
        reason: rng.pick(['Bounced Address', 'Invalid', 'Unsubscribed Address', 'Spam Reporting Address', words]),
      };
    case 'mailgun':
      return {
        signature: { timestamp: '1795244405', token: 'a8ce0edb2dd8301dee6c24', signature: rng.pick(['00', randomJson(rng)]) },
        'event-data': {
          event: name,
          recipient: email,
          severity: rng.pick(['permanent', 'temporary', randomJson(rng)]),
          reason: rng.pick(['bounce', 'suppress-bounce', 'suppress-unsubscribe', 'suppress-complaint', 'generic', randomJson(rng)]),
          'delivery-status': rng.chance(0.8) ? { code: rng.pick([550, 451, '550', randomJson(rng)]), message: words } : randomJson(rng),
          'user-variables': rng.chance(0.8) ? { forewarn: tag } : randomJson(rng),
        },
      };
  }
}

function mutate(rng: Rng, body: Record<string, unknown>): unknown {
  const keys = Object.keys(body);
  switch (rng.int(6)) {
    case 0:
      delete body[rng.pick(keys)];
      return body;
    case 1:
      body[rng.pick(keys)] = randomJson(rng);
      return body;
    case 2:
      return randomJson(rng);
    default:
      return body;
  }
}

describe('the relays’ webhook under random requests', () => {
  it(`${REQUESTS} requests: never a 5xx, every event accounted for, nothing changed without the secret (seed ${SEED})`, {
    timeout: 600_000,
  }, async () => {
    const h = harness('2026-12-05T07:00:00.000Z', {
      vars: { RELAY_EVENTS: 'brevo,mailjet,postmark,sendgrid,mailgun', RELAY_WEBHOOK_SECRET: SECRET },
    });
    const catalogue = await makeCatalogue(h);
    const emails = Array.from({ length: 20 }, (_, i) => ({ email: `reader${i}@example.com` }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: emails }));
    ok(
      await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [catalogue.api.id]: 'major_outage' } }),
    );
    await h.drainQueue();
    const ids = (await rows<{ id: string }>("SELECT id FROM deliveries WHERE purpose = 'notice' AND status = 'sent'")).map((r) => r.id);
    expect(ids).toHaveLength(20);
    const tags = await Promise.all(ids.map((id) => deliveryTagFor(env.SIGNING_SECRET!, id)));
    const forged = (tag: string) => `${tag.split('.')[0]}.${'a'.repeat(16)}`;
    const marks = async () =>
      (
        await rows<{ marks: string }>(
          `SELECT (SELECT count(*) FROM deliveries WHERE status = 'failed') || '/' ||
                  (SELECT count(*) FROM subscribers WHERE bounced_at IS NOT NULL OR unsubscribed_at IS NOT NULL) || '/' ||
                  (SELECT count(*) FROM audit_log) AS marks`,
        )
      )[0]!.marks;

    const initially = await marks();
    let heardBySignature = 0;
    const rng = prng(SEED);
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS && failures.length < 5; i++) {
      h.clock.advance(1000);
      const relay = rng.pick(['brevo', 'mailjet', 'postmark', 'sendgrid', 'mailgun'] as const);
      const path = rng.chance(0.95) ? relay : rng.pick(['sparkpost', 'BREVO', '', '..%2Fadmin', randomJson(rng)]);
      const tag = rng.pick([rng.pick(tags), forged(rng.pick(tags)), undefined, 'order-48213', `${rng.pick(ids)}.`]);
      const events = Array.from({ length: rng.chance(0.3) ? rng.int(5) : 1 }, () => mutate(rng, event(rng, relay, tag)));
      const json = events.length === 1 && rng.chance(0.7) ? events[0] : events;
      // Mailgun's own way half the time: no credentials, its signature in the body (fresh, stale,
      // or another key's), from this clock.
      const mailgunSigned = relay === 'mailgun' && !Array.isArray(json) && json !== null && typeof json === 'object' && rng.chance(0.5);
      if (mailgunSigned) {
        const when = Math.floor(h.clock.now().getTime() / 1000) - rng.pick([0, 60, 3 * 86_400]);
        (json as Record<string, unknown>).signature = await mailgunSignature(
          rng.chance(0.8) ? SECRET : `${SECRET}x`,
          String(when),
          `t${i}x${rng.int(3)}`,
        );
      }
      const authorized = !mailgunSigned && rng.chance(0.8);
      const authorization = authorized
        ? rng.pick([`Basic ${btoa(`forewarn:${SECRET}`)}`, `Bearer ${SECRET}`, `basic ${btoa(`:${SECRET}`)}`])
        : rng.pick([
            undefined,
            `Basic ${btoa(`forewarn:${SECRET}x`)}`,
            'Basic !!!',
            `Bearer ${SECRET.slice(1)}`,
            `Digest ${SECRET}`,
            btoa(SECRET),
          ]);
      const body = rng.chance(0.05) ? rng.pick(['{"event":', '', 'event=spam', '\u0000\ud800']) : JSON.stringify(json);
      const type = rng.chance(0.95) ? 'application/json' : rng.pick(['text/plain', 'application/x-www-form-urlencoded', '']);

      const before = await marks();
      const response = await h.fetch(`/hooks/relay/${encodeURIComponent(String(path)).replace(/%2F/gi, '/')}`, {
        method: 'POST',
        headers: { ...(authorization ? { authorization } : {}), ...(type ? { 'content-type': type } : {}) },
        body,
      });
      const what = `#${i} ${relay} ${String(path).slice(0, 20)} ${response.status} ${body.slice(0, 120)}`;
      const text = await response.text();
      if (response.status >= 500) failures.push(`${what}: ${text.slice(0, 200)}`);
      else if (response.status === 200) {
        const report = JSON.parse(text);
        if (report.events !== report.failed + report.unsubscribed + report.ignored + report.unknown) failures.push(`${what}: ${text}`);
        if (!authorized && !mailgunSigned) failures.push(`${what}: heard without the secret`);
        if (mailgunSigned) heardBySignature++;
      } else {
        if (!JSON.parse(text).error?.code) failures.push(`${what}: not the error shape: ${text.slice(0, 200)}`);
        if ((await marks()) !== before) failures.push(`${what}: a refused request changed ${before} to ${await marks()}`);
      }
      if (tag === undefined || !tags.includes(tag)) {
        if ((await marks()) !== before) failures.push(`${what}: an event naming no delivery of ours changed ${before} to ${await marks()}`);
      }
    }
    expect(failures).toEqual([]);
    expect(heardBySignature).toBeGreaterThan(0);
    // Each bounce marked is audited once, however often the relays told of it.
    const [audited] = await rows<{ bounces: number; bounced: number }>(
      `SELECT (SELECT count(*) FROM audit_log WHERE action = 'subscriber.bounce') AS bounces,
              (SELECT count(*) FROM subscribers WHERE bounced_at IS NOT NULL) AS bounced`,
    );
    expect(audited!.bounces).toBe(audited!.bounced);
    // The run did reach what it guards: deliveries failed, addresses bounced or unsubscribed.
    const [failed, marked] = (await marks()).split('/').map(Number);
    const [failedBefore, markedBefore] = initially.split('/').map(Number);
    expect(failed).toBeGreaterThan(failedBefore!);
    expect(marked).toBeGreaterThan(markedBefore!);
  });
});
