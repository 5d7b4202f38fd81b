// What the subscription pages say when they refuse a request for the form's own safety: a post
// from another site, or the whole form past its hourly limit.
import type { Locale } from '../domain/model';
import { french } from './typography';

export interface RefusalWords {
  /** A form posted from another site's page. */
  crossSite: string;
  /** Every sender together asked too much this hour. */
  busy: string;
}

export const REFUSAL_WORDS: Record<Locale, RefusalWords> = {
  en: {
    crossSite:
      'This request came from another website, so nothing was done. To subscribe, or to change your subscription, use the form on our own page.',
    busy: 'We are receiving too many subscription requests right now. Please try again in an hour.',
  },
  fr: {
    crossSite: french`Cette demande vient d'un autre site : rien n'a été fait. Pour vous abonner, ou modifier votre abonnement, utilisez le formulaire de notre propre page.`,
    busy: 'Nous recevons trop de demandes d’abonnement en ce moment. Merci de réessayer dans une heure.',
  },
};
