// Opens the connection nodemailer's SMTP client then drives (its `getSocket` hook): by hostname,
// TLS verified by workerd against that hostname, STARTTLS done here (RFC 3207) with workerd's
// startTls() and no options. nodemailer gets a socket that is already secure, and the server's
// greeting to read as if it had just arrived; it then says EHLO over TLS, as RFC 3207 asks.
import { ConnectionError, type Endpoint, openSocket, WorkerSocket } from './worker-socket';

/**
 * `tls`: TLS from the first byte (smtps://, port 465). `starttls`: plain, then STARTTLS, which the
 * server must offer. `starttls-if-offered`: loopback only, where no one sits on the wire: STARTTLS
 * when offered, else plain (a local mail catcher).
 */
export type SmtpSecurity = 'tls' | 'starttls' | 'starttls-if-offered';

export interface SmtpTarget extends Endpoint {
  security: SmtpSecurity;
  /** The name this client gives in EHLO. */
  clientName: string;
  timeoutMs: number;
}

/** What nodemailer's getSocket callback takes: the socket, and whether it is secure already. */
export interface OpenedConnection {
  connection: WorkerSocket;
  secure: boolean;
  secured: boolean;
}

/** An SMTP reply that refused the session: carries the code, like nodemailer's errors. */
export class SmtpReplyError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
    readonly response: string,
    readonly code = 'EPROTOCOL',
  ) {
    super(message);
    this.name = 'SmtpReplyError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads whole SMTP replies (multi-line `250-…` up to `250 …`) off a plain socket. */
class ReplyReader {
  private buffered = '';
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async reply(): Promise<{ code: number; text: string; raw: string }> {
    for (;;) {
      const end = this.completeReplyEnd();
      if (end >= 0) {
        const raw = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end);
        return { code: Number(raw.slice(0, 3)), text: raw.trim(), raw };
      }
      if (this.buffered.length > 64 * 1024) throw new ConnectionError('the SMTP server sent an endless reply', 'EPROTOCOL');
      const { value, done } = await this.reader.read();
      if (done) throw new ConnectionError('the SMTP server closed the connection', 'ECONNECTION');
      this.buffered += decoder.decode(value, { stream: true });
    }
  }

  /** Bytes read past the last reply: none are expected before the TLS handshake. */
  get leftover(): number {
    return this.buffered.length;
  }

  private completeReplyEnd(): number {
    let start = 0;
    for (;;) {
      const eol = this.buffered.indexOf('\n', start);
      if (eol < 0) return -1;
      const line = this.buffered.slice(start, eol);
      // The last line of a reply has a space (or nothing) after its code; others have a hyphen.
      if (/^\d{3}(?: |\r?$)/.test(line)) return eol + 1;
      start = eol + 1;
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectionError(`${what} timed out after ${ms} ms`, 'ETIMEDOUT')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function expect(reply: { code: number; text: string }, wanted: number, step: string): void {
  if (reply.code !== wanted) throw new SmtpReplyError(`${step}: the SMTP server answered ${reply.text}`, reply.code, reply.text);
}

/**
 * Anything that goes wrong before the session is handed to nodemailer, other than the server's
 * own reply, is the connection failing: the relay is unreachable, not this message refused.
 * (workerd reports a refused connection to a read as "Stream was cancelled.", with no code.)
 */
function asConnectionError(error: unknown, target: SmtpTarget): unknown {
  if (error instanceof ConnectionError || error instanceof SmtpReplyError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ConnectionError(`opening an SMTP session with ${target.hostname}:${target.port} failed: ${reason}`, 'ECONNECTION', {
    cause: error,
  });
}

async function startTls(target: SmtpTarget): Promise<OpenedConnection> {
  const plain = openSocket(target, 'starttls');
  const reader = plain.readable.getReader();
  const writer = plain.writable.getWriter();
  try {
    await plain.opened;
    const replies = new ReplyReader(reader);
    const greeting = await replies.reply();
    expect(greeting, 220, 'greeting');
    await writer.write(encoder.encode(`EHLO ${target.clientName}\r\n`));
    const ehlo = await replies.reply();
    expect(ehlo, 250, 'EHLO');
    const offered = /^250[ -]STARTTLS\b/im.test(ehlo.raw);
    if (!offered) {
      if (target.security === 'starttls') {
        throw new ConnectionError(
          `${target.hostname}:${target.port} does not offer STARTTLS; plain SMTP is only allowed to loopback`,
          'ETLS',
        );
      }
      reader.releaseLock();
      writer.releaseLock();
      // nodemailer reads the greeting again and opens its own session with EHLO.
      return { connection: new WorkerSocket(plain, target, encoder.encode(greeting.raw)), secure: false, secured: false };
    }
    await writer.write(encoder.encode('STARTTLS\r\n'));
    expect(await replies.reply(), 220, 'STARTTLS');
    // RFC 3207 §6: nothing the server said in plain text after this point may be trusted.
    if (replies.leftover > 0) throw new ConnectionError('the SMTP server sent data before the TLS handshake', 'ETLS');
    reader.releaseLock();
    writer.releaseLock();
    const secure = plain.startTls();
    return { connection: new WorkerSocket(secure, target, encoder.encode(greeting.raw), true), secure: true, secured: true };
  } catch (error) {
    plain.close().catch(() => {});
    throw asConnectionError(error, target);
  }
}

/** Opens and secures a connection to the relay, within `timeoutMs`. */
export function openSmtpConnection(target: SmtpTarget): Promise<OpenedConnection> {
  if (target.security === 'tls') {
    const socket = openSocket(target, 'on');
    // The handshake (and its certificate check) completes before `opened` resolves.
    const opened = socket.opened.then(
      () => ({ connection: new WorkerSocket(socket, target, undefined, true), secure: true, secured: true }),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        const where = `${target.hostname}:${target.port}`;
        throw new ConnectionError(
          `TLS connection to ${where} failed (refused if its certificate is not valid for ${target.hostname}): ${reason}`,
          'ECONNECTION',
          {
            cause: error,
          },
        );
      },
    );
    return withTimeout(opened, target.timeoutMs, `connecting to ${target.hostname}:${target.port}`);
  }
  return withTimeout(startTls(target), target.timeoutMs, `opening an SMTP session with ${target.hostname}:${target.port}`);
}
