// A shields.io-style "flat" SVG badge (label on grey, message on the status colour), as README badges expect.
import { knownZone } from '../domain/zone-days';

export interface Badge {
  label: string;
  message: string;
  /** Background of the message, a #rrggbb from the status table. */
  color: string;
}

const HEIGHT = 20;
const PADDING = 6;
const LABEL_COLOR = '#555';

/**
 * Approximate advance widths of Verdana at 11px, the font shields uses; the badge is sized
 * from them, so an exact table would only change a pixel or two.
 */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (/[ilj'|.,:;!]/.test(ch)) width += 3.5;
    else if (ch === ' ') width += 3.9;
    else if (/[mwMW@%]/.test(ch)) width += 10;
    else if (/[A-Z]/.test(ch)) width += 7.5;
    else if (/[a-z0-9]/.test(ch)) width += 6.6;
    else width += 7.5;
  }
  return Math.round(width);
}

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);

/** White text on a light colour (the yellow of minor trouble) is unreadable: dark text there. */
function textColor(background: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(background.slice(i, i + 2), 16) / 255) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.6 ? '#222' : '#fff';
}

export function badgeSvg({ label, message, color }: Badge): string {
  const labelWidth = textWidth(label) + 2 * PADDING;
  const messageWidth = textWidth(message) + 2 * PADDING;
  const width = labelWidth + messageWidth;
  const title = escapeXml(`${label}: ${message}`);
  const text = (x: number, value: string, fill: string) =>
    (fill === '#fff' ? `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${escapeXml(value)}</text>` : '') +
    `<text x="${x}" y="14" fill="${fill}">${escapeXml(value)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="${HEIGHT}" fill="${LABEL_COLOR}"/>`,
    `<rect x="${labelWidth}" width="${messageWidth}" height="${HEIGHT}" fill="${color}"/>`,
    `<rect width="${width}" height="${HEIGHT}" fill="url(#s)"/></g>`,
    '<g text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    text(labelWidth / 2, label, '#fff'),
    text(labelWidth + messageWidth / 2, message, textColor(color)),
    '</g></svg>',
  ].join('');
}

const SCHEDULED_AT = new Map<string, Intl.DateTimeFormat>();

/**
 * "maintenance scheduled 5 Dec, 08:00 CET": a badge is one image for every reader, so it speaks
 * British English in the page's zone, without the year, which would only widen it.
 */
export function scheduledMessage(instant: string, zone: string): string {
  const tz = knownZone(zone);
  let format = SCHEDULED_AT.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone: tz,
    });
    SCHEDULED_AT.set(tz, format);
  }
  return `maintenance scheduled ${format.format(new Date(instant))}`;
}
