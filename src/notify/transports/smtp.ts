// SMTP through nodemailer's client, over connections opened by hostname from the Worker
// (smtp-socket.ts): smtps:// is TLS from the first byte, smtp:// upgrades with STARTTLS, which a
// relay off this machine must offer. Plain SMTP only ever reaches loopback.
import { EventEmitter } from 'node:events';
import type { Transporter } from 'nodemailer';
import nodemailer from 'nodemailer';
import type { BuiltMessage } from '../compose';
import { SendError, THROTTLE_REPLY_CODES } from './send-error';
import { openSmtpConnection, type SmtpTarget } from './smtp-socket';
import type { MailTransport } from './transport';

// nodemailer adds a listener per socket event; workerd's default ceiling of 10 makes each send
// report a spurious uncaught TypeError.
EventEmitter.defaultMaxListeners = 50;

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/** Connections one queue invocation opens at most: with the D1 calls beside them, within Workers' six. */
export const SMTP_CONNECTIONS = 3;

const CONNECT_TIMEOUT_MS = 15_000;

export interface SmtpSettings {
  target: SmtpTarget;
  auth: { user: string; pass: string } | null;
}

/** Reads SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`); throws a readable error. */
export function smtpSettings(smtpUrl: string, clientName: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('SMTP_URL is not a URL (smtp://user:pass@host:587 or smtps://user:pass@host:465)');
  }
  const implicit = url.protocol === 'smtps:';
  if (!implicit && url.protocol !== 'smtp:') throw new Error(`SMTP_URL must be smtp:// or smtps://, not ${url.protocol}`);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostname) throw new Error('SMTP_URL has no host');
  const loopback = LOOPBACK.test(hostname);
  return {
    target: {
      hostname,
      port: Number(url.port) || (implicit ? 465 : 587),
      security: implicit ? 'tls' : loopback ? 'starttls-if-offered' : 'starttls',
      clientName,
      timeoutMs: CONNECT_TIMEOUT_MS,
    },
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : null,
  };
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED', 'EGREETING', 'ETLS', 'EAUTH']);

/** nodemailer's (or the socket's) error as a SendError. */
export function smtpFailure(error: unknown): SendError {
  const e = error as { responseCode?: number; code?: string; message?: string; response?: string };
  const reason = [e.responseCode, e.code, e.message ?? String(error)].filter(Boolean).join(' ').slice(0, 500);
  const reply = e.responseCode;
  if (reply !== undefined && THROTTLE_REPLY_CODES.has(reply)) return new SendError('throttled', reason);
  // A refused login is the relay's answer to every message, not to this one.
  if (e.code === 'EAUTH') return new SendError('unavailable', reason);
  if (reply !== undefined && reply >= 500 && reply < 600) return new SendError('rejected', reason);
  if (reply === undefined && e.code && CONNECTION_CODES.has(e.code)) return new SendError('unavailable', reason);
  return new SendError('temporary', reason);
}

/**
 * A pool of connections per queue invocation: sockets belong to the invocation that opened them,
 * so a transport is never kept across invocations.
 */
export function smtpTransport(settings: SmtpSettings): MailTransport {
  const { target } = settings;
  const transporter: Transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
    host: target.hostname,
    port: target.port,
    name: target.clientName,
    // The socket comes secured (or, on loopback without STARTTLS, plain) from openSmtpConnection.
    ignoreTLS: true,
    ...(settings.auth ? { auth: settings.auth } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: 60_000,
    getSocket: (_options: unknown, callback: (error: Error | null, socket?: unknown) => void) => {
      openSmtpConnection(target).then(
        (opened) => callback(null, opened),
        (error: Error) => callback(error),
      );
    },
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    kind: 'smtp',
    concurrency: SMTP_CONNECTIONS,
    async send(message: BuiltMessage) {
      try {
        const info = await transporter.sendMail({ envelope: message.envelope, raw: message.raw, messageId: message.messageId });
        return { accepted: (info.accepted ?? []).map(String) };
      } catch (error) {
        throw smtpFailure(error);
      }
    },
    close: () => transporter.close(),
  };
}
