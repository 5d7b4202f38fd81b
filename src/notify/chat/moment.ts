// What a chat message says of one notice, before any platform's markup: the e-mail's own words
// (noticeContent, for a reader in the channel's language and the page's zone) and the parts its
// template shows, with the tone the platforms colour it in.
import type { Locale } from '../../domain/model';
import type { NoticePayload } from '../../domain/notices';
import { COMPONENT_STATUS_INFO, type ComponentStatus, INDICATOR_COLOR, INDICATOR_RANK, type Indicator } from '../../domain/status';
import { MAIL } from '../../i18n/mail';
import type { Notice } from '../../store/notices';
import { noticeContent, operatorText, payloadIn } from '../content';

/** How the moment reads at a glance: an indicator, `good` once it is over, `neutral` when it will not happen. */
export type Tone = Exclude<Indicator, 'none'> | 'good' | 'neutral';

export const TONE_COLOR: Record<Tone, string> = {
  critical: INDICATOR_COLOR.critical,
  major: INDICATOR_COLOR.major,
  minor: INDICATOR_COLOR.minor,
  maintenance: INDICATOR_COLOR.maintenance,
  good: INDICATOR_COLOR.none,
  neutral: '#7b8794',
};

export interface Fact {
  label: string;
  value: string;
}

export interface ChatComponent {
  name: string;
  /** The status in the channel's language. */
  status: string;
  code: ComponentStatus;
  color: string;
}

export interface Moment {
  locale: Locale;
  /** The e-mail's subject: "[Identified] Login failures", "[Maintenance planifiée] Migration…". */
  title: string;
  lead: string;
  tone: Tone;
  color: string;
  /** Status, window, previous window: label and value, in the order the e-mail shows them. */
  facts: Fact[];
  /** What follows a label in running text (":" in English, " :" in French), as in the e-mails. */
  colon: string;
  componentsLabel: string;
  components: ChatComponent[];
  stillWorking: Fact | null;
  /** The operator's Markdown in the channel's language, or null when they wrote none. */
  message: string | null;
  /** When the notice was recorded, in words (page's zone), and as ISO for platforms that show their own. */
  at: string;
  timestamp: string;
  url: string;
  linkLabel: string;
  pageName: string;
  pageUrl: string;
}

export interface MomentOptions {
  locale: Locale;
  zone: string;
  pageName: string;
  pageUrl: string;
  now?: Date;
}

// The parts of each notice's e-mail template (templates/*.mjml), so a channel says what the e-mail says.
type Part = 'status' | 'when' | 'previous' | 'components' | 'stillWorking';
const PARTS: Record<string, readonly Part[]> = {
  'incident-created': ['status', 'components'],
  'incident-update': ['status', 'components'],
  'incident-resolved': ['status', 'components'],
  'incident-postmortem': [],
  'maintenance-scheduled': ['when', 'components', 'stillWorking'],
  'maintenance-reminder': ['when', 'components', 'stillWorking'],
  'maintenance-started': ['when', 'components', 'stillWorking'],
  'maintenance-update': ['when', 'components', 'stillWorking'],
  'maintenance-rescheduled': ['when', 'previous', 'components', 'stillWorking'],
  'maintenance-completed': ['components'],
  'maintenance-cancelled': ['previous'],
};

function toneOf(notice: Notice): Tone {
  const { kind, payload } = notice;
  if (notice.subjectType === 'maintenance') {
    if (kind === 'cancelled') return 'neutral';
    return kind === 'completed' ? 'good' : 'maintenance';
  }
  if (kind === 'resolved' || kind === 'postmortem' || payload.status === 'resolved' || payload.status === 'postmortem') return 'good';
  let worst: Indicator = 'none';
  for (const c of payload.components) {
    const indicator = COMPONENT_STATUS_INFO[c.status]?.indicator ?? 'none';
    if (INDICATOR_RANK[indicator] > INDICATOR_RANK[worst]) worst = indicator;
  }
  // An open incident with nothing down yet still calls for attention.
  return worst === 'none' ? 'minor' : worst;
}

const withoutBodies = (t: NoticePayload['translations']): NoticePayload['translations'] =>
  t && Object.fromEntries(Object.entries(t).map(([locale, fields]) => [locale, { ...fields, body: '' }]));

/** The moment of a notice, or null for a notice chat channels do not get (or have no words for). */
export function momentOf(notice: Notice, o: MomentOptions): Moment | null {
  if (notice.subjectType !== 'incident' && notice.subjectType !== 'maintenance') return null;
  const parts = PARTS[`${notice.subjectType}-${notice.kind}`];
  if (!parts) return null;
  const t = MAIL[o.locale];
  const pageUrl = o.pageUrl.replace(/\/+$/, '');
  const reader = { locale: o.locale, timeZone: o.zone, follows: null };
  // The e-mail's words without its rendering of the operator's text (HTML and plain text, which
  // a 20,000-character update makes slow): the channel writes that text in its own markup.
  const words = { ...notice, payload: { ...notice.payload, body: '', translations: withoutBodies(notice.payload.translations) } };
  const content = noticeContent(words, reader, { publicUrl: pageUrl, pageName: o.pageName }, o.now ?? new Date(notice.createdAt));
  const v = content.view;
  const str = (value: unknown): string => (typeof value === 'string' ? value : '');
  const facts: Fact[] = [];
  if (parts.includes('status') && str(v.status)) facts.push({ label: t.labels.status, value: str(v.status) });
  if (parts.includes('when') && str(v.when)) facts.push({ label: t.labels.when, value: str(v.when) });
  if (parts.includes('previous') && str(v.previously)) facts.push({ label: str(v.previously_label), value: str(v.previously) });
  const p = payloadIn(notice.payload, o.locale);
  const components = parts.includes('components')
    ? p.components.map((c) => ({
        name: c.name,
        status: t.componentStatus[c.status] ?? c.status,
        code: c.status,
        color: COMPONENT_STATUS_INFO[c.status]?.color ?? TONE_COLOR.neutral,
      }))
    : [];
  const stillWorking =
    parts.includes('stillWorking') && p.still_working?.trim() ? { label: t.labels.stillWorking, value: p.still_working.trim() } : null;
  const tone = toneOf(notice);
  return {
    locale: o.locale,
    title: content.subject,
    lead: str(v.lead),
    tone,
    color: TONE_COLOR[tone],
    facts,
    colon: t.colon,
    componentsLabel: t.labels.components,
    components,
    stillWorking,
    message: operatorText(p.body),
    at: str(v.at),
    timestamp: new Date(notice.createdAt).toISOString(),
    url: str(v.cta_url),
    linkLabel: str(v.cta_label),
    pageName: o.pageName,
    pageUrl,
  };
}
