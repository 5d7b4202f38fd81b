// A draft's preview on its page: how many subscribers publishing e-mails, the public card in
// each language and each e-mail (subject, HTML in a sandboxed frame, plain text), or why it
// cannot be published as it is.
import type { FC } from 'hono/jsx';
import type { Locale } from '../../domain/model';
import type { Draft } from '../../store/drafts';
import { D } from './draft-strings';

export interface MailPreviewView {
  locale: Locale;
  subject: string;
  text: string;
}

/** What the draft page shows of its preview, or why there is none (the draft can no longer be published as it is). */
export type PreviewView =
  | { ok: true; audience: { total: number; byLocale: Record<Locale, number> }; deliver: boolean; mails: readonly MailPreviewView[] }
  | { ok: false; problem: string };

export const Preview: FC<{ draft: Draft; preview: PreviewView; locales: readonly Locale[] }> = ({ draft, preview, locales }) => {
  if (!preview.ok) {
    return (
      <div class="error-summary" role="alert">
        <p>
          <strong>{D.cannotPublish}</strong> {preview.problem}
        </p>
        <p>{D.editToFix}</p>
      </div>
    );
  }
  return (
    <>
      <p class="audience">
        <strong>{preview.deliver ? D.audience(preview.audience.total, preview.audience.byLocale) : D.silent}</strong>
      </p>
      <h3>{D.cards}</h3>
      <div class="grid">
        {locales.map((locale) => (
          <section class="card" aria-label={D.cardIn(locale)} data-preview-card={locale}>
            <h4>{D.cardIn(locale)}</h4>
            <iframe
              class="preview-card"
              title={D.cardFrame(locale)}
              src={`/admin/drafts/${draft.id}/card/${locale}`}
              sandbox=""
              width="100%"
              height="480"
            />
          </section>
        ))}
      </div>
      <h3>{D.mails}</h3>
      <p class="hint">{D.sample}</p>
      {preview.mails.map((m) => (
        <section
          class="card"
          aria-label={D.mailIn(m.locale, preview.deliver ? preview.audience.byLocale[m.locale] : 0)}
          data-preview-mail={m.locale}
        >
          <h4>{D.mailIn(m.locale, preview.deliver ? preview.audience.byLocale[m.locale] : 0)}</h4>
          <p>
            <strong>{D.mailSubject}:</strong> <span class="mail-subject">{m.subject}</span>
          </p>
          <iframe class="preview" title={D.mailFrame(m.locale)} src={`/admin/drafts/${draft.id}/mail/${m.locale}`} sandbox="" />
          <details>
            <summary>{D.textPart}</summary>
            <pre>{m.text}</pre>
          </details>
        </section>
      ))}
    </>
  );
};
