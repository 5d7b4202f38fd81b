// One e-mail as nodemailer sends it: multipart/alternative text + HTML, the RFC 8058 one-click
// unsubscribe headers, stable Message-IDs threaded per incident or maintenance, and the .ics.
import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Notice } from '../store/notices';
import type { MailContent } from './content';
import { maintenanceIcs } from './ics';
import { render } from './render';
import { TEMPLATES } from './templates.generated';

/** The domain of the From address: Message-IDs are minted under it. */
export function mailDomain(from: string): string {
  const address = from.match(/<([^>]+)>/)?.[1] ?? from;
  return address.split('@').pop()?.trim().toLowerCase() || 'localhost';
}

/**
 * Message-IDs that are the same every time one delivery is composed, so a resend after a crash
 * is recognisably the same message. The first notice of an incident or maintenance (`scheduled`,
 * `created`) opens the subscriber's thread; every later one replies to it.
 */
export function threadIds(notice: Pick<Notice, 'id' | 'kind' | 'subjectType' | 'subjectId'>, subscriberId: string, domain: string) {
  const root = `<${notice.subjectType}.${notice.subjectId}.${subscriberId}@${domain}>`;
  if (notice.kind === 'scheduled' || notice.kind === 'created') return { messageId: root };
  return { messageId: `<notice.${notice.id}.${subscriberId}@${domain}>`, inReplyTo: root, references: root };
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
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

export function mailOptions(content: MailContent, envelope: Envelope, attachments: Attachment[] = []): SendMailOptions {
  const template = TEMPLATES[content.template];
  const headers: Record<string, string> = {};
  if (envelope.unsubscribe) {
    // One header with both URIs; nodemailer's `list.unsubscribe` would write one header per URI.
    headers['List-Unsubscribe'] = `<${envelope.unsubscribe.url}>, <${envelope.unsubscribe.mailto}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (envelope.deliveryId) headers['X-Forewarn-Delivery'] = envelope.deliveryId;
  return {
    from: envelope.from,
    to: envelope.to,
    subject: content.subject,
    date: envelope.date,
    messageId: envelope.messageId,
    ...(envelope.inReplyTo ? { inReplyTo: envelope.inReplyTo, references: envelope.references ?? envelope.inReplyTo } : {}),
    headers,
    text: render(template.text, content.view, 'text'),
    html: render(template.html, content.view, 'html'),
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  };
}

/** The .ics of a maintenance e-mail, if this one has one. */
export function calendarAttachment(notice: Notice, content: MailContent, locale: 'en' | 'fr', publicUrl: string): Attachment[] {
  if (!content.event) return [];
  const ics = maintenanceIcs({ notice, locale, publicUrl, ...content.event });
  return ics ? [{ filename: 'maintenance.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics }] : [];
}

/** A message built to its MIME source, ready for the wire. */
export interface BuiltMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  messageId: string;
}

/**
 * Builds the MIME source before an SMTP connection is taken: nodemailer's builder yields with
 * setImmediate between parts (about 1 ms each in workerd), and building while the connection
 * waits would hold it idle for the whole build.
 */
export async function buildForSending(options: SendMailOptions): Promise<BuiltMessage> {
  const node = new MailComposer(options).compile();
  const envelope = node.getEnvelope();
  return {
    envelope: { from: envelope.from || '', to: envelope.to },
    raw: await node.build(),
    messageId: String(options.messageId ?? node.messageId()),
  };
}

/** The message as it would go on the wire (MIME source), for previews and the benchmark. */
export async function buildMessage(options: SendMailOptions): Promise<string> {
  return (await buildForSending(options)).raw.toString('utf8');
}
