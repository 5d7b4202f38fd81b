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
}

export async function mailbox(): Promise<Mailbox> {
  const response = await fetch(`${env.MAIL_LAB}/catchers`, { method: 'POST' });
  const { smtp_port, http_port } = await response.json<{ smtp_port: number; http_port: number }>();
  const base = `http://127.0.0.1:${http_port}`;
  const post = async (path: string) => {
    const r = await fetch(`${base}${path}`, { method: 'POST' });
    if (!r.ok) throw new Error(`mail catcher ${path}: ${r.status}`);
    await r.arrayBuffer();
  };
  return {
    smtpUrl: `smtp://127.0.0.1:${smtp_port}`,
    async messages(to) {
      const r = await fetch(`${base}/api/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`);
      return (await r.json<{ messages: CaughtMail[] }>()).messages;
    },
    down: () => post('/api/smtp/down'),
    up: () => post('/api/smtp/up'),
    fail: (count, code = 451) => post(`/api/smtp/fail?count=${count}&code=${code}`),
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
