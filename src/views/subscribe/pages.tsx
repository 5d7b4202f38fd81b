// The subscription pages. Every action is a plain form POST that works without script, and a GET
// never changes anything (mail scanners open links).
import type { Locale } from '../../domain/model';
import { LOCALES } from '../../domain/model';
import type { StillOpen } from '../../domain/upcoming';
import { LANGUAGE_NAMES, SUBSCRIBE_WORDS } from '../../i18n/subscribe';
import { formatInstant, formatWindow } from '../../i18n/when';
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

/**
 * What the subscriber follows that is announced and not over (announced before they joined, or
 * before they chose it), in their language and their zone (the one they chose, not the
 * browser's): each links to its page, maintenance to its event.
 */
export function StillOpenList(props: { view: ViewContext; open: StillOpen; zone: string }) {
  const { locale, t } = props.view;
  const w = SUBSCRIBE_WORDS[locale];
  const { incidents, maintenances } = props.open;
  if (incidents.length + maintenances.length === 0) return null;
  return (
    <section class="still-open" aria-labelledby="still-open">
      <h2 id="still-open">{w.stillOpenTitle}</h2>
      <p>{w.stillOpenIntro}</p>
      <ul>
        {incidents.map((i) => (
          <li data-incident={i.id}>
            <a href={`/incidents/${i.id}?lang=${locale}`}>{i.name}</a>
            <br />
            <span class="muted">{`${t.incidentStatus[i.status]} · ${w.since(formatInstant(i.startedAt, locale, props.zone))}`}</span>
          </li>
        ))}
        {maintenances.map((m) => (
          <li data-maintenance={m.id}>
            <a href={`/maintenances/${m.id}?lang=${locale}`}>{m.name}</a>
            <br />
            <span class="muted">{`${t.maintenanceStatus[m.status]} · ${formatWindow(m.scheduledFor, m.scheduledUntil, locale, props.zone)}`}</span>
            <br />
            <a href={`/maintenances/${m.id}.ics?lang=${locale}`} type="text/calendar" download={`${m.id}.ics`}>
              {t.detail.addToCalendar}
            </a>
          </li>
        ))}
      </ul>
    </section>
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
  /** What was announced and is not over (StillOpenList), after the message. */
  stillOpen?: { open: StillOpen; zone: string };
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
      {props.stillOpen && <StillOpenList view={props.view} {...props.stillOpen} />}
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
  /** While subscribed: what they follow that is announced and not over (StillOpenList). */
  stillOpen?: { open: StillOpen; zone: string };
  /** When their server refused the address: nothing is sent to them since. */
  bouncedAt: string | null;
}) {
  const w = SUBSCRIBE_WORDS[props.view.locale];
  const base = `/manage/${props.token}`;
  return (
    <Layout view={props.view} title={w.manageTitle}>
      <h1>{w.manageTitle}</h1>
      {props.flash && <p class="flash">{props.flash}</p>}
      <p>{w.manageIntro(props.email)}</p>
      {props.active && props.bouncedAt ? (
        <p class="flash error">
          {w.bounced(formatInstant(props.bouncedAt, props.view.locale, props.chosen.timeZone))} <a href="/subscribe">{w.subscribeAgain}</a>
        </p>
      ) : null}
      {props.active ? (
        <>
          <form method="post" action={base}>
            <Preferences view={props.view} components={props.components} chosen={props.chosen} fresh={false} now={props.now} />
            <button type="submit">{w.save}</button>
          </form>
          {props.stillOpen && <StillOpenList view={props.view} {...props.stillOpen} />}
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
