// What a chat channel is sent when an operator tests it: a message in its platform's markup and
// its language, drawn by the same code as a notice's, that says the channel works, what it will
// receive, and that nothing is wrong.
import type { Locale } from '../../domain/model';
import { MAIL } from '../../i18n/mail';
import { de, french } from '../../i18n/typography';
import { formatInstant } from '../../i18n/when';
import { type ChatFormat, type ChatOptions, type ChatRequest, momentRequest } from './index';
import { TONE_COLOR } from './moment';

const WORDS: Record<Locale, { title: (page: string) => string; lead: (page: string, language: string) => string; link: string }> = {
  en: {
    title: (page) => `Test: ${page} can post here`,
    lead: (page, language) =>
      `This channel will receive the incidents and maintenance of ${page}, in ${language}. Nothing is wrong: an operator sent this test.`,
    link: 'View the status page',
  },
  fr: {
    title: (page) => french`Test : ${page} peut publier ici`,
    lead: (page, language) =>
      french`Ce canal recevra les incidents et les maintenances ${de(page)}, en ${language}. Tout va bien : un opérateur a envoyé ce test.`,
    link: french`Voir la page d'état`,
  },
};

const LANGUAGE: Record<Locale, Record<Locale, string>> = {
  en: { en: 'English', fr: 'French' },
  fr: { en: 'anglais', fr: 'français' },
};

/** The test message for a channel in `format`, in `options.locale`, sent at `options.now`. */
export function chatTestRequest(format: ChatFormat, options: ChatOptions & { now: Date }): ChatRequest {
  const { locale, pageName } = options;
  const w = WORDS[locale];
  const pageUrl = options.pageUrl.replace(/\/+$/, '');
  return momentRequest(
    format,
    {
      locale,
      title: w.title(pageName),
      lead: w.lead(pageName, LANGUAGE[locale][locale]),
      tone: 'good',
      color: TONE_COLOR.good,
      facts: [],
      colon: MAIL[locale].colon,
      componentsLabel: MAIL[locale].labels.components,
      components: [],
      stillWorking: null,
      message: null,
      at: formatInstant(options.now.toISOString(), locale, options.zone),
      timestamp: options.now.toISOString(),
      url: pageUrl,
      linkLabel: w.link,
      pageName,
      pageUrl,
    },
    'forewarn-test',
  );
}
