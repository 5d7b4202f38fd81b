// What the subscription pages say (/subscribe, /confirm, /manage, /unsubscribe), in English and French.
import type { Locale } from '../domain/model';
import { MAX_FOLLOWED_COMPONENTS } from '../domain/subscribers';
import { de, french } from './typography';
import { FRENCH_CITY_NAMES } from './zone-cities-fr';

/** The fields of the subscription forms (/subscribe, /manage). */
const FORM_FIELDS = ['email', 'components', 'locale', 'time_zone'] as const;
/** A field of the subscription forms, or `form` for the form as a whole. */
export type FormField = (typeof FORM_FIELDS)[number] | 'form';

export interface SubscribeWords {
  title: (page: string) => string;
  intro: (page: string) => string;
  email: string;
  emailHint: string;
  components: string;
  componentsHint: string;
  language: string;
  timeZone: string;
  subscribe: string;
  sentTitle: string;
  sent: string;
  confirmTitle: string;
  confirmIntro: (email: string) => string;
  confirm: string;
  confirmedTitle: string;
  confirmed: string;
  /** On confirming and on the manage page: what they follow that is announced and not over yet. */
  stillOpenTitle: string;
  stillOpenIntro: string;
  /** An open incident's start, `when` as formatInstant writes it. */
  since: (when: string) => string;
  /** On the manage page of an address whose server refused our e-mails, `when` as formatInstant writes it. */
  bounced: (when: string) => string;
  manageTitle: string;
  manageIntro: (email: string) => string;
  save: string;
  saved: string;
  leaveTitle: string;
  /** `days`: RETENTION_DAYS, how long after leaving the manage page still lets them back. */
  leaveIntro: (days: number) => string;
  leave: string;
  unsubscribeTitle: string;
  unsubscribeIntro: (email: string) => string;
  unsubscribe: string;
  unsubscribedTitle: string;
  unsubscribed: string;
  resubscribe: string;
  resubscribed: string;
  /** A manage or unsubscribe link of a subscriber erased since they left (or by an operator). */
  erasedTitle: string;
  erased: string;
  subscribeAgain: string;
  manageLink: string;
  backToPage: string;
  errorTitle: string;
  invalidLink: string;
  rateLimited: string;
  invalidForm: string;
  /**
   * Why a field of the form was refused, by field; `form` for anything else (a form that could not
   * be read at all). The schemas speak the API's language, which the JSON answer keeps.
   */
  formProblems: Record<FormField, string>;
  /** `components` refused for its length (MAX_FOLLOWED_COMPONENTS), not for an unknown one. */
  tooManyComponents: string;
  /**
   * What is done with the address, where it is collected (GDPR article 13): `days`, how long an
   * address nobody confirms is kept. True to retention.ts (an address that left is erased when
   * its last delivery row is pruned, RETENTION_DAYS on: the criterion is said, not the operator's
   * number), to the import's refusal to sign up again an address that left (its fingerprint, once
   * erased), to /subscribe, which signs it up again only once its owner confirms, and to the
   * erasure of a bounced address once its last delivery row goes.
   */
  privacyNote: (page: string, days: number) => string;
  privacyLink: string;
  /** The time-zone picker's search box (added by the page's script) and its optgroups, by IANA region. */
  zoneSearch: string;
  zoneSearchHint: string;
  zoneNoMatch: string;
  /** The language's own names of zones' cities, where IANA's English ones differ (« Londres »). */
  zoneCities: Readonly<Record<string, string>>;
  zoneRegions: Record<
    'Africa' | 'America' | 'Antarctica' | 'Arctic' | 'Asia' | 'Atlantic' | 'Australia' | 'Europe' | 'Indian' | 'Pacific',
    string
  >;
}

const en: SubscribeWords = {
  title: (page) => `Get ${page} updates by e-mail`,
  intro: (page) =>
    `We e-mail you when ${page} plans maintenance, when it starts and ends, and about incidents. Each e-mail has a link to change what you receive or to unsubscribe.`,
  email: 'E-mail address',
  emailHint: 'We send a link to this address to confirm it is yours.',
  components: 'Components',
  componentsHint: 'Tick none to hear about everything.',
  language: 'Language',
  timeZone: 'Time zone',
  subscribe: 'Subscribe',
  sentTitle: 'Check your inbox',
  sent: 'If this address can receive our e-mail, a message is on its way. Follow its link to confirm; until then we send nothing else.',
  confirmTitle: 'Confirm your subscription',
  confirmIntro: (email) => `Confirm that ${email} should receive these updates.`,
  confirm: 'Confirm',
  confirmedTitle: 'You are subscribed',
  confirmed: 'Thank you. You will receive the next updates.',
  stillOpenTitle: 'Already announced',
  stillOpenIntro: 'Under way or coming up: you will receive the next updates by e-mail.',
  since: (when) => `since ${when}`,
  bounced: (when) =>
    `Our e-mails to this address were refused by its mail server on ${when}, so we stopped sending them. To receive them again, subscribe with it again on the status page and follow the link we send.`,
  manageTitle: 'Your subscription',
  // Said whether the address still receives news or not: the rest of the page says which.
  manageIntro: (email) => `E-mail address: ${email}`,
  save: 'Save',
  saved: 'Your choices are saved.',
  leaveTitle: 'Stop the e-mails',
  leaveIntro: (days) => `You can come back from this page for ${days} days; after that, subscribe again on the status page.`,
  leave: 'Unsubscribe',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeIntro: (email) => `Stop sending updates to ${email}?`,
  unsubscribe: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribed: 'We will not e-mail you any more.',
  resubscribe: 'Subscribe again',
  resubscribed: 'Welcome back: you will receive the next updates.',
  erasedTitle: 'This address is not subscribed',
  erased: 'It is not subscribed any more, and its settings have been erased. To receive the updates again, subscribe on the status page.',
  subscribeAgain: 'Subscribe',
  manageLink: 'Manage your subscription',
  backToPage: 'Back to the status page',
  errorTitle: 'Sorry',
  invalidLink: 'This link is not valid, or it has expired. The latest e-mail we sent you has one that works.',
  rateLimited: 'Too many requests from your network. Please try again in an hour.',
  invalidForm: 'Please check the form:',
  formProblems: {
    email: 'E-mail address: enter a whole address, such as name@example.com.',
    components: 'Components: one of those ticked no longer exists. Reload the page and tick them again.',
    locale: 'Language: choose one from the list.',
    time_zone: 'Time zone: choose one from the list, such as Europe/Paris.',
    form: 'The form could not be read. Reload the page and try again.',
  },
  tooManyComponents: `Components: tick at most ${MAX_FOLLOWED_COMPONENTS}, or none to receive everything.`,
  privacyNote: (page, days) =>
    `${page} uses your address only to send you these e-mails. Unconfirmed, it is deleted after ${days} days. After you unsubscribe, it is kept as long as the record of the e-mails sent to you, then erased; only a one-way fingerprint of it is kept, with no time limit, so that nobody can sign you up again without your confirmation. If your address’s mail server refuses these e-mails, they stop, and your address is erased once their record is.`,
  privacyLink: 'Privacy policy',
  zoneSearch: 'Find your time zone',
  zoneSearchHint: 'Type a city, a country or a UTC offset',
  zoneNoMatch: 'No time zone matches.',
  zoneCities: {},
  zoneRegions: {
    Africa: 'Africa',
    America: 'Americas',
    Antarctica: 'Antarctica',
    Arctic: 'Arctic',
    Asia: 'Asia',
    Atlantic: 'Atlantic Ocean',
    Australia: 'Australia',
    Europe: 'Europe',
    Indian: 'Indian Ocean',
    Pacific: 'Pacific Ocean',
  },
};

const fr: SubscribeWords = {
  title: (page) => `Recevoir les notifications ${de(page)} par e-mail`,
  intro: (page) =>
    `Nous vous écrivons quand ${page} prévoit une maintenance, quand elle commence et finit, et en cas d’incident. Chaque e-mail contient un lien pour choisir ce que vous recevez ou vous désabonner.`,
  email: 'Adresse e-mail',
  emailHint: 'Nous envoyons un lien à cette adresse pour vérifier qu’elle est à vous.',
  components: 'Composants',
  componentsHint: 'N’en cochez aucun pour tout recevoir.',
  language: 'Langue',
  timeZone: 'Fuseau horaire',
  subscribe: 'S’abonner',
  sentTitle: 'Consultez votre messagerie',
  sent: french`Si cette adresse peut recevoir nos e-mails, un message est en route. Suivez son lien pour confirmer ; d’ici là, nous n’envoyons rien d’autre.`,
  confirmTitle: 'Confirmez votre abonnement',
  confirmIntro: (email) => `Confirmez que l’adresse ${email} doit recevoir ces notifications.`,
  confirm: 'Confirmer',
  confirmedTitle: 'Abonnement confirmé',
  confirmed: 'Merci. Vous recevrez les prochaines notifications.',
  stillOpenTitle: 'Déjà annoncé',
  stillOpenIntro: french`En cours ou à venir : vous recevrez la suite par e-mail.`,
  since: (when) => `depuis le ${when}`,
  bounced: (when) =>
    french`Le serveur de messagerie de cette adresse a refusé nos e-mails le ${when} ; nous avons donc cessé de les envoyer. Pour les recevoir de nouveau, abonnez-vous avec cette adresse sur la page d'état et suivez le lien que nous vous enverrons.`,
  manageTitle: 'Votre abonnement',
  manageIntro: (email) => french`Adresse e-mail : ${email}`,
  save: 'Enregistrer',
  saved: 'Vos choix sont enregistrés.',
  leaveTitle: 'Ne plus recevoir d’e-mails',
  leaveIntro: (days) =>
    french`Vous pourrez revenir depuis cette page pendant ${days} jours ; ensuite, abonnez-vous de nouveau sur la page d'état.`,
  leave: 'Se désabonner',
  unsubscribeTitle: 'Se désabonner',
  unsubscribeIntro: (email) => french`Ne plus envoyer de notifications à ${email} ?`,
  unsubscribe: 'Se désabonner',
  unsubscribedTitle: 'Désabonnement effectué',
  unsubscribed: 'Nous ne vous écrirons plus.',
  resubscribe: 'Se réabonner',
  resubscribed: french`Bon retour : vous recevrez les prochaines notifications.`,
  erasedTitle: french`Cette adresse n'est plus abonnée`,
  erased: french`Ses préférences ont été effacées. Pour recevoir de nouveau les notifications, abonnez-vous sur la page d'état.`,
  subscribeAgain: french`S'abonner`,
  manageLink: 'Gérer votre abonnement',
  backToPage: 'Retour à la page d’état',
  errorTitle: 'Toutes nos excuses',
  invalidLink: 'Ce lien n’est pas valide, ou il a expiré. Le dernier e-mail que nous vous avons envoyé en contient un qui fonctionne.',
  rateLimited: 'Trop de demandes depuis votre réseau. Merci de réessayer dans une heure.',
  invalidForm: french`Merci de vérifier le formulaire :`,
  formProblems: {
    email: french`Adresse e-mail : saisissez une adresse complète, par exemple nom@exemple.fr.`,
    components: french`Composants : l'un de ceux que vous avez cochés n'existe plus. Rechargez la page et cochez-les de nouveau.`,
    locale: french`Langue : choisissez-en une dans la liste.`,
    time_zone: french`Fuseau horaire : choisissez-en un dans la liste, par exemple Europe/Paris.`,
    form: french`Le formulaire n'a pas pu être lu. Rechargez la page et réessayez.`,
  },
  tooManyComponents: french`Composants : cochez-en ${MAX_FOLLOWED_COMPONENTS} au plus, ou aucun pour tout recevoir.`,
  privacyNote: (page, days) =>
    french`${page} n'utilise votre adresse que pour vous envoyer ces e-mails. Sans confirmation, elle est effacée après ${days} jours. Si vous vous désabonnez, elle est conservée aussi longtemps que la trace des e-mails qui vous ont été envoyés, puis effacée ; il n'en reste qu'une empreinte irréversible, conservée sans limite de durée, pour qu'on ne puisse pas vous réinscrire sans votre accord. Si le serveur de messagerie de votre adresse refuse ces e-mails, leur envoi cesse, et votre adresse est effacée avec leur trace.`,
  privacyLink: 'Politique de confidentialité',
  zoneSearch: 'Trouver votre fuseau horaire',
  zoneSearchHint: 'Tapez une ville, un pays ou un décalage UTC',
  zoneNoMatch: 'Aucun fuseau horaire ne correspond.',
  zoneCities: FRENCH_CITY_NAMES,
  zoneRegions: {
    Africa: 'Afrique',
    America: 'Amériques',
    Antarctica: 'Antarctique',
    Arctic: 'Arctique',
    Asia: 'Asie',
    Atlantic: 'Océan Atlantique',
    Australia: 'Australie',
    Europe: 'Europe',
    Indian: 'Océan Indien',
    Pacific: 'Océan Pacifique',
  },
};

export const SUBSCRIBE_WORDS: Record<Locale, SubscribeWords> = { en, fr };

export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

const FIELDS = new Set<string>(FORM_FIELDS);

/**
 * What the reader is told of a refused form, from the refusal's details: zod's issues (paths
 * such as `email` or `components.2`) or a service's object keyed by field (`{ components: [...] }`).
 * One line per field, in the order refused; a refusal naming no field is the form's.
 */
export function formProblemLines(words: SubscribeWords, details: unknown): string[] {
  const refused: { path?: unknown; code?: unknown }[] = Array.isArray(details)
    ? details.map((detail) => (detail !== null && typeof detail === 'object' ? detail : {}))
    : details !== null && typeof details === 'object'
      ? Object.keys(details).map((path) => ({ path }))
      : [];
  const lines = new Set<string>();
  for (const { path, code } of refused.length > 0 ? refused : [{ path: '' }]) {
    const name = typeof path === 'string' ? (path.split('.')[0] ?? '') : '';
    const field: FormField = FIELDS.has(name) ? (name as FormField) : 'form';
    lines.add(field === 'components' && code === 'too_big' ? words.tooManyComponents : words.formProblems[field]);
  }
  return [...lines];
}
