// Chat channels: the body a Slack, Microsoft Teams, Discord or Google Chat webhook is sent for one
// notice, in the channel's language and the page's time zone. Pure: the outbox (webhooks.ts) posts it.
import type { Locale } from '../../domain/model';
import type { Notice } from '../../store/notices';
import { discordMessage } from './discord';
import { googleChatMessage } from './google-chat';
import { type Moment, momentOf } from './moment';
import { slackMessage } from './slack';
import { teamsMessage } from './teams';

export const CHAT_FORMATS = ['slack', 'teams', 'discord', 'google_chat'] as const;
export type ChatFormat = (typeof CHAT_FORMATS)[number];

export const isChatFormat = (value: unknown): value is ChatFormat => (CHAT_FORMATS as readonly unknown[]).includes(value);

export interface ChatOptions {
  /** The channel's language. */
  locale: Locale;
  /** The page's time zone: windows and times are said in it, as the e-mails name theirs. */
  zone: string;
  pageName: string;
  /** The public URL of the page, without a trailing slash. */
  pageUrl: string;
  /** When the message is written, for the time a reminder really has left; the notice's time by default. */
  now?: Date;
}

export interface ChatRequest {
  body: string;
  contentType: 'application/json';
}

/** The request for one notice, or null for a notice chat channels do not get (a component update). */
export function chatRequest(format: ChatFormat, notice: Notice, options: ChatOptions): ChatRequest | null {
  const m = momentOf(notice, options);
  return m ? momentRequest(format, m, notice.id) : null;
}

/** A moment in the platform's markup; `key` is what Google Chat threads it by. */
export function momentRequest(format: ChatFormat, m: Moment, key: string): ChatRequest {
  const message =
    format === 'slack'
      ? slackMessage(m)
      : format === 'teams'
        ? teamsMessage(m)
        : format === 'discord'
          ? discordMessage(m)
          : googleChatMessage(m, key);
  return { body: JSON.stringify(message), contentType: 'application/json' };
}
