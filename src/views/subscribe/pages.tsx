// The subscription pages. Every action is a plain form POST that works without script, and a GET
// never changes anything (mail scanners open links).
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import { LANGUAGE_NAMES, SUBSCRIBE_WORDS } from '../../i18n/subscribe';
import type { ViewContext } from '../public/context';
import { PrivacyNote } from '../public/privacy-note';
import { Layout } from './layout';
import { ZonePicker } from './zone-picker';

export interface ComponentChoice {
  id: string;
  name: string;
  group: string | null;
}

interface Chosen {
  components: readonly string[];
  locale: Locale;
  timeZone: string;
}

function Preferences(props: {
  view: ViewContext;
  components: readonly ComponentChoice[];
  chosen: Chosen;
  /** A new subscriber's form: the script may start the picker on the browser's zone. */
  fresh: boolean;
  now: Date;
}) {
  const w = SUBSCRIBE_WORDS[props.view.locale];
  return (
    <>
      {props.components.length > 0 && (
        <fieldset>
          <legend>{w.components}</legend>
          <p class="hint">{w.componentsHint}</p>
          {props.components.map((c) => (
            <label>
              <input type="checkbox" name="components" value={c.id} checked={props.chosen.components.includes(c.id)} />{' '}
              {c.group ? `${c.group} › ${c.name}` : c.name}
            </label>
          ))}
        </fieldset>
      )}
      <label for="locale">{w.language}</label>
      <select id="locale" name="locale">
        {LOCALES.map((l) => (
          <option value={l} selected={l === props.chosen.locale}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
      <ZonePicker w={w} intlLocale={props.view.t.intlLocale} zone={props.chosen.timeZone} browserDefault={props.fresh} now={props.now} />
    </>
  );
}

export function SubscribePage(props: { view: ViewContext; components: readonly ComponentChoice[]; chosen: Chosen; now: Date }) {
  const w = SUBSCRIBE_WORDS[props.view.locale];
  const title = w.title(props.view.page.name);
  return (
    <Layout view={props.view} title={title}>
      <h1>{title}</h1>
      <p>{w.intro(props.view.page.name)}</p>
      <form method="post" action="/subscribe">
        <label for="email">{w.email}</label>
        <input id="email" name="email" type="email" required autocomplete="email" maxlength={254} aria-describedby="email-hint privacy" />
        <p class="hint" id="email-hint">
          {w.emailHint}
        </p>
        <Preferences view={props.view} components={props.components} chosen={props.chosen} fresh now={props.now} />
        <PrivacyNote view={props.view} id="privacy" />
        <button type="submit">{w.subscribe}</button>
      </form>
    </Layout>
  );
}

/** A page that says one thing, with at most one button (a POST to `action`). */
export function MessagePage(props: {
  view: ViewContext;
  title: string;
  text: string;
  tone?: 'notice' | 'error';
  action?: { url: string; label: string; quiet?: boolean };
  link?: { url: string; label: string };
  details?: readonly string[];
}) {
  return (
    <Layout view={props.view} title={props.title}>
      <h1>{props.title}</h1>
      <p class={props.tone === 'error' ? 'flash error' : props.tone ? 'flash' : undefined}>{props.text}</p>
      {props.details && props.details.length > 0 && (
        <ul>
          {props.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
      {props.action && (
        <form method="post" action={props.action.url}>
          <button type="submit" class={props.action.quiet ? 'quiet' : ''}>
            {props.action.label}
          </button>
        </form>
      )}
      {props.link && (
        <p>
          <a href={props.link.url}>{props.link.label}</a>
        </p>
      )}
    </Layout>
  );
}

export function ManagePage(props: {
  view: ViewContext;
  now: Date;
  token: string;
  email: string;
  active: boolean;
  components: readonly ComponentChoice[];
  chosen: Chosen;
  /** RETENTION_DAYS: how long after leaving this page still lets them back. */
  retentionDays: number;
  flash?: string;
}) {
  const w = SUBSCRIBE_WORDS[props.view.locale];
  const base = `/manage/${props.token}`;
  return (
    <Layout view={props.view} title={w.manageTitle}>
      <h1>{w.manageTitle}</h1>
      {props.flash && <p class="flash">{props.flash}</p>}
      <p>{w.manageIntro(props.email)}</p>
      {props.active ? (
        <>
          <form method="post" action={base}>
            <Preferences view={props.view} components={props.components} chosen={props.chosen} fresh={false} now={props.now} />
            <button type="submit">{w.save}</button>
          </form>
          <h2>{w.leaveTitle}</h2>
          <p>{w.leaveIntro(props.retentionDays)}</p>
          <form method="post" action={`${base}/leave`}>
            <button type="submit" class="quiet">
              {w.leave}
            </button>
          </form>
        </>
      ) : (
        <>
          <p>{w.unsubscribed}</p>
          <form method="post" action={`${base}/resubscribe`}>
            <button type="submit">{w.resubscribe}</button>
          </form>
        </>
      )}
      <PrivacyNote view={props.view} />
    </Layout>
  );
}
