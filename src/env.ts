// Configuration, checked once per isolate, and the per-call context services take. What the worker
// is given (bindings, clock, ids) is in bindings.ts, which a new isolate evaluates before its first
// request; this module (zod) is evaluated when something first needs the configuration.
import { z } from 'zod';
import type { Bindings, Deps } from './bindings';
import { publicUrlOf } from './bindings';
import { RELAYS } from './domain/relay-events';
import { bounceAddressProblem } from './domain/return-path';
import { LEASE_MS } from './domain/subscribers';

export type { Bindings, Clock, Deps } from './bindings';
export { KV_WRITE_GAP_MS, randomId } from './bindings';

const ConfigSchema = z
  .object({
    PUBLIC_URL: z.url(),
    MAIL_FROM: z.string().min(3),
    UNSUBSCRIBE_MAILTO: z.string().min(3),
    /**
     * The mailbox that takes bounces reported later (Email Routing to this worker, with
     * subaddressing on): with an SMTP relay, each delivery's envelope sender is this address with
     * the delivery in its detail (domain/return-path.ts). Unset: the envelope sender is MAIL_FROM's
     * address and such reports go wherever that mailbox goes.
     */
    BOUNCE_ADDRESS: z
      .string()
      .trim()
      .toLowerCase()
      .superRefine((address, check) => {
        const problem = bounceAddressProblem(address);
        if (problem) check.addIssue({ code: 'custom', message: `BOUNCE_ADDRESS ${problem}` });
      })
      .optional(),
    /**
     * Relays that report bounces and complaints by webhook (comma-separated: brevo, mailjet,
     * postmark, sendgrid, mailgun; two while moving from one to another). Each e-mail sent through SMTP carries its
     * delivery's signed name in the header each listed relay hands back, and POST
     * /hooks/relay/<relay> takes that relay's events (services/relay-events.ts).
     */
    RELAY_EVENTS: z
      .string()
      .transform((list) => [...new Set(list.split(',').map((name) => name.trim().toLowerCase()))].filter(Boolean))
      .pipe(z.array(z.enum(RELAYS, { message: `RELAY_EVENTS lists relays among ${RELAYS.join(', ')}` })))
      .optional(),
    /**
     * What the relays' webhooks must present to be heard: the HTTP Basic password, or a bearer
     * token; for Mailgun, which signs its events instead, its webhook signing key.
     */
    RELAY_WEBHOOK_SECRET: z.string().min(24, 'RELAY_WEBHOOK_SECRET must be at least 24 characters').optional(),
    ADMIN_TOKEN: z.string().min(24, 'ADMIN_TOKEN must be at least 24 characters').optional(),
    SIGNING_SECRET: z.string().min(24, 'SIGNING_SECRET must be at least 24 characters').optional(),
    SMTP_URL: z.string().optional(),
    /**
     * How e-mail leaves: `smtp` (SMTP_URL) or `email-service` (the EMAIL send_email binding).
     * Unset: SMTP when SMTP_URL is set, else the Email Service when EMAIL is bound.
     */
    MAIL_TRANSPORT: z.enum(['smtp', 'email-service']).optional(),
    /**
     * E-mails per second, across every consumer invocation at once. The default stays under the
     * common relays' starting quotas (Amazon SES: 14/s); raise it to what the relay allows.
     */
    MAIL_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(10),
    DKIM_PRIVATE_KEY: z.string().optional(),
    DKIM_SELECTOR: z.string().optional(),
    /**
     * How long the queue consumer's claim on a delivery holds (default LEASE_MS, 300 s): after a crash, the
     * cron re-sends what a dead consumer held once it runs out. Longer than one send can take.
     */
    DELIVERY_LEASE_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(3600)
      .default(LEASE_MS / 1000),
    /**
     * D1 statements one queue consumer invocation may make: Cloudflare's D1 limits give 1,000 per
     * Worker invocation on Workers Paid and 50 on Free (its Workers limits page now gives Paid
     * 10,000 subrequests). Past the limit every D1 call fails, so the consumer starts no send
     * without room for it and sends the rest back to the queue.
     */
    D1_QUERIES_PER_INVOCATION: z.coerce.number().int().min(50).max(100_000).default(1000),
    /** Delivery rows older than this are pruned by the cron (their counts per notice are kept). */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    ALLOW_LOOPBACK_TARGETS: z
      .enum(['0', '1', 'true', 'false'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
  })
  .refine((c) => !c.RELAY_EVENTS?.length || c.RELAY_WEBHOOK_SECRET !== undefined, {
    message: "RELAY_EVENTS needs RELAY_WEBHOOK_SECRET: the relays' webhooks are heard only with it",
    path: ['RELAY_WEBHOOK_SECRET'],
  })
  .refine((c) => c.BOUNCE_ADDRESS === undefined || c.BOUNCE_ADDRESS !== c.UNSUBSCRIBE_MAILTO.trim().toLowerCase(), {
    message: 'BOUNCE_ADDRESS must differ from UNSUBSCRIBE_MAILTO: mail to each is read differently',
    path: ['BOUNCE_ADDRESS'],
  });
export type Config = z.infer<typeof ConfigSchema>;

const checked = new WeakMap<object, Config>();

/** The configuration from `env`, validated on first use; a bad deployment fails loudly, once. */
export function readConfig(env: Bindings): Config {
  let config = checked.get(env);
  if (!config) {
    const parsed = ConfigSchema.safeParse(env);
    if (!parsed.success) throw new Error(`Forewarn is misconfigured: ${z.prettifyError(parsed.error)}`);
    config = { ...parsed.data, PUBLIC_URL: publicUrlOf(env.PUBLIC_URL) };
    checked.set(env, config);
  }
  return config;
}

/** Who acts: `token:<id>`, `admin-token`, `scheduler`, `subscriber`, `public`. */
export type Actor = string;

/** Everything a service needs, passed explicitly so tests control time and ids. */
export interface Ctx {
  db: D1Database;
  env: Bindings;
  config: Config;
  /** Fixed for the whole call, so one write stamps one time. */
  now: Date;
  newId: () => string;
  actor: Actor;
  /** Real milliseconds between two puts of the snapshot's KV key (Deps.snapshotWriteGapMs). */
  snapshotWriteGapMs: number;
  /**
   * Work that may finish after the response (a request's waitUntil). Without it (cron, queue),
   * callers wait for the work.
   */
  defer?: (work: Promise<unknown>) => void;
}

export function createCtx(env: Bindings, deps: Deps, actor: Actor, defer?: Ctx['defer']): Ctx {
  return {
    db: env.DB,
    env,
    config: readConfig(env),
    now: deps.clock.now(),
    newId: deps.newId,
    actor,
    snapshotWriteGapMs: deps.snapshotWriteGapMs,
    ...(defer ? { defer } : {}),
  };
}
