// Everything one e-mail needs, gathered once per batch, and the e-mail for a notice or a
// confirmation. The queue consumer sends these; the admin preview shows them.
import type { SendMailOptions } from 'nodemailer';
import { CONFIRM_LINK_TTL_MS, signLink } from '../domain/signed-links';
import type { Subscriber } from '../domain/subscribers';
import { isActive } from '../domain/subscribers';
import type { Config } from '../env';
import { listComponents } from '../store/components';
import type { Notice } from '../store/notices';
import { findPageSettings } from '../store/page';
import { calendarAttachment, mailDomain, mailOptions, threadIds } from './compose';
import { confirmationContent, type Links, noticeContent } from './content';

export interface MailSetting {
  config: Config;
  secret: string;
  pageName: string;
  componentNames: ReadonlyMap<string, string>;
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
  };
}

async function subscriberLinks(s: MailSetting, subscriberId: string): Promise<Required<Pick<Links, 'manage' | 'unsubscribe'>>> {
  const token = await signLink(s.secret, { purpose: 'manage', subscriberId });
  return { manage: `${s.config.PUBLIC_URL}/manage/${token}`, unsubscribe: `${s.config.PUBLIC_URL}/unsubscribe/${token}` };
}

const mailtoUnsubscribe = (config: Config, unsubscribeUrl: string): string => {
  const token = unsubscribeUrl.split('/').pop() ?? '';
  return `mailto:${config.UNSUBSCRIBE_MAILTO}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
};

export async function noticeMail(
  s: MailSetting,
  notice: Notice,
  subscriber: Subscriber,
  options: { deliveryId?: string; now: Date },
): Promise<SendMailOptions> {
  const links = await subscriberLinks(s, subscriber.id);
  const content = noticeContent(
    notice,
    { subscriber, componentNames: s.componentNames },
    { publicUrl: s.config.PUBLIC_URL, pageName: s.pageName, ...links },
  );
  return mailOptions(
    content,
    {
      from: s.config.MAIL_FROM,
      to: subscriber.email,
      date: options.now,
      ...threadIds(notice, subscriber.id, mailDomain(s.config.MAIL_FROM)),
      unsubscribe: { url: links.unsubscribe, mailto: mailtoUnsubscribe(s.config, links.unsubscribe) },
      ...(options.deliveryId ? { deliveryId: options.deliveryId } : {}),
    },
    calendarAttachment(notice, content, subscriber.locale, s.config.PUBLIC_URL),
  );
}

/** The confirmation link, or, for an address already subscribed, its manage link. */
export async function confirmationMail(s: MailSetting, subscriber: Subscriber, deliveryId: string, now: Date): Promise<SendMailOptions> {
  const base = { publicUrl: s.config.PUBLIC_URL, pageName: s.pageName };
  let links: Links & { confirm?: string };
  if (isActive(subscriber)) {
    links = { ...base, ...(await subscriberLinks(s, subscriber.id)) };
  } else {
    const expires = Math.floor((now.getTime() + CONFIRM_LINK_TTL_MS) / 1000);
    const token = await signLink(s.secret, { purpose: 'confirm', subscriberId: subscriber.id, expires });
    links = { ...base, confirm: `${s.config.PUBLIC_URL}/confirm/${token}` };
  }
  const content = confirmationContent({ subscriber, componentNames: s.componentNames }, links);
  return mailOptions(content, {
    from: s.config.MAIL_FROM,
    to: subscriber.email,
    date: now,
    messageId: `<confirmation.${deliveryId}@${mailDomain(s.config.MAIL_FROM)}>`,
    deliveryId,
  });
}
