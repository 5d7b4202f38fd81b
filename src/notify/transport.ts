// nodemailer's SMTP transport from SMTP_URL (smtp://user:pass@host:587, smtps://… for TLS on
// connect), signing with DKIM when a key is configured.
import { EventEmitter } from 'node:events';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import type { Config } from '../env';
import { type BuiltMessage, mailDomain } from './compose';

// nodemailer adds a listener per socket event; workerd's default ceiling of 10 makes each send
// report a spurious uncaught TypeError.
EventEmitter.defaultMaxListeners = 50;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface MailTransport {
  /** Sends a message built by buildForSending: the connection is held for the SMTP exchange only. */
  send(message: BuiltMessage): Promise<{ accepted: string[] }>;
  close(): void;
}

/**
 * SMTP connections one queue invocation opens at most. Workers allow six simultaneous outbound
 * connections per invocation; four leave room for the rest. Each is reused for every message
 * of the batch.
 */
export const SMTP_CONNECTIONS = 4;

/**
 * A pool of connections per queue invocation: sockets belong to the request that opened them in
 * Workers, so a transport is never kept across invocations.
 */
export function openTransport(config: Config): MailTransport {
  if (!config.SMTP_URL) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
  const url = new URL(config.SMTP_URL);
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:') throw new Error(`SMTP_URL must be smtp:// or smtps://, not ${url.protocol}`);
  const loopback = LOOPBACK.has(url.hostname);
  const transporter: Transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    // A local catcher speaks plain SMTP; anywhere else STARTTLS is required, not merely tried.
    ignoreTLS: loopback && !secure,
    requireTLS: !loopback && !secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(config.DKIM_PRIVATE_KEY
      ? {
          dkim: {
            domainName: mailDomain(config.MAIL_FROM),
            keySelector: config.DKIM_SELECTOR ?? 'forewarn',
            privateKey: config.DKIM_PRIVATE_KEY,
          },
        }
      : {}),
  });
  return {
    send: async (message) => {
      const info = await transporter.sendMail({ envelope: message.envelope, raw: message.raw, messageId: message.messageId });
      return { accepted: (info.accepted ?? []).map(String) };
    },
    close: () => transporter.close(),
  };
}
