// A notice's e-mail as a subscriber of every component would get it, in each language: the
// same composition (src/notify/assemble.ts) the queue consumer sends, with a sample recipient.
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { Subscriber } from '../../domain/subscribers';
import type { Ctx } from '../../env';
import { loadMailSetting, noticeMail } from '../../notify/assemble';
import { getPage } from '../../services/page';
import type { Notice } from '../../store/notices';

export interface MailPreview {
  locale: Locale;
  timeZone: string;
  subject: string;
  text: string;
  html: string;
}

export async function previewNotice(ctx: Ctx, notice: Notice, locales: readonly Locale[] = LOCALES): Promise<MailPreview[]> {
  const [setting, page] = await Promise.all([loadMailSetting(ctx.db, ctx.config), getPage(ctx)]);
  const at = ctx.now.toISOString();
  const previews: MailPreview[] = [];
  for (const locale of locales) {
    const sample: Subscriber = {
      id: 'preview',
      email: 'subscriber@example.com',
      locale,
      timeZone: page.timeZone,
      allComponents: true,
      components: [],
      source: 'form',
      createdAt: at,
      updatedAt: at,
      confirmedAt: at,
      unsubscribedAt: null,
    };
    const mail = await noticeMail(setting, notice, sample, { now: ctx.now });
    previews.push({
      locale,
      timeZone: page.timeZone,
      subject: String(mail.subject ?? ''),
      text: String(mail.text ?? ''),
      html: String(mail.html ?? ''),
    });
  }
  return previews;
}
