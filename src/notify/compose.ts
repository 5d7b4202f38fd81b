// One e-mail as nodemailer sends it: multipart/alternative text + HTML, the RFC 8058 one-click
// unsubscribe headers, stable Message-IDs threaded per incident or maintenance, and the .ics.
import type { SendMailOptions } from 'nodemailer';
import { encode, wrap } from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import MimeNode from 'nodemailer/lib/mime-node';
import type { Organizer } from '../present/icalendar';
import type { Notice } from '../store/notices';
import type { MailContent } from './content';
import type { MessageSigner } from './dkim';
import { icsMethod, maintenanceIcs } from './ics';
import { mimeSource, partSource } from './mime-source';
import { render } from './render';
import { TEMPLATES } from './templates.generated';

/** The address of a From such as `Acme Status <status@example.com>`. */
export const mailAddress = (from: string): string => (from.match(/<([^>]+)>/)?.[1] ?? from).trim();

/** The domain of the From address: Message-IDs are minted under it. */
export function mailDomain(from: string): string {
  return mailAddress(from).split('@').pop()?.trim().toLowerCase() || 'localhost';
}

/**
 * Message-IDs that are the same every time one delivery is composed, so a resend after a crash
 * is recognisably the same message. The first notice of an incident or maintenance (`scheduled`,
 * `created`) opens the subscriber's thread; every later one replies to it: to `sentRoot`, the id
 * that first e-mail was recorded with, when the carrier gave it its own (the Email Service).
 */
export function threadIds(
  notice: Pick<Notice, 'id' | 'kind' | 'subjectType' | 'subjectId'>,
  subscriberId: string,
  domain: string,
  sentRoot?: string,
) {
  const root = `<${notice.subjectType}.${notice.subjectId}.${subscriberId}@${domain}>`;
  if (notice.kind === 'scheduled' || notice.kind === 'created') return { messageId: root };
  const replyTo = sentRoot ?? root;
  return { messageId: `<notice.${notice.id}.${subscriberId}@${domain}>`, inReplyTo: replyTo, references: replyTo };
}

export interface Envelope {
  from: string;
  to: string;
  date: Date;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  /** RFC 8058: both links go in one List-Unsubscribe header. */
  unsubscribe?: { url: string; mailto: string };
  deliveryId?: string;
  /** The envelope sender, where bounces go, when it is not `from`'s address (domain/return-path.ts). */
  returnPath?: string;
  /** More header fields, as they are (the relays' report headers, domain/relay-events.ts). */
  headers?: Readonly<Record<string, string>>;
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
  /** The MIME part of `content` made ahead by `prebuilt`: nodemailer puts it in as it is. */
  raw?: string;
}

/** A mail's words filled into its compiled templates. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(content: MailContent): RenderedMail {
  const template = TEMPLATES[content.template];
  return {
    subject: content.subject,
    text: render(template.text, content.view, 'text'),
    html: render(template.html, content.view, 'html'),
  };
}

/** A body as text, or as its MIME part made ahead by `bodyPart`: nodemailer puts that in as it is. */
export type Body = string | { raw: string };

/** How the bodies are written: told to nodemailer by mailOptions (why: there), and by bodyPart. */
const BODY_ENCODING = 'quoted-printable';

/** The content type MailComposer gives the part of `text` and of `html`. */
const BODY_TYPES = { text: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

export function mailOptions(
  mail: { subject: string; text: Body; html: Body },
  envelope: Envelope,
  attachments: readonly Attachment[] = [],
): SendMailOptions {
  const headers: Record<string, string | { prepared: true; value: string }> = Object.fromEntries(
    Object.entries(envelope.headers ?? {}).map(([name, value]) => [name, asWritten(value)]),
  );
  if (envelope.unsubscribe) {
    // One header with both URIs; nodemailer's `list.unsubscribe` would write one header per URI.
    headers['List-Unsubscribe'] = `<${envelope.unsubscribe.url}>, <${envelope.unsubscribe.mailto}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (envelope.deliveryId) headers['X-Forewarn-Delivery'] = envelope.deliveryId;
  return {
    from: envelope.from,
    to: envelope.to,
    subject: mail.subject,
    date: envelope.date,
    messageId: envelope.messageId,
    ...(envelope.inReplyTo ? { inReplyTo: envelope.inReplyTo, references: envelope.references ?? envelope.inReplyTo } : {}),
    headers,
    // What nodemailer picks itself for text whose Latin letters outnumber the rest, as ours do
    // (English or French templates); told, it no longer reads every part through twice to pick.
    // A part mostly in another script goes quoted-printable too: longer than base64, as valid.
    textEncoding: BODY_ENCODING,
    text: mail.text,
    html: mail.html,
    attachments: attachments.map((a) => ({ ...a })),
    ...(envelope.returnPath ? { envelope: { from: envelope.returnPath, to: [envelope.to] } } : {}),
    ...(envelope.headers ? { normalizeHeaderKey: spelledAsGiven(Object.keys(envelope.headers)) } : {}),
  };
}

/**
 * A header value nodemailer would MIME-encode (JSON's quotes and braces become `=?UTF-8?Q?…?=`)
 * goes out as written: SendGrid and Mailgun read their headers as JSON. Only printable ASCII may.
 * Its name then keeps nodemailer's casing (`normalizeHeaderKey` is not asked): right for
 * `X-SMTPAPI` and `X-Mailgun-Variables`, not for a name spelled otherwise (spelledAsGiven).
 */
function asWritten(value: string): string | { prepared: true; value: string } {
  if (/^[\w.+-]*$/.test(value)) return value;
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error('a header written as is must be printable ASCII');
  return { prepared: true, value };
}

/**
 * nodemailer writes every header name in its own casing (`X-Mailin-Custom`, `X-Pm-Metadata-Forewarn`).
 * Names are case-insensitive (RFC 5322's grammar), but Postmark makes a metadata key of what
 * follows `X-PM-Metadata-`, and its keys are case-sensitive: the relays' headers go out spelled as
 * each relay documents them. Other names keep nodemailer's casing.
 */
function spelledAsGiven(names: readonly string[]): (key: string) => string {
  const given = new Map(names.map((name) => [name.toLowerCase(), name]));
  return (key) => given.get(key.toLowerCase()) ?? key;
}

/**
 * The .ics of a maintenance e-mail, if this one has one. Its part says the iTIP method of the
 * calendar it holds (RFC 6047 §2.4): PUBLISH, or CANCEL for a cancellation.
 */
export function calendarAttachment(
  notice: Notice,
  content: MailContent,
  locale: 'en' | 'fr',
  publicUrl: string,
  organizer: Organizer,
): Attachment[] {
  if (!content.event) return [];
  const ics = maintenanceIcs({ notice, locale, publicUrl, organizer, ...content.event });
  return ics
    ? [{ filename: 'maintenance.ics', contentType: `text/calendar; charset=utf-8; method=${icsMethod(notice)}`, content: ics }]
    : [];
}

/**
 * The attachment with its MIME part built once, for an attachment many messages carry: the part
 * MailComposer makes of an attachment (base64, `Content-Disposition: attachment`), which each
 * message then takes as it is instead of encoding it again (test/notify/compose.test.ts holds
 * the two to the same bytes).
 */
export function prebuilt(a: Attachment): Attachment {
  // A child, as in a message: a part without a parent would get the message's own headers.
  const part = new MimeNode('multipart/mixed').createChild(a.contentType, { filename: a.filename });
  part.setHeader('Content-Transfer-Encoding', 'base64');
  part.setHeader('Content-Disposition', 'attachment');
  part.setContent(a.content);
  // What the part streams: its headers, then the content as nodemailer's base64 encoder writes
  // it, which is `wrap(encode(content))`, without waiting on the stream's setImmediate turns.
  return { ...a, raw: `${part.buildHeaders()}\r\n\r\n${wrap(encode(a.content))}` };
}

/**
 * A body's MIME part as MailComposer makes it from mailOptions' `text` or `html` (`body` says
 * which): its headers, then the content quoted-printable (7bit when every line is short
 * ASCII, as nodemailer picks). For a body many messages carry but for a token: assemble.ts encodes
 * it once and puts each reader's token into the encoded part (test/notify/assemble.test.ts holds
 * the result to the bytes nodemailer gives from the text). Null when the part cannot be written
 * in one pass.
 */
export function bodyPart(body: keyof typeof BODY_TYPES, content: string): string | null {
  const part = new MimeNode('multipart/alternative').createChild(BODY_TYPES[body], { textEncoding: BODY_ENCODING });
  part.setContent(content);
  return partSource(part);
}

/** A message built to its MIME source, ready for the wire. */
export interface BuiltMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  messageId: string;
}

/**
 * Builds the MIME source before an SMTP connection is taken, so a connection never waits on a
 * build. The source is written in one pass (mime-source.ts), not streamed through nodemailer's
 * builder, which yields with setImmediate between parts and costs most of an e-mail's CPU in
 * workerd. With `sign` (dkim.ts), the source is signed as it will go out, so every transport
 * sends the same signed bytes.
 */
export async function buildForSending(options: SendMailOptions, sign?: MessageSigner | null): Promise<BuiltMessage> {
  const node = new MailComposer(options).compile();
  const envelope = node.getEnvelope();
  const raw = mimeSource(node) ?? (await node.build());
  return {
    envelope: { from: envelope.from || '', to: envelope.to },
    raw: sign ? await sign(raw) : raw,
    messageId: String(options.messageId ?? node.messageId()),
  };
}

/** The message as it would go on the wire (MIME source), for previews and the benchmark. */
export async function buildMessage(options: SendMailOptions): Promise<string> {
  return (await buildForSending(options)).raw.toString('utf8');
}
