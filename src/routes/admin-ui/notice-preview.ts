// A notice's e-mail as a subscriber of every component would get it, in each language, its times
// in the page's zone: the sample mails of src/notify/preview.ts, as the notice page shows them.
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { Ctx } from '../../env';
import { sampleNoticeMails } from '../../notify/preview';
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
  const page = await getPage(ctx);
  const samples = await sampleNoticeMails(ctx, notice, locales, page.timeZone);
  return samples.map(({ locale, timeZone, mail }) => ({
    locale,
    timeZone,
    subject: String(mail.subject ?? ''),
    text: String(mail.text ?? ''),
    html: String(mail.html ?? ''),
  }));
}
