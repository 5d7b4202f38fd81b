// Operator text side by side in each page language: the page's default language first, as the
// field itself (required where the field is), then the other languages, optional: their readers
// get the default language's text where one is left empty. The default language's input keeps
// the field's name (`name`); the others are `translations.<locale>.<field>`, as the admin API
// takes them. The other languages sit in a group named after the field, each input named after
// its language, so that a screen reader hears "Name in other languages, French".
import type { FC } from 'hono/jsx';
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { FormState } from './fields';
import { TextArea, TextField } from './fields';

export const LANGUAGE: Record<Locale, string> = { en: 'English', fr: 'French' };

/** The languages other than the page's default one, in catalogue order. */
export const otherLanguages = (defaultLocale: Locale): Locale[] => LOCALES.filter((l) => l !== defaultLocale);

export const translationField = (locale: Locale, field: string): string => `translations.${locale}.${field}`;

export const TranslatedText: FC<{
  form: string;
  name: string;
  label: string;
  state: FormState;
  defaultLocale: Locale;
  /** A text area of this many rows; a one-line input when absent. */
  rows?: number;
  required?: boolean;
  hint?: string;
}> = (p) => {
  const languageHint = `In ${LANGUAGE[p.defaultLocale]}, the page’s language.`;
  const hint = p.hint ? `${p.hint} ${languageHint}` : languageHint;
  const Input = (q: { name: string; label: string; hint: string; required?: boolean | undefined }) =>
    p.rows ? <TextArea form={p.form} state={p.state} rows={p.rows} {...q} /> : <TextField form={p.form} state={p.state} {...q} />;
  return (
    <div class="grid translated" data-field={p.name}>
      <div>
        <Input name={p.name} label={p.label} hint={hint} required={p.required} />
      </div>
      <fieldset class="translations">
        <legend>{`${p.label} in other languages`}</legend>
        {otherLanguages(p.defaultLocale).map((locale) => (
          <Input
            name={translationField(locale, p.name)}
            label={LANGUAGE[locale]}
            hint={`Optional: ${LANGUAGE[locale]} readers get the ${LANGUAGE[p.defaultLocale]} text where this is empty.`}
          />
        ))}
      </fieldset>
    </div>
  );
};
