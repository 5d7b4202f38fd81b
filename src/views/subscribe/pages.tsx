// The subscription pages. Every action is a plain form POST: no script, and a GET never changes
// anything (mail scanners open links).
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import { LANGUAGE_NAMES, SUBSCRIBE_WORDS } from '../../i18n/subscribe';
import { Layout } from './layout';

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

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

function Preferences(props: { locale: Locale; components: readonly ComponentChoice[]; chosen: Chosen }) {
  const w = SUBSCRIBE_WORDS[props.locale];
  const zones = ZONES.includes(props.chosen.timeZone) ? ZONES : [props.chosen.timeZone, ...ZONES];
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
      <label for="time_zone">{w.timeZone}</label>
      <select id="time_zone" name="time_zone">
        {zones.map((z) => (
          <option value={z} selected={z === props.chosen.timeZone}>
            {z}
          </option>
        ))}
      </select>
    </>
  );
}

export function SubscribePage(props: { locale: Locale; pageName: string; components: readonly ComponentChoice[]; chosen: Chosen }) {
  const w = SUBSCRIBE_WORDS[props.locale];
  const title = w.title(props.pageName);
  return (
    <Layout locale={props.locale} title={title} pageName={props.pageName}>
      <h1>{title}</h1>
      <p>{w.intro(props.pageName)}</p>
      <form method="post" action="/subscribe">
        <label for="email">{w.email}</label>
        <input id="email" name="email" type="email" required autocomplete="email" maxlength={254} />
        <p class="hint">{w.emailHint}</p>
        <Preferences locale={props.locale} components={props.components} chosen={props.chosen} />
        <button type="submit">{w.subscribe}</button>
      </form>
    </Layout>
  );
}

/** A page that says one thing, with at most one button (a POST to `action`). */
export function MessagePage(props: {
  locale: Locale;
  pageName: string;
  title: string;
  text: string;
  tone?: 'notice' | 'error';
  action?: { url: string; label: string; quiet?: boolean };
  link?: { url: string; label: string };
  details?: readonly string[];
}) {
  return (
    <Layout locale={props.locale} title={props.title} pageName={props.pageName}>
      <h1>{props.title}</h1>
      <p class={props.tone ?? ''}>{props.text}</p>
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
  locale: Locale;
  pageName: string;
  token: string;
  email: string;
  active: boolean;
  components: readonly ComponentChoice[];
  chosen: Chosen;
  flash?: string;
}) {
  const w = SUBSCRIBE_WORDS[props.locale];
  const base = `/manage/${props.token}`;
  return (
    <Layout locale={props.locale} title={w.manageTitle} pageName={props.pageName}>
      <h1>{w.manageTitle}</h1>
      {props.flash && <p class="notice">{props.flash}</p>}
      <p>{w.manageIntro(props.email)}</p>
      {props.active ? (
        <>
          <form method="post" action={base}>
            <Preferences locale={props.locale} components={props.components} chosen={props.chosen} />
            <button type="submit">{w.save}</button>
          </form>
          <h2>{w.leaveTitle}</h2>
          <p>{w.leaveIntro}</p>
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
    </Layout>
  );
}
