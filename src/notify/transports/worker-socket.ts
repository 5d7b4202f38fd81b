// A TCP connection opened by Workers' `connect()` (cloudflare:sockets), dressed as the Node
// socket nodemailer's SMTP client drives (a Duplex with setTimeout, setKeepAlive, …).
//
// Why not nodemailer's own sockets: nodemailer resolves the relay's name itself and connects to
// the IP, so workerd checks the certificate against the IP and refuses it; and its STARTTLS
// passes the name to workerd's startTls as `expectedServerHostname`, which workerd does not
// support. A socket connected by hostname is verified against that hostname by workerd itself.
import { connect } from 'cloudflare:sockets';
import { Duplex } from 'node:stream';

export type SecureTransport = 'on' | 'off' | 'starttls';

export interface Endpoint {
  hostname: string;
  port: number;
}

/** An error of the connection itself (refused, reset, TLS refused): the whole relay is down. */
export class ConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class WorkerSocket extends Duplex {
  readonly remoteAddress: string;
  readonly remotePort: number;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private wantMore: (() => void) | null = null;
  private idleMs = 0;
  /** When bytes last went either way; one timer checks it, rather than a timer reset per chunk. */
  private lastTraffic = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * @param preface bytes handed out before anything read from the socket: the server's greeting
   *   when the SMTP session was opened (and upgraded with STARTTLS) before nodemailer took over.
   * @param tls whether TLS runs on it: its errors then say the certificate may be why (workerd
   *   itself only says "internal error" when it refuses one).
   */
  constructor(
    private readonly socket: Socket,
    endpoint: Endpoint,
    preface?: Uint8Array,
    private readonly tls = false,
  ) {
    super({ allowHalfOpen: false });
    this.remoteAddress = endpoint.hostname;
    this.remotePort = endpoint.port;
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
    if (preface?.length) this.push(Buffer.from(preface));
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.touch();
        // A view of the bytes read, not a copy: the reader hands each chunk over for good.
        const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        if (!this.push(chunk)) await new Promise<void>((resolve) => (this.wantMore = resolve));
      }
      this.push(null);
    } catch (error) {
      this.destroy(
        new ConnectionError(`${this.describe()} failed: ${reasonOf(error)}`, 'ESOCKET', {
          cause: error,
        }),
      );
    }
  }

  override _read(): void {
    const resume = this.wantMore;
    this.wantMore = null;
    resume?.();
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, callback);
  }

  /**
   * What was written while a write was in flight, as one write: the SMTP client writes a command
   * or a message as many small chunks, and each write to the socket is a call into workerd.
   */
  override _writev(chunks: { chunk: Buffer | string; encoding: BufferEncoding }[], callback: (error?: Error | null) => void): void {
    const buffers = chunks.map(({ chunk, encoding }) => (typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk));
    this.send(buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers), callback);
  }

  private send(bytes: Buffer, callback: (error?: Error | null) => void): void {
    this.touch();
    this.writer.write(bytes).then(
      () => callback(),
      (error) =>
        callback(
          new ConnectionError(`${this.describe()} failed: ${reasonOf(error)}`, 'ESOCKET', {
            cause: error,
          }),
        ),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.writer.close().then(
      () => callback(),
      () => callback(),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.clearIdle();
    this.wantMore?.();
    this.socket.close().catch(() => {});
    callback(error);
  }

  private describe(): string {
    const where = `${this.remoteAddress}:${this.remotePort}`;
    return this.tls
      ? `TLS session with ${where} (refused if its certificate is not valid for ${this.remoteAddress})`
      : `connection to ${where}`;
  }

  /** As net.Socket: emits 'timeout' after `ms` without traffic (0 turns it off). */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    if (onTimeout) this.once('timeout', onTimeout);
    this.clearIdle();
    this.touch();
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  private touch(): void {
    this.lastTraffic = Date.now();
    if (this.idleMs > 0 && !this.idleTimer && !this.destroyed) this.armIdle(this.idleMs);
  }

  /** Emits 'timeout' once `idleMs` pass without traffic; traffic meanwhile only moves the deadline. */
  private armIdle(ms: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.idleMs <= 0 || this.destroyed) return;
      const quiet = Date.now() - this.lastTraffic;
      if (quiet >= this.idleMs) this.emit('timeout');
      else this.armIdle(this.idleMs - quiet);
    }, ms);
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** Opens a connection by hostname; TLS ('on') is verified against that hostname by workerd. */
export function openSocket(endpoint: Endpoint, secureTransport: SecureTransport): Socket {
  try {
    return connect({ hostname: endpoint.hostname, port: endpoint.port }, { secureTransport, allowHalfOpen: false });
  } catch (error) {
    throw new ConnectionError(`cannot connect to ${endpoint.hostname}:${endpoint.port}: ${reasonOf(error)}`, 'ECONNECTION', {
      cause: error,
    });
  }
}
