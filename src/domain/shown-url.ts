// A webhook's address as Forewarn shows it back: Slack, Discord, Teams and Google Chat put the
// channel's secret in the URL's path or query, so whoever reads the admin pages, the admin API's
// lists or the audit log (a read token included) must not be able to post to the channel from it.

/**
 * An address as it is shown back: scheme, host and first path segment, then … and, when what
 * is hidden is long, its last four characters to tell two apart. Slack, Discord, Teams and
 * Google Chat put the channel's secret in the path or query, and whoever reads the admin pages
 * (a read token included) must not be able to post to the channel.
 */
export function shownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '…';
  }
  const [first = ''] = parsed.pathname.split('/').filter(Boolean);
  const shown = `${parsed.protocol}//${parsed.host}${first ? `/${first}` : ''}`;
  const hidden = url.length - shown.length;
  if (hidden <= 1) return shown;
  return hidden >= 16 ? `${shown}/…${url.slice(-4)}` : `${shown}/…`;
}
