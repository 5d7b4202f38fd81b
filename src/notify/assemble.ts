// Everything one e-mail needs, gathered once per batch, and the e-mail for a notice or a
// confirmation. The queue consumer sends these; the admin preview shows them.
import type { SendMailOptions } from 'nodemailer';
import { inLocale, type Translations } from '../domain/localized';
import type { Locale } from '../domain/model';
import { CONFIRM_LINK_TTL_MS, signLink } from '../domain/signed-links';
import type { Subscriber } from '../domain/subscribers';
import { isActive } from '../domain/subscribers';
import type { Config } from '../env';
import { calendarOrganizer } from '../present/icalendar';
import { listComponents } from '../store/components';
import type { Notice } from '../store/notices';
import { findPageSettings } from '../store/page';
import { type Attachment, calendarAttachment, mailDomain, mailOptions, prebuilt, renderMail, threadIds } from './compose';
import { confirmationContent, type Links, noticeContent, type Reader, readerKey, readerOf } from './content';

export interface MailSetting {
  readonly config: Config;
  readonly secret: string;
  readonly pageName: string;
  readonly componentNames: ReadonlyMap<string, string>;
  readonly pageTranslations?: Translations<'name'>;
  readonly componentTranslations?: ReadonlyMap<string, Translations<'name'>>;
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

export async function loadMailSetting(db: D1Database, config: Config): Promise<MailSetting> {
  const [page, components] = await Promise.all([findPageSettings(db), listComponents(db)]);
  return {
    config,
    secret: signingSecret(config),
    pageName: page?.name ?? 'Status',
    componentNames: new Map(components.map((c) => [c.id, c.name])),
    pageTranslations: page?.translations ?? {},
    componentTranslations: new Map(components.map((c) => [c.id, c.translations])),
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
  const content = noticeContent(
    notice,
    reader,
    {
      publicUrl: s.config.PUBLIC_URL,
      pageName: namesIn(s, reader.locale).page,
      ...subscriberLinks(s.config, placeholder),
    },
    now,
  );
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
  edition = { subject: mail.subject, text: mail.text.split(placeholder), html: mail.html.split(placeholder), attachments };
  forNotice.mails.set(key, edition);
  return edition;
}

/**
 * A notice's e-mail to one subscriber. Rendered once per reader (language, zone, what they follow)
 * for each `s`: the consumer loads one setting per batch, so a batch renders each edition once
 * and signs and addresses each e-mail.
 */
export async function noticeMail(
  s: MailSetting,
  notice: Notice,
  subscriber: Subscriber,
  options: { deliveryId?: string; now: Date },
): Promise<SendMailOptions> {
  const token = await manageToken(s, subscriber.id);
  const names = namesIn(s, subscriber.locale);
  const edition = editionFor(s, notice, readerOf({ subscriber, componentNames: names.components }), options.now);
  return mailOptions(
    { subject: edition.subject, text: edition.text.join(token), html: edition.html.join(token) },
    {
      from: s.config.MAIL_FROM,
      to: subscriber.email,
      date: options.now,
      ...threadIds(notice, subscriber.id, mailDomain(s.config.MAIL_FROM)),
      unsubscribe: { url: subscriberLinks(s.config, token).unsubscribe, mailto: mailtoUnsubscribe(s.config, token) },
      ...(options.deliveryId ? { deliveryId: options.deliveryId } : {}),
    },
    edition.attachments,
  );
}

/** The confirmation link, or, for an address already subscribed, its manage link. */
export async function confirmationMail(s: MailSetting, subscriber: Subscriber, deliveryId: string, now: Date): Promise<SendMailOptions> {
  const base = { publicUrl: s.config.PUBLIC_URL, pageName: namesIn(s, subscriber.locale).page };
  let links: Links & { confirm?: string };
  if (isActive(subscriber)) {
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
  });
}
