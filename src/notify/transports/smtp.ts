// SMTP through nodemailer's client, over connections opened by hostname from the Worker
// (smtp-socket.ts): smtps:// is TLS from the first byte, smtp:// upgrades with STARTTLS, which a
// relay off this machine must offer. Plain SMTP only ever reaches loopback.
import { EventEmitter } from 'node:events';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { isGoneAddress } from '../../domain/bounces';
import { isPermanentSmtpFailure, isThrottleReply } from '../../domain/subscribers';
import type { BuiltMessage } from '../compose';
import { SendError } from './send-error';
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

/**
 * The recipient's server refused the address itself at RCPT TO (domain/bounces.ts isGoneAddress:
 * 5.1.x or 5.2.1, never about the sender). Not any refusal of the message at DATA, which another
 * address would meet too, nor a bare 550 without an enhanced code. Postfix refuses an unlisted
 * sender at RCPT TO by default (smtpd_delay_reject), which is why the rule excludes the sender's codes.
 */
function isUnknownMailbox(e: { command?: string; response?: string }): boolean {
  const reply = e.response ?? '';
  const status = /^5\d\d[ -](5\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1];
  return e.command === 'RCPT TO' && status !== undefined && isGoneAddress(status, reply);
}

/** nodemailer's (or the socket's) error as a SendError. */
export function smtpFailure(error: unknown): SendError {
  const e = error as { responseCode?: number; code?: string; message?: string; response?: string; command?: string };
  const reason = [e.responseCode, e.code, e.message ?? String(error)].filter(Boolean).join(' ').slice(0, 500);
  const reply = e.responseCode;
  if (isThrottleReply(reply)) return new SendError('throttled', reason);
  // A refused login is the relay's answer to every message, not to this one.
  if (e.code === 'EAUTH') return new SendError('unavailable', reason);
  if (isPermanentSmtpFailure(reply)) return new SendError('rejected', reason, undefined, isUnknownMailbox(e));
  if (reply === undefined && e.code && CONNECTION_CODES.has(e.code)) return new SendError('unavailable', reason);
  return new SendError('temporary', reason);
}

/**
 * The invocation's SMTP sessions: nodemailer's SMTPConnection (the protocol: EHLO, AUTH,
 * pipelining, dot-stuffing, replies) over sockets from openSmtpConnection, at most
 * SMTP_CONNECTIONS, each reused for message after message. Our own pool rather than nodemailer's,
 * so that a send is paced at the moment its transaction starts on an open session, not before a
 * connection that still has to be opened.
 */
class SmtpSessions {
  private readonly idle: SMTPConnection[] = [];
  private open = 0;
  private readonly waiting: { resolve: (session: SMTPConnection) => void; reject: (error: unknown) => void }[] = [];
  private closed = false;

  constructor(private readonly settings: SmtpSettings) {}

  /** An open session of ours alone, opening one if fewer than SMTP_CONNECTIONS are. */
  acquire(): Promise<SMTPConnection> {
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.open < SMTP_CONNECTIONS) return this.start();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Hands a session back: to the next sender, or to the idle ones; a broken one is closed. */
  release(session: SMTPConnection, healthy: boolean): void {
    if (!healthy || this.closed) {
      this.drop(session);
      this.openForNext();
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(session);
    else this.idle.push(session);
  }

  /** Opens sessions up to `count` (SMTP_CONNECTIONS at most) ahead of the first sends. */
  warm(count: number): void {
    while (!this.closed && this.open < Math.min(count, SMTP_CONNECTIONS)) {
      this.start().then(
        (session) => this.release(session, true),
        // A sender waiting for this session opens its own, and meets (and reports) the failure.
        () => this.openForNext(),
      );
    }
  }

  close(): void {
    this.closed = true;
    for (const session of this.idle.splice(0)) session.quit();
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('the SMTP sessions were closed'));
  }

  private async start(): Promise<SMTPConnection> {
    this.open++;
    try {
      const { target, auth } = this.settings;
      const opened = await openSmtpConnection(target);
      const session = new SMTPConnection({
        host: target.hostname,
        port: target.port,
        name: target.clientName,
        secure: opened.secure,
        secured: opened.secured,
        connection: opened.connection as unknown as SMTPConnection.Options['connection'],
        // The socket comes secured (or, on loopback without STARTTLS, plain) from openSmtpConnection.
        ignoreTLS: true,
        connectionTimeout: CONNECT_TIMEOUT_MS,
        greetingTimeout: CONNECT_TIMEOUT_MS,
        socketTimeout: 60_000,
        logger: false,
      });
      await new Promise<void>((resolve, reject) => {
        session.once('error', reject);
        session.connect(() => {
          session.removeListener('error', reject);
          resolve();
        });
      });
      // A session that breaks while idle (the server hung up) is dropped; one in use fails its send.
      session.on('error', () => this.forget(session));
      session.once('end', () => this.forget(session));
      if (auth) await new Promise<void>((resolve, reject) => session.login(auth, (error) => (error ? reject(error) : resolve())));
      return session;
    } catch (error) {
      this.open--;
      throw error;
    }
  }

  /** The next waiting sender gets a session of its own, opened now: the one it waited for is gone. */
  private openForNext(): void {
    const next = this.waiting.shift();
    if (next && !this.closed) this.start().then(next.resolve, next.reject);
  }

  private forget(session: SMTPConnection): void {
    const i = this.idle.indexOf(session);
    if (i >= 0) {
      this.idle.splice(i, 1);
      this.open--;
    }
  }

  private drop(session: SMTPConnection): void {
    this.open--;
    session.close();
  }
}

type Transaction = { ok: true; accepted: string[]; healthy: true } | { ok: false; error: unknown; healthy: boolean };

/** One message over an acquired session; a refused envelope leaves the session usable after RSET. */
function transact(session: SMTPConnection, message: BuiltMessage): Promise<Transaction> {
  return new Promise((resolve) => {
    // A fresh envelope each time: nodemailer keeps the transaction's state (its errors) on it.
    const envelope = { from: message.envelope.from, to: [...message.envelope.to] };
    session.send(envelope, message.raw, (error, info) => {
      if (!error) return resolve({ ok: true, accepted: (info.accepted ?? []).map(String), healthy: true });
      const refusedOnly = (error.code === 'EENVELOPE' || error.code === 'EMESSAGE') && error.responseCode !== 421;
      if (!refusedOnly) return resolve({ ok: false, error, healthy: false });
      session.reset((resetError) => resolve({ ok: false, error, healthy: !resetError }));
    });
  });
}

export function smtpTransport(settings: SmtpSettings): MailTransport {
  const sessions = new SmtpSessions(settings);
  return {
    kind: 'smtp',
    concurrency: SMTP_CONNECTIONS,
    async send(message: BuiltMessage, beforeStart: () => Promise<void>) {
      let session: SMTPConnection;
      try {
        session = await sessions.acquire();
      } catch (error) {
        // Opening a session is about the relay, not this message: a refusal then (a 5xx greeting,
        // EHLO or login) makes the relay unusable for every message, so the batch waits for it
        // instead of failing each delivery in turn. "Slow down" stays a throttle.
        const failure = smtpFailure(error);
        throw failure.kind === 'throttled' ? failure : new SendError('unavailable', failure.reason);
      }
      let healthy = true;
      try {
        // Paced here: the session is open, so the transaction starts on the wire at the slot.
        await beforeStart();
        const outcome = await transact(session, message);
        healthy = outcome.healthy;
        if (!outcome.ok) throw smtpFailure(outcome.error);
        return { accepted: outcome.accepted };
      } finally {
        sessions.release(session, healthy);
      }
    },
    warm: (count) => sessions.warm(count),
    close: () => sessions.close(),
  };
}
