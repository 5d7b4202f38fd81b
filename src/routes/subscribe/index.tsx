// /subscribe, /confirm/:token, /manage/:token, /unsubscribe/:token: subscribers' own pages.
// One-click unsubscribe follows RFC 8058: POST on the List-Unsubscribe URL unsubscribes at once,
// GET only shows a button, because mail scanners fetch links.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../app-env';
import { clientAddress } from '../../domain/client-network';
import { AppError, ERROR_STATUS } from '../../domain/errors';
import { inLocale } from '../../domain/localized';
import type { Locale, PageSettings } from '../../domain/model';
import { isActive, type Subscriber } from '../../domain/subscribers';
import { knownZone } from '../../domain/zone-days';
import { createCtx } from '../../env';
import { MESSAGES } from '../../i18n';
import { isLocale, localeCookie, negotiateLocale } from '../../i18n/negotiate';
import { formProblemLines, SUBSCRIBE_WORDS, type SubscribeWords } from '../../i18n/subscribe';
import { REFUSAL_WORDS } from '../../i18n/subscribe-refusals';
import { localizeSnapshot } from '../../present/localize';
import { getPage } from '../../services/page';
import { DEFAULT_PAGE } from '../../services/snapshot';
import { SubscribeLimited } from '../../services/subscribe-limits';
import {
  confirmSubscription,
  ErasedSubscriber,
  PreferencesInput,
  requestSubscription,
  resubscribe,
  SubscribeInput,
  stillOpenForSubscriber,
  subscriberOfLink,
  unsubscribe,
  updatePreferences,
} from '../../services/subscriptions';
import { listComponents, listGroups } from '../../store/components';
import type { ViewContext } from '../../views/public/context';
import { type ComponentChoice, ManagePage, MessagePage, SubscribePage } from '../../views/subscribe/pages';
import { currentSnapshot } from '../cacheable';
import { readJson } from '../http';
import { editHeaders, securityHeaderValues } from '../security-headers';
import { readForm, sendsJson, wantsJson } from './form';
import { CrossSitePost, sameOriginPosts } from './same-origin';

// Each with everything below it, so that a stray method or path is answered here, in the client's format.
const PATHS = ['/subscribe/*', '/confirm/*', '/manage/*', '/unsubscribe/*'];

// The public pages' CSP (their stylesheet and scripts, no inline code), and, since these pages
// carry secret links in their URLs: never cached, never sent on as a referrer, never indexed.
const HEADERS = {
  ...securityHeaderValues('none'),
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
};

type C = Context<AppEnv>;

/** The page, with the language cookie when `?lang=` chose the language (as the public pages keep it). */
async function page(c: C, view: ViewContext, body: Promise<string> | string, status: ContentfulStatusCode = 200) {
  if (isLocale(c.req.query('lang'))) c.header('Set-Cookie', localeCookie(view.locale, c.req.url));
  return c.html(`<!doctype html>${await body}`, status);
}

async function pageSettings(c: C) {
  return getPage(c.get('ctx'));
}

/** What the public frame needs: the reader's language, the page (its name in that language) and where the switch leads. */
function viewOf(c: C, settings: PageSettings, locale: Locale): ViewContext {
  return {
    locale,
    t: MESSAGES[locale],
    page: { ...settings, name: inLocale(settings.name, settings.translations, 'name', locale) },
    zone: knownZone(settings.timeZone),
    path: c.req.path,
    search: '',
  };
}

/** `?lang=` first, then the subscriber's own language, else the reader's or the page's. */
function localeFor(c: C, fallback: Locale): Locale {
  return negotiateLocale({ query: c.req.query('lang'), cookieHeader: null, acceptLanguage: null, fallback }).locale;
}

function readerLocale(c: C, pageDefault: Locale): Locale {
  return negotiateLocale({
    query: c.req.query('lang'),
    cookieHeader: c.req.header('cookie'),
    acceptLanguage: c.req.header('accept-language'),
    fallback: pageDefault,
  }).locale;
}

async function componentChoices(c: C, locale: Locale): Promise<ComponentChoice[]> {
  const db = c.get('ctx').db;
  const [components, groups] = await Promise.all([listComponents(db), listGroups(db)]);
  const groupName = new Map(groups.map((g) => [g.id, inLocale(g.name, g.translations, 'name', locale)]));
  return components.map((x) => ({
    id: x.id,
    name: inLocale(x.name, x.translations, 'name', locale),
    group: x.groupId ? (groupName.get(x.groupId) ?? null) : null,
  }));
}

const chosen = (s: Subscriber) => ({ components: s.allComponents ? [] : s.components, locale: s.locale, timeZone: s.timeZone });

type Message = Omit<Parameters<typeof MessagePage>[0], 'view'>;

/**
 * What `subscriber` follows that was announced and is not over, read from the public snapshot in
 * `locale`, in their zone; none when the snapshot cannot be read (their write is done all the same).
 */
async function stillOpenOf(c: C, subscriber: Subscriber, locale: Locale): Promise<Message['stillOpen']> {
  try {
    // Names only: the page's zone keeps to the copies the public pages make (one per language).
    const read = localizeSnapshot(await currentSnapshot(c), locale);
    return { open: await stillOpenForSubscriber(c.get('ctx'), read, subscriber), zone: subscriber.timeZone };
  } catch (error) {
    console.error('subscribe: cannot read what is announced; the page goes without it', error);
    return undefined;
  }
}

/**
 * What a link shows the subscriber it names, in the link's `?lang=` or else their own language;
 * with `stillOpen`, what they follow that is announced and not over (whenever it was announced:
 * before they joined, or while their address bounced).
 */
async function messageTo(c: C, subscriber: Subscriber, message: (w: SubscribeWords) => Message, { stillOpen = false } = {}) {
  const settings = await pageSettings(c);
  const view = viewOf(c, settings, localeFor(c, subscriber.locale));
  const open = stillOpen ? await stillOpenOf(c, subscriber, view.locale) : undefined;
  return page(c, view, MessagePage({ view, ...message(SUBSCRIBE_WORDS[view.locale]), ...(open ? { stillOpen: open } : {}) }));
}

/** Their settings, and while they are subscribed (and reachable), what they follow that is announced and not over. */
async function managePage(c: C, subscriber: Subscriber, flash?: (w: SubscribeWords) => string) {
  const settings = await pageSettings(c);
  const view = viewOf(c, settings, localeFor(c, subscriber.locale));
  // Not to a bounced address: nothing comes by e-mail until they confirm again, as the page says.
  const open = isActive(subscriber) && !subscriber.bouncedAt ? await stillOpenOf(c, subscriber, view.locale) : undefined;
  return page(
    c,
    view,
    ManagePage({
      view,
      now: ctxNow(c),
      token: c.req.param('token') ?? '',
      email: subscriber.email,
      active: isActive(subscriber),
      components: await componentChoices(c, view.locale),
      chosen: chosen(subscriber),
      retentionDays: c.get('ctx').config.RETENTION_DAYS,
      bouncedAt: subscriber.bouncedAt,
      ...(flash ? { flash: flash(SUBSCRIBE_WORDS[view.locale]) } : {}),
      ...(open ? { stillOpen: open } : {}),
    }),
  );
}

const ctxNow = (c: C): Date => c.get('ctx').now;

const confirmed = (w: SubscribeWords): Message => ({ title: w.confirmedTitle, text: w.confirmed, tone: 'notice' });

/** After leaving, and on the unsubscribe link of someone who has left (the language switch leads there). */
const unsubscribed =
  (token: string) =>
  (w: SubscribeWords): Message => ({
    title: w.unsubscribedTitle,
    text: w.unsubscribed,
    tone: 'notice',
    link: { url: `/manage/${token}`, label: w.manageLink },
  });

/** An error's answer: the middleware's headers are not set on what onError returns. */
function withHeaders(response: Response): Response {
  for (const [name, value] of Object.entries(HEADERS)) response.headers.set(name, value);
  return response;
}

/** The page in the reader's language, when no subscriber's is known. */
async function readerView(c: C): Promise<ViewContext> {
  const settings = await pageSettings(c);
  return viewOf(c, settings, readerLocale(c, settings.defaultLocale));
}

/**
 * A genuine manage link whose subscriber is no more (ErasedSubscriber): not subscribed, and the
 * way back. 200 when the reader asked to leave, 410 for what can no longer be done or shown.
 */
function erasedPage(c: C, view: ViewContext, status: ContentfulStatusCode = 200) {
  const w = SUBSCRIBE_WORDS[view.locale];
  return page(
    c,
    view,
    MessagePage({ view, title: w.erasedTitle, text: w.erased, tone: 'notice', link: { url: '/subscribe', label: w.subscribeAgain } }),
    status,
  );
}

export function subscriptions(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  for (const path of PATHS) {
    app.use(path, async (c, next) => {
      const actor = c.req.path === '/subscribe' ? 'public' : 'subscriber';
      c.set(
        'ctx',
        createCtx(c.env, c.get('deps'), actor, (work) => c.executionCtx.waitUntil(work)),
      );
      await next();
      editHeaders(c, (headers) => {
        for (const [name, value] of Object.entries(HEADERS)) headers.set(name, value);
      });
    });
    app.use(path, sameOriginPosts());
  }

  app.onError(async (error, c) => {
    if (!(error instanceof AppError)) throw error;
    const status = ERROR_STATUS[error.code];
    if (wantsJson(c)) {
      return c.json({ error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }, status);
    }
    // The error may be D1's: the frame then names the page as a fresh install does.
    const settings = await pageSettings(c).catch(() => null);
    const locale = readerLocale(c, settings?.defaultLocale ?? 'en');
    const view = viewOf(c, settings ?? { ...DEFAULT_PAGE, pageId: '', updatedAt: '' }, locale);
    const w = SUBSCRIBE_WORDS[locale];
    if (error instanceof ErasedSubscriber) return withHeaders(await erasedPage(c, view, status));
    const text =
      error.code === 'not_found'
        ? w.invalidLink
        : error instanceof SubscribeLimited && error.scope === 'everyone'
          ? REFUSAL_WORDS[locale].busy
          : error.code === 'rate_limited'
            ? w.rateLimited
            : error instanceof CrossSitePost
              ? REFUSAL_WORDS[locale].crossSite
              : error.code === 'invalid'
                ? w.invalidForm
                : error.code === 'payload_too_large' || error.code === 'unsupported_media_type'
                  ? w.formProblems.form
                  : error.message;
    // The reader's words for each refused field; the JSON answer above keeps the schema's.
    const details = error.code === 'invalid' ? formProblemLines(w, error.details) : [];
    return withHeaders(await page(c, view, MessagePage({ view, title: w.errorTitle, text, tone: 'error', details }), status));
  });

  app.get('/subscribe', async (c) => {
    const settings = await pageSettings(c);
    const view = viewOf(c, settings, readerLocale(c, settings.defaultLocale));
    // The page's zone until the picker's script puts the browser's in its place.
    const choice = { components: [], locale: view.locale, timeZone: settings.timeZone };
    return page(c, view, SubscribePage({ view, components: await componentChoices(c, view.locale), chosen: choice, now: ctxNow(c) }));
  });

  app.post('/subscribe', async (c) => {
    const ctx = c.get('ctx');
    const settings = await pageSettings(c);
    const json = wantsJson(c);
    // The body's type picks the reader, the Accept header the answer: a script may post the form and want JSON back.
    const input = sendsJson(c) ? await readJson(c, SubscribeInput) : await readForm(c, SubscribeInput, ['email', 'locale', 'time_zone']);
    const locale = readerLocale(c, settings.defaultLocale);
    await requestSubscription({
      ctx,
      input,
      ip: clientAddress(c.req.header('cf-connecting-ip'), c.req.header('cf-connecting-ipv6')),
      defaults: { locale, timeZone: settings.timeZone },
    });
    const shown = input.locale ?? locale;
    const w = SUBSCRIBE_WORDS[shown];
    if (json) return c.json({ message: w.sent }, 202);
    const view = viewOf(c, settings, shown);
    return page(c, view, MessagePage({ view, title: w.sentTitle, text: w.sent, tone: 'notice' }));
  });

  app.get('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const subscriber = await subscriberOfLink(c.get('ctx'), token, 'confirm');
    // Confirmed already (the page's language switch comes back here after the button): say so.
    // A bounced address is asked to confirm again: following the button clears the bounce.
    if (isActive(subscriber) && !subscriber.bouncedAt) return messageTo(c, subscriber, confirmed, { stillOpen: true });
    return messageTo(c, subscriber, (w) => ({
      title: w.confirmTitle,
      text: w.confirmIntro(subscriber.email),
      action: { url: `/confirm/${token}`, label: w.confirm },
    }));
  });

  app.post('/confirm/:token', async (c) => {
    const subscriber = await confirmSubscription({ ctx: c.get('ctx'), token: c.req.param('token') });
    return messageTo(c, subscriber, confirmed, { stillOpen: true });
  });

  app.get('/manage/:token', async (c) => managePage(c, await subscriberOfLink(c.get('ctx'), c.req.param('token'), 'manage')));

  app.post('/manage/:token', async (c) => {
    // The link first: a forged one is a 404 whatever the form holds.
    await subscriberOfLink(c.get('ctx'), c.req.param('token'), 'manage');
    const input = await readForm(c, PreferencesInput, ['locale', 'time_zone']);
    const subscriber = await updatePreferences({ ctx: c.get('ctx'), token: c.req.param('token'), input });
    return managePage(c, subscriber, (w) => w.saved);
  });

  app.post('/manage/:token/leave', async (c) => {
    const subscriber = await unsubscribe({ ctx: c.get('ctx'), token: c.req.param('token') });
    if (!subscriber) return erasedPage(c, await readerView(c));
    return managePage(c, subscriber, (w) => w.unsubscribedTitle);
  });

  app.post('/manage/:token/resubscribe', async (c) => {
    const subscriber = await resubscribe({ ctx: c.get('ctx'), token: c.req.param('token') });
    return managePage(c, subscriber, (w) => w.resubscribed);
  });

  app.get('/unsubscribe/:token', async (c) => {
    const token = c.req.param('token');
    const subscriber = await subscriberOfLink(c.get('ctx'), token, 'manage');
    if (subscriber.unsubscribedAt) return messageTo(c, subscriber, unsubscribed(token));
    return messageTo(c, subscriber, (w) => ({
      title: w.unsubscribeTitle,
      text: w.unsubscribeIntro(subscriber.email),
      action: { url: `/unsubscribe/${token}`, label: w.unsubscribe, quiet: true },
      link: { url: `/manage/${token}`, label: w.manageLink },
    }));
  });

  // The mail client's one-click POST (body "List-Unsubscribe=One-Click") and the page's button alike.
  app.post('/unsubscribe/:token', async (c) => {
    const token = c.req.param('token');
    const subscriber = await unsubscribe({ ctx: c.get('ctx'), token });
    // Erased since they left: leaving is done all the same (RFC 8058 wants a success).
    if (!subscriber) return erasedPage(c, await readerView(c));
    return messageTo(c, subscriber, unsubscribed(token));
  });

  for (const path of PATHS) {
    app.all(path, (c) => {
      throw new AppError('not_found', `Nothing at ${c.req.method} ${c.req.path}`);
    });
  }

  return app;
}
