// What every public view needs: the reader's language, the page and its zone, and where the
// reader is (for the language switcher). Routes build it; views only read it.
import type { FC } from 'hono/jsx';
import type { Locale, PageSettings } from '../../domain/model';
import type { ComponentStatus } from '../../domain/status';
import type { Messages, TimeStyle } from '../../i18n';
import { formatTime } from '../../i18n';
import { formatTimeLeft } from '../../i18n/when';
import { countdownText, RENDERED_TEXT_LIFETIME_MS } from './countdown';

export interface ViewContext {
  locale: Locale;
  t: Messages;
  page: PageSettings;
  /** The page's zone, checked (UTC if the setting is not one Intl knows). */
  zone: string;
  /** The request's path and query, for the language switcher. */
  path: string;
  search: string;
  /**
   * When the page is rendered (the request's clock), for what moves with time: the countdown to
   * a maintenance and what the embed calls soon. Without it only the reader's script counts.
   */
  now?: Date;
}

/**
 * A moment in the page's zone with the zone named ("5 Dec 2026, 08:00 CET"); the reader-side
 * script rewrites it in the reader's zone.
 */
export const When: FC<{ ctx: ViewContext; at: string; style?: TimeStyle }> = ({ ctx, at, style = 'datetime' }) => (
  <time datetime={new Date(at).toISOString()} data-local={style}>
    {formatTime(at, ctx.t.intlLocale, ctx.zone, style)}
  </time>
);

/** A status word with a coloured dot (drawn by the stylesheet): the word carries the meaning, the colour only repeats it. */
export const StatusWord: FC<{ ctx: ViewContext; status: ComponentStatus }> = ({ ctx, status }) => (
  <span class={`state tone-${status}`}>{ctx.t.componentStatus[status]}</span>
);

/**
 * "Starts in 3 days and 4 hours" until `startsAt`, counted from the last moment this rendering
 * can be read; the reader-side script recounts it from the reader's clock, with the words it carries.
 */
export const Countdown: FC<{ ctx: ViewContext; startsAt: string }> = ({ ctx, startsAt }) => (
  <span
    class="countdown"
    data-countdown={new Date(startsAt).toISOString()}
    data-starts-in={ctx.t.home.startsIn('{duration}')}
    data-within-minute={ctx.t.home.startsIn(formatTimeLeft(0, ctx.locale))}
    data-not-started={ctx.t.home.notStartedYet}
  >
    {ctx.now ? countdownText(ctx.t, ctx.locale, startsAt, ctx.now.getTime() + RENDERED_TEXT_LIFETIME_MS) : null}
  </span>
);
