// Everything one e-mail needs, gathered once per batch, and the e-mail for a notice or a
// confirmation. The queue consumer sends these; the admin preview shows them.
import type { SendMailOptions } from 'nodemailer';
import { inLocale, type Translations } from '../domain/localized';
import type { Locale } from '../domain/model';
import { type Relay, relayTagHeader } from '../domain/relay-events';
import { deliveryTagFor, returnPathFor } from '../domain/return-path';
import { CONFIRM_LINK_TTL_MS, signLink } from '../domain/signed-links';
import type { Subscriber } from '../domain/subscribers';
import { isActive } from '../domain/subscribers';
import type { Config } from '../env';
import { calendarOrganizer } from '../present/icalendar';
import { listComponents } from '../store/components';
import type { Notice } from '../store/notices';
import { findPageSettings } from '../store/page';
import {
  type Attachment,
  bodyPart,
  calendarAttachment,
  type Envelope,
  mailDomain,
  mailOptions,
  prebuilt,
  renderMail,
  threadIds,
} from './compose';
import { confirmationContent, type Links, noticeContent, type Reader, readerKey, readerOf } from './content';

export interface MailSetting {
  readonly config: Config;
  readonly secret: string;
  readonly pageName: string;
  readonly componentNames: ReadonlyMap<string, string>;
  readonly pageTranslations?: Translations<'name'>;
  readonly componentTranslations?: ReadonlyMap<string, Translations<'name'>>;
  /** The page's privacy policy and legal notice, which every e-mail's footer links to. */
  readonly privacyUrl?: string | null;
  readonly legalUrl?: string | null;
  /**
   * The bounce mailbox each delivery's envelope sender is made from (BOUNCE_ADDRESS), with an
   * SMTP relay only: the Email Service keeps bounces to itself and refuses the address next time
   * (E_RECIPIENT_SUPPRESSED, which marks it bounced then).
   */
  readonly bounceAddress?: string | null;
  /**
   * The relays that report by webhook (RELAY_EVENTS, SMTP only): each e-mail carries the
   * delivery's signed name in the header each hands back (domain/relay-events.ts).
   */
  readonly relays?: readonly Relay[];
}

const localNames = new WeakMap<MailSetting, Map<Locale, { page: string; components: ReadonlyMap<string, string> }>>();

/** The page's and the components' names in one language, once per setting. */
function namesIn(s: MailSetting, locale: Locale): { page: string; components: ReadonlyMap<string, string> } {
  let byLocale = localNames.get(s);
  if (!byLocale) {
    byLocale = new Map();
    localNames.set(s, byLocale);
  }
  let names = byLocale.get(locale);
  if (!names) {
    names = {
      page: inLocale(s.pageName, s.pageTranslations, 'name', locale),
      components: new Map(
        [...s.componentNames].map(([id, name]) => [id, inLocale(name, s.componentTranslations?.get(id), 'name', locale)]),
      ),
    };
    byLocale.set(locale, names);
  }
  return names;
}

export function signingSecret(config: Config): string {
  if (!config.SIGNING_SECRET) throw new Error('SIGNING_SECRET is not set: subscriber links cannot be signed');
  return config.SIGNING_SECRET;
}

export async function loadMailSetting(db: D1Database, config: Config, transport?: 'smtp' | 'email-service'): Promise<MailSetting> {
  const [page, components] = await Promise.all([findPageSettings(db), listComponents(db)]);
  return {
    config,
    secret: signingSecret(config),
    pageName: page?.name ?? 'Status',
    componentNames: new Map(components.map((c) => [c.id, c.name])),
    pageTranslations: page?.translations ?? {},
    componentTranslations: new Map(components.map((c) => [c.id, c.translations])),
    privacyUrl: page?.privacyUrl ?? null,
    legalUrl: page?.legalUrl ?? null,
    bounceAddress: transport === 'smtp' ? (config.BOUNCE_ADDRESS ?? null) : null,
    relays: transport === 'smtp' ? (config.RELAY_EVENTS ?? []) : [],
  };
}

/**
 * What tells delivery `deliveryId`'s reports apart when they come back: its envelope sender, when
 * bounces come back to the worker by e-mail (BOUNCE_ADDRESS), and the headers relays that report
 * by webhook hand back. One signed name serves both.
 */
async function reportedAs(s: MailSetting, deliveryId: string | undefined): Promise<Pick<Envelope, 'returnPath' | 'headers'>> {
  const relays = s.relays ?? [];
  if (!deliveryId || (!s.bounceAddress && relays.length === 0)) return {};
  const tag = await deliveryTagFor(s.secret, deliveryId);
  return {
    ...(s.bounceAddress ? { returnPath: returnPathFor(s.bounceAddress, tag) } : {}),
    ...(relays.length > 0 ? { headers: Object.fromEntries(relays.map((relay) => relayTagHeader(relay, tag))) } : {}),
  };
}

/** What every e-mail of a setting links to in a language: the page, and its policies where set. */
function pageLinks(s: MailSetting, locale: Locale): Links {
  return {
    publicUrl: s.config.PUBLIC_URL,
    pageName: namesIn(s, locale).page,
    ...(s.privacyUrl ? { privacy: s.privacyUrl } : {}),
    ...(s.legalUrl ? { legal: s.legalUrl } : {}),
  };
}

/** The token of a subscriber's manage and one-click unsubscribe links. */
const manageToken = (s: MailSetting, subscriberId: string): Promise<string> => signLink(s.secret, { purpose: 'manage', subscriberId });

const subscriberLinks = (config: Config, token: string): Required<Pick<Links, 'manage' | 'unsubscribe'>> => ({
  manage: `${config.PUBLIC_URL}/manage/${token}`,
  unsubscribe: `${config.PUBLIC_URL}/unsubscribe/${token}`,
});

const mailtoUnsubscribe = (config: Config, token: string): string =>
  `mailto:${config.UNSUBSCRIBE_MAILTO}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;

/** A notice's e-mail for one reader, but for the subscriber's link token. */
interface Edition {
  subject: string;
  /** The text and the HTML, cut where the token goes. */
  text: string[];
  html: string[];
  attachments: Attachment[];
  /** The text and HTML as MIME parts, per token shape (see `bodyParts`). */
  parts: Map<string, BodyParts | null>;
}

/**
 * A body's MIME part (headers and encoded content), cut where the token goes: the `pieces`
 * around each place, and for each place, the offsets in the token before which quoted-printable
 * broke the line (`=` CRLF) inside it.
 */
interface Cut {
  pieces: string[];
  breaks: number[][];
}

interface BodyParts {
  text: Cut;
  html: Cut;
}

interface Editions {
  /**
   * Stands for the token while an edition is rendered. Links are the only values that hold it,
   * and neither escaping nor the text layout touches it or a token (letters, digits, `.`, `-`,
   * `_`), so cutting at it and joining with a token gives what rendering with the token gives.
   * Random, so no notice or page name can hold it.
   */
  placeholder: string;
  notices: WeakMap<Notice, { mails: Map<string, Edition>; calendars: Map<string, Attachment[]> }>;
}

/**
 * Editions per setting and notice: an edition never outlives the setting it was rendered with
 * (the consumer loads one per batch), nor serves another notice or setting.
 */
const editions = new WeakMap<MailSetting, Editions>();

function editionFor(s: MailSetting, notice: Notice, reader: Reader, now: Date): Edition {
  let made = editions.get(s);
  if (!made) {
    made = { placeholder: `forewarn-token-${crypto.randomUUID()}`, notices: new WeakMap() };
    editions.set(s, made);
  }
  let forNotice = made.notices.get(notice);
  if (!forNotice) {
    forNotice = { mails: new Map(), calendars: new Map() };
    made.notices.set(notice, forNotice);
  }
  // A reminder says how long is left, so its edition lasts a minute.
  const key = notice.kind === 'reminder' ? `${readerKey(reader)}|${Math.floor(now.getTime() / 60_000)}` : readerKey(reader);
  let edition = forNotice.mails.get(key);
  if (edition) return edition;
  const { placeholder } = made;
  const content = noticeContent(notice, reader, { ...pageLinks(s, reader.locale), ...subscriberLinks(s.config, placeholder) }, now);
  const mail = renderMail(content);
  // The .ics reads the language, the summary and the description: readers who differ only in
  // what they follow share it.
  const calendarKey = JSON.stringify([reader.locale, content.event?.summary, content.event?.description]);
  let attachments = forNotice.calendars.get(calendarKey);
  if (!attachments) {
    const organizer = calendarOrganizer(namesIn(s, reader.locale).page, s.config.MAIL_FROM);
    attachments = calendarAttachment(notice, content, reader.locale, s.config.PUBLIC_URL, organizer).map(prebuilt);
    forNotice.calendars.set(calendarKey, attachments);
  }
  edition = {
    subject: mail.subject,
    text: mail.text.split(placeholder),
    html: mail.html.split(placeholder),
    attachments,
    parts: new Map(),
  };
  forNotice.mails.set(key, edition);
  return edition;
}

const TOKEN_CHARACTERS = /^[A-Za-z0-9._-]+$/;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const SOFT_BREAK = '=\r\n';

/**
 * Cuts `source` where `standIn` stands, soft line breaks inside it or not; null unless it stands
 * `expected` times. The count would not notice a match shifted into text that happens to end like
 * the stand-in begins: a stand-in holds about 45 random letters (a token's signature alone is 43
 * characters), so that does not happen.
 */
function cutAt(source: string, standIn: string, expected: number): Cut | null {
  const pieces: string[] = [];
  const breaks: number[][] = [];
  const anywhere = new RegExp([...standIn].map((c) => (c === '.' ? '\\.' : c)).join('(?:=\\r\\n)?'), 'g');
  let from = 0;
  for (const match of source.matchAll(anywhere)) {
    pieces.push(source.slice(from, match.index));
    const at: number[] = [];
    for (let i = 0, offset = 0; i < match[0].length; offset++) {
      if (match[0].startsWith(SOFT_BREAK, i)) {
        at.push(offset);
        i += SOFT_BREAK.length;
      }
      i++;
    }
    breaks.push(at);
    from = match.index + match[0].length;
  }
  pieces.push(source.slice(from));
  return breaks.length === expected ? { pieces, breaks } : null;
}

/** The part with `token` put in, its soft line breaks where the stand-in had them. */
function putIn(cut: Cut, token: string): string {
  let out = cut.pieces[0]!;
  for (const [i, at] of cut.breaks.entries()) {
    let last = 0;
    for (const offset of at) {
      out += token.slice(last, offset) + SOFT_BREAK;
      last = offset;
    }
    out += token.slice(last) + cut.pieces[i + 1]!;
  }
  return out;
}

/**
 * The edition's text and HTML as MIME parts, encoded once and cut where the token goes, so that
 * each e-mail only puts its token in. Encoded with a stand-in of the token's shape: random letters
 * where the token has anything but a dot. Quoted-printable writes every character a token holds
 * (letters, digits, `.`, `-`, `_`) as it is, and where it breaks a long line depends only on
 * lengths and on where spaces and `. , ! ?` fall, so the stand-in's part with a token put in (and
 * the soft line breaks inside it kept where they were) is the token's own part, byte for byte
 * once on the wire (test/notify/assemble.test.ts). Tokens of one shape (subscriber ids of one
 * length) share the parts. Null, and each e-mail encodes its own, if the stand-in does not come
 * out as often as it went in: a guard, should nodemailer ever write a body otherwise (base64
 * keeps no token whole).
 */
function bodyParts(edition: Edition, token: string): BodyParts | null {
  if (!TOKEN_CHARACTERS.test(token)) return null;
  const shape = token.replace(/[^.]/g, 'x');
  let parts = edition.parts.get(shape);
  if (parts !== undefined) return parts;
  const random = crypto.getRandomValues(new Uint8Array(token.length));
  let standIn = '';
  for (let i = 0; i < token.length; i++) standIn += token[i] === '.' ? '.' : LETTERS[random[i]! % LETTERS.length];
  const cut = (body: 'text' | 'html', pieces: string[]): Cut | null => {
    const source = bodyPart(body, pieces.join(standIn));
    // Lines end in CRLF on the wire: the SMTP client would make each bare LF one, cutting and
    // joining the message at every line of every e-mail (the Email Service takes it as it is).
    return source === null ? null : cutAt(source.replace(/\r\n|\r|\n/g, '\r\n'), standIn, pieces.length - 1);
  };
  const text = cut('text', edition.text);
  const html = text && cut('html', edition.html);
  parts = text && html ? { text, html } : null;
  edition.parts.set(shape, parts);
  return parts;
}

/**
 * A notice's e-mail to one subscriber. Rendered once per reader (language, zone, what they follow)
 * for each `s`: the consumer loads one setting per batch, so a batch renders each edition once
 * and signs and addresses each e-mail. `forSending`: the text and HTML come as MIME parts encoded
 * once per edition (`bodyParts`), for the wire; without it as text, for previews.
 */
export async function noticeMail(
  s: MailSetting,
  notice: Notice,
  subscriber: Subscriber,
  options: { deliveryId?: string; now: Date; forSending?: boolean; threadRoot?: string | undefined },
): Promise<SendMailOptions> {
  const token = await manageToken(s, subscriber.id);
  const names = namesIn(s, subscriber.locale);
  const edition = editionFor(s, notice, readerOf({ subscriber, componentNames: names.components }), options.now);
  const parts = options.forSending ? bodyParts(edition, token) : null;
  return mailOptions(
    parts
      ? { subject: edition.subject, text: { raw: putIn(parts.text, token) }, html: { raw: putIn(parts.html, token) } }
      : { subject: edition.subject, text: edition.text.join(token), html: edition.html.join(token) },
    {
      from: s.config.MAIL_FROM,
      to: subscriber.email,
      date: options.now,
      ...threadIds(notice, subscriber.id, mailDomain(s.config.MAIL_FROM), options.threadRoot),
      unsubscribe: { url: subscriberLinks(s.config, token).unsubscribe, mailto: mailtoUnsubscribe(s.config, token) },
      ...(options.deliveryId ? { deliveryId: options.deliveryId } : {}),
      ...(await reportedAs(s, options.deliveryId)),
    },
    edition.attachments,
  );
}

/** The confirmation link, or, for an address already subscribed, its manage link. */
export async function confirmationMail(s: MailSetting, subscriber: Subscriber, deliveryId: string, now: Date): Promise<SendMailOptions> {
  const base = pageLinks(s, subscriber.locale);
  let links: Links & { confirm?: string };
  // Subscribed and receiving: their manage links. Subscribed but bounced: a link to confirm the
  // address takes mail again (confirmSubscription clears the bounce).
  if (isActive(subscriber) && !subscriber.bouncedAt) {
    links = { ...base, ...subscriberLinks(s.config, await manageToken(s, subscriber.id)) };
  } else {
    const expires = Math.floor((now.getTime() + CONFIRM_LINK_TTL_MS) / 1000);
    const token = await signLink(s.secret, { purpose: 'confirm', subscriberId: subscriber.id, expires });
    links = { ...base, confirm: `${s.config.PUBLIC_URL}/confirm/${token}` };
  }
  const content = confirmationContent({ subscriber, componentNames: s.componentNames }, links);
  return mailOptions(renderMail(content), {
    from: s.config.MAIL_FROM,
    to: subscriber.email,
    date: now,
    messageId: `<confirmation.${deliveryId}@${mailDomain(s.config.MAIL_FROM)}>`,
    deliveryId,
    ...(await reportedAs(s, deliveryId)),
  });
}
