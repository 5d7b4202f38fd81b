// A real SMTP server on loopback for one scenario (scripts/mail-catcher.mjs, started in Node by
// test/support/smtp-global.ts), and what it caught, parsed back by mailparser.
import { env } from 'cloudflare:test';

export interface CaughtMail {
  id: number;
  envelope: { from: string | null; to: string[] };
  message_id: string | null;
  in_reply_to: string | null;
  references: string | string[] | null;
  date: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  /** Every header line as sent, folded lines joined with CRLF. */
  header_lines: string[];
  content_type: string | null;
  attachments: { filename: string | null; content_type: string; content_disposition: string | null; content: string }[];
  raw: string;
}

export interface Mailbox {
  smtpUrl: string;
  /** Everything caught, or only what was addressed to `to`. */
  messages(to?: string): Promise<CaughtMail[]>;
  /** Stops listening: connections are refused until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** The next `count` transactions are answered with `code` (a temporary 451 unless told). */
  fail(count: number, code?: number): Promise<void>;
  /** Refuses `address` at RCPT TO as a mailbox that does not exist (550 5.1.1); `known`: takes it again. */
  unknownMailbox(address: string, known?: boolean): Promise<void>;
  /**
   * Takes mail to `address` and bounces it afterwards: the message is not kept, and a delivery
   * status notification with enhanced status `status` (5.1.1 unless told; 4.x.x: delayed) goes
   * back to its envelope sender (`reports()`).
   */
  bounceLater(address: string, status?: string): Promise<void>;
  /**
   * The reader of the latest message to `address` marks it as spam: a feedback loop's complaint
   * (ARF) goes to `to` (the message's envelope sender unless told), its address blanked with `redacted`.
   */
  complain(address: string, options?: { to?: string; redacted?: boolean }): Promise<void>;
  /** The delivery status notifications and complaints sent back so far, in order. */
  reports(): Promise<Report[]>;
  /** Greets every new connection with `code` (a 5xx: the relay refuses us) instead of 220; null: 220 again. */
  refuseGreeting(code: number | null): Promise<void>;
  /** Every transaction the server saw (MAIL FROM), in order: when, and how it was answered. */
  transactions(): Promise<Transaction[]>;
}

export interface Report {
  id: number;
  /** The envelope: from the null sender, to the envelope sender of the message bounced. */
  envelope: { from: string; to: string };
  raw: string;
}

export interface Transaction {
  /** Milliseconds since the epoch, on the server's clock. */
  at: number;
  code: number;
  /** Whether the session was encrypted by then. */
  secure: boolean;
}

export interface MailboxOptions {
  /** A relay speaking TLS: from the first byte (smtps://) or after STARTTLS (smtp://), as `localhost`. */
  tls?: 'implicit' | 'starttls';
  /** Whose certificate it shows: one from the CA workerd trusts in tests, or from one it does not. */
  authority?: 'trusted' | 'untrusted';
  /** Turns away every `every`-th transaction with `code` (454 unless told). */
  throttle?: { every: number; code?: number };
}

export async function mailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const query = new URLSearchParams();
  if (options.tls) query.set('tls', options.tls);
  if (options.authority) query.set('authority', options.authority);
  if (options.throttle) {
    query.set('throttle_every', String(options.throttle.every));
    query.set('throttle_code', String(options.throttle.code ?? 454));
  }
  const response = await fetch(`${env.MAIL_LAB}/catchers?${query}`, { method: 'POST' });
  const { smtp_port, http_port } = await response.json<{ smtp_port: number; http_port: number }>();
  const base = `http://127.0.0.1:${http_port}`;
  const post = async (path: string) => {
    const r = await fetch(`${base}${path}`, { method: 'POST' });
    if (!r.ok) throw new Error(`mail catcher ${path}: ${r.status}`);
    await r.arrayBuffer();
  };
  return {
    // TLS certificates name `localhost`: a relay is reached by its name, never its address.
    smtpUrl:
      options.tls === 'implicit'
        ? `smtps://localhost:${smtp_port}`
        : options.tls
          ? `smtp://localhost:${smtp_port}`
          : `smtp://127.0.0.1:${smtp_port}`,
    async messages(to) {
      const r = await fetch(`${base}/api/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`);
      return (await r.json<{ messages: CaughtMail[] }>()).messages;
    },
    down: () => post('/api/smtp/down'),
    up: () => post('/api/smtp/up'),
    fail: (count, code = 451) => post(`/api/smtp/fail?count=${count}&code=${code}`),
    unknownMailbox: (address, known = false) => post(`/api/smtp/unknown?address=${encodeURIComponent(address)}${known ? '&known=1' : ''}`),
    bounceLater: (address, status = '5.1.1') => post(`/api/smtp/bounce-later?address=${encodeURIComponent(address)}&status=${status}`),
    complain: (address, { to, redacted = false } = {}) =>
      post(
        `/api/smtp/complain?address=${encodeURIComponent(address)}${to ? `&to=${encodeURIComponent(to)}` : ''}${redacted ? '&redacted=1' : ''}`,
      ),
    async reports() {
      const r = await fetch(`${base}/api/reports`);
      return (await r.json<{ reports: Report[] }>()).reports;
    },
    refuseGreeting: (code) => post(`/api/smtp/refuse-greeting${code === null ? '' : `?code=${code}`}`),
    async transactions() {
      const r = await fetch(`${base}/api/transactions`);
      return (await r.json<{ transactions: Transaction[] }>()).transactions;
    },
  };
}

/** The value of header `name` (case-insensitive), unfolded; every occurrence. */
export function headerValues(mail: CaughtMail, name: string): string[] {
  const prefix = `${name.toLowerCase()}:`;
  return mail.header_lines
    .filter((line) => line.toLowerCase().startsWith(prefix))
    .map((line) =>
      line
        .slice(prefix.length)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
}
