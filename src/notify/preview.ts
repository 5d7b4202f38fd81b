// A notice's e-mail as a subscriber of every component would get it: the same composition
// (assemble.ts) the queue consumer sends, addressed to a sample subscriber stored nowhere.
import type { SendMailOptions } from 'nodemailer';
import type { Locale } from '../domain/model';
import type { Subscriber } from '../domain/subscribers';
import type { Ctx } from '../env';
import type { Notice } from '../store/notices';
import { loadMailSetting, noticeMail } from './assemble';

export interface SampleMail {
  locale: Locale;
  timeZone: string;
  mail: SendMailOptions;
}

/** A confirmed subscriber of every component, reading in `locale` and `timeZone`. */
function sampleSubscriber(locale: Locale, timeZone: string, now: Date): Subscriber {
  const at = now.toISOString();
  return {
    id: 'preview',
    email: 'subscriber@example.com',
    locale,
    timeZone,
    allComponents: true,
    components: [],
    source: 'form',
    createdAt: at,
    updatedAt: at,
    confirmedAt: at,
    unsubscribedAt: null,
    bouncedAt: null,
    bounceReason: null,
  };
}

/** The notice's e-mail in each of `locales`, its times in `timeZone`. */
export async function sampleNoticeMails(
  ctx: Pick<Ctx, 'db' | 'config' | 'now'>,
  notice: Notice,
  locales: readonly Locale[],
  timeZone: string,
): Promise<SampleMail[]> {
  const setting = await loadMailSetting(ctx.db, ctx.config);
  const mails: SampleMail[] = [];
  for (const locale of locales) {
    mails.push({
      locale,
      timeZone,
      mail: await noticeMail(setting, notice, sampleSubscriber(locale, timeZone, ctx.now), { now: ctx.now }),
    });
  }
  return mails;
}
