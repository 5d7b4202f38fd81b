// Relays that send e-mail from an envelope sender of their own (Brevo, Mailjet, Postmark,
// SendGrid, Mailgun) keep the bounces and the complaints that come back, and report them by
// webhook. Each e-mail carries its delivery's signed name (domain/return-path.ts deliveryTagFor)
// in the one header the relay hands back in its events; what an event says comes down to one of
// a few things Forewarn acts on. Payloads: developers.brevo.com "Transactional webhooks", Mailjet
// "Event Tracking API", postmarkapp.com "Bounce webhook" and "Spam complaint webhook", Twilio
// SendGrid "Event Webhook Reference", Mailgun "Webhooks" (event-data).
import { type ReportedFailure, relayFailure } from './bounces';

export const RELAYS = ['brevo', 'mailjet', 'postmark', 'sendgrid', 'mailgun'] as const;
export type Relay = (typeof RELAYS)[number];

export const RELAY_NAMES: Record<Relay, string> = {
  brevo: 'Brevo',
  mailjet: 'Mailjet',
  postmark: 'Postmark',
  sendgrid: 'SendGrid',
  mailgun: 'Mailgun',
};

/** The key under which a relay that takes custom data as JSON or metadata hands the name back. */
const KEY = 'forewarn';

/**
 * The header that carries delivery `tag` through `relay`, and comes back in its events: Brevo's
 * `X-Mailin-custom`, Mailjet's `X-MJ-CustomID` (`CustomID`), Postmark's metadata headers
 * (`X-PM-Metadata-<key>`, in `Metadata.<key>`), SendGrid's SMTP API unique arguments (each a
 * field of the event), Mailgun's variables (`user-variables`).
 */
export function relayTagHeader(relay: Relay, tag: string): [name: string, value: string] {
  switch (relay) {
    case 'brevo':
      return ['X-Mailin-custom', tag];
    case 'mailjet':
      return ['X-MJ-CustomID', tag];
    case 'postmark':
      return [`X-PM-Metadata-${KEY}`, tag];
    case 'sendgrid':
      return ['X-SMTPAPI', JSON.stringify({ unique_args: { [KEY]: tag } })];
    case 'mailgun':
      return ['X-Mailgun-Variables', JSON.stringify({ [KEY]: tag })];
  }
}

/** What an event asks of Forewarn, about the delivery its `tag` names (null: not one of ours). */
export type RelayEvent =
  /** The relay gave up on the e-mail; `failure.gone`: for good, the mailbox does not exist. */
  | { kind: 'failed'; tag: string | null; failure: ReportedFailure }
  /** The reader marked it as spam. */
  | { kind: 'complaint'; tag: string | null }
  /** The reader asked the relay for no more (its own unsubscribe link, or a reply saying so). */
  | { kind: 'unsubscribe'; tag: string | null }
  /** Sent, delivered, opened, deferred…: nothing to do. */
  | { kind: 'other'; tag: string | null; event: string };

/** An event as the relay wrote it: a JSON object, whose fields are read as the relay documents them. */
export type RelayPayload = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Brevo: one event per request (or an array, with "batched" on). `hard_bounce` and
 * `invalid_email` end the address. `blocked` ("prevented … due to blacklisted sender etc.") may
 * be about the sender or the account as well as the address, and so fails the e-mail only, unless
 * its reason gives a server's code that says the mailbox is gone; so do `soft_bounce` and `error`.
 */
function brevoEvent(event: RelayPayload): RelayEvent {
  const tag = text(event['X-Mailin-custom']) || null;
  const name = text(event.event).toLowerCase();
  const reason = text(event.reason);
  switch (name) {
    case 'hard_bounce':
    case 'invalid_email':
      return { kind: 'failed', tag, failure: relayFailure(true, reason, `Brevo ${name}`) };
    case 'blocked':
    case 'soft_bounce':
    case 'error':
      return { kind: 'failed', tag, failure: relayFailure(false, reason, `Brevo ${name}`) };
    case 'spam':
      return { kind: 'complaint', tag };
    case 'unsubscribed':
      return { kind: 'unsubscribe', tag };
    default:
      return { kind: 'other', tag, event: name || 'unnamed' };
  }
}

/**
 * Mailjet's errors (`error_related_to/error`, its error table) that say the mailbox or its domain
 * is not there, or that Mailjet will not send to the address again (`preblocked`: it bounced
 * recently or repeatedly, as the Email Service's E_RECIPIENT_SUPPRESSED).
 */
const MAILJET_GONE = new Set(['recipient/user unknown', 'recipient/mailbox inactive', 'domain/invalid domain', 'domain/no mail host']);
const MAILJET_SUPPRESSED = 'mailjet/preblocked';

/**
 * Mailjet: an array of events when they are grouped, else one. A `bounce` (after Mailjet's own
 * retries) or a `blocked` (not sent) fails the e-mail. The address is gone when the error says so
 * and the bounce was permanent (`hard_bounce`), or when Mailjet blocked it as preblocked.
 */
function mailjetEvent(event: RelayPayload): RelayEvent {
  const tag = text(event.CustomID) || null;
  const name = text(event.event).toLowerCase();
  const error = text(event.error).toLowerCase();
  switch (name) {
    case 'bounce':
    case 'blocked': {
      const cause = `${text(event.error_related_to).toLowerCase()}/${error}`;
      const gone = (MAILJET_GONE.has(cause) && (name === 'blocked' || event.hard_bounce === true)) || cause === MAILJET_SUPPRESSED;
      return { kind: 'failed', tag, failure: relayFailure(gone, text(event.comment), `Mailjet ${error || name}`) };
    }
    case 'spam':
      return { kind: 'complaint', tag };
    case 'unsub':
      return { kind: 'unsubscribe', tag };
    default:
      return { kind: 'other', tag, event: name || 'unnamed' };
  }
}

/** Postmark's bounce types that fail an e-mail for good, and those of them that end the address. */
const POSTMARK_FAILED = new Set(['HardBounce', 'BadEmailAddress', 'SoftBounce', 'DnsError', 'Blocked', 'DMARCPolicy']);
const POSTMARK_GONE = new Set(['HardBounce', 'BadEmailAddress']);

/**
 * Postmark: one record per request. A bounce record's `Type` says what came back (`Transient` is
 * a delay Postmark retries; `AutoResponder` an out-of-office reply); its spam complaints come as
 * records of their own, or as bounces of type `SpamComplaint`.
 */
function postmarkEvent(event: RelayPayload): RelayEvent {
  // The key as sent (`forewarn`, compose.ts keeps its spelling), or however a hop on the way cased it.
  const metadata = typeof event.Metadata === 'object' && event.Metadata !== null ? (event.Metadata as Record<string, unknown>) : {};
  const tag = text(Object.entries(metadata).find(([key]) => key.toLowerCase() === KEY)?.[1]) || null;
  const record = text(event.RecordType);
  const type = text(event.Type);
  if (record === 'SpamComplaint' || type === 'SpamComplaint') return { kind: 'complaint', tag };
  if (record === 'Bounce' && type === 'Unsubscribe') return { kind: 'unsubscribe', tag };
  if (record === 'Bounce' && POSTMARK_FAILED.has(type)) {
    return { kind: 'failed', tag, failure: relayFailure(POSTMARK_GONE.has(type), text(event.Details), `Postmark ${type}`) };
  }
  return { kind: 'other', tag, event: [record, type].filter(Boolean).join(' ') || 'unnamed' };
}

/**
 * SendGrid: always an array. A `bounce` (type `bounce`, or `blocked` by the receiving server)
 * fails the e-mail, the server's codes deciding whether the address is gone, else the type. A
 * `dropped` is SendGrid not sending: for an address on its bounce list, or invalid, the address
 * is gone; else the e-mail failed. Its unsubscribe and spam-report lists are the account's: a
 * reader on them may have left another sender's mail through it, not ours, so they are not taken
 * for leaving (`unsubscribe` and `spamreport`, about this e-mail, are).
 */
function sendgridEvent(event: RelayPayload): RelayEvent {
  const tag = text(event[KEY]) || null;
  const name = text(event.event).toLowerCase();
  // The server's answer first: its code ("550 5.1.1") says more than SendGrid's `status` ("5.0.0").
  const words = [text(event.reason), text(event.status)].filter(Boolean).join(' ');
  switch (name) {
    case 'bounce': {
      const type = text(event.type).toLowerCase() || 'bounce';
      return { kind: 'failed', tag, failure: relayFailure(type === 'bounce', words, `SendGrid ${type}`) };
    }
    case 'dropped': {
      const reason = text(event.reason).toLowerCase();
      const gone = reason === 'bounced address' || reason === 'invalid';
      const named = gone || reason === 'unsubscribed address' || reason === 'spam reporting address';
      return { kind: 'failed', tag, failure: relayFailure(gone, '', `SendGrid dropped ${named ? reason : 'message'}`) };
    }
    case 'spamreport':
      return { kind: 'complaint', tag };
    case 'unsubscribe':
    case 'group_unsubscribe':
      return { kind: 'unsubscribe', tag };
    default:
      return { kind: 'other', tag, event: name || 'unnamed' };
  }
}

/** An object's field, or an empty object. */
const objectAt = (value: unknown, key: string): Record<string, unknown> => {
  const field = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return field !== null && typeof field === 'object' && !Array.isArray(field) ? (field as Record<string, unknown>) : {};
};

/**
 * Mailgun: one event per request, in `event-data`. A `failed` of severity `permanent` fails the
 * e-mail (a `temporary` one, Mailgun retries); the address is gone when the server's codes say so,
 * or, without codes, when Mailgun calls it a bounce or suppressed it for one. `complained` and
 * `unsubscribed` are about this e-mail.
 */
function mailgunEvent(body: RelayPayload): RelayEvent {
  const event = objectAt(body, 'event-data');
  const tag = text(objectAt(event, 'user-variables')[KEY]) || null;
  const name = text(event.event).toLowerCase();
  switch (name) {
    case 'failed': {
      if (text(event.severity).toLowerCase() !== 'permanent') return { kind: 'other', tag, event: 'failed temporary' };
      const status = objectAt(event, 'delivery-status');
      const code = typeof status.code === 'number' ? String(status.code) : text(status.code);
      const words = [code, text(status['enhanced-code']), text(status.message), text(status.description)].filter(Boolean).join(' ');
      const reason = text(event.reason).toLowerCase();
      // `suppress-unsubscribe` and `suppress-complaint`: the account's lists, as SendGrid's drops.
      const gone = reason === 'bounce' || reason === 'suppress-bounce';
      return { kind: 'failed', tag, failure: relayFailure(gone, words, `Mailgun ${reason.replace(/[^a-z_ -]/g, '') || 'failed'}`) };
    }
    case 'complained':
      return { kind: 'complaint', tag };
    case 'unsubscribed':
      return { kind: 'unsubscribe', tag };
    default:
      return { kind: 'other', tag, event: name || 'unnamed' };
  }
}

const READERS: Record<Relay, (event: RelayPayload) => RelayEvent> = {
  brevo: brevoEvent,
  mailjet: mailjetEvent,
  postmark: postmarkEvent,
  sendgrid: sendgridEvent,
  mailgun: mailgunEvent,
};

/** The events of one request's body from `relay`: one object, or an array of them. */
export function relayEvents(relay: Relay, body: readonly RelayPayload[]): RelayEvent[] {
  return body.map(READERS[relay]);
}
