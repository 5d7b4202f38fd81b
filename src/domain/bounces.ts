// What counts as a bounce: a refusal of the recipient's address itself, for good. The same rule
// for a refusal at RCPT TO (transports/smtp.ts) and for a delivery status notification that comes
// back later (RFC 3464, services/delivery-reports.ts).

/**
 * Whether enhanced status code `status` (RFC 3463), with the server's words `text`, says the
 * recipient's mailbox is gone: 5.1.x (bad destination address) or 5.2.1 (mailbox disabled). Not
 * 5.1.7 and 5.1.8, which are about the sender's address, nor 5.1.0, Postfix's "unlisted sender";
 * nor any answer whose words name the sender. Taken for a bounce, those would mark every
 * subscriber at once. Mailbox full (5.2.2), policy (5.7.x) and the message (5.6.x) do not count.
 */
export function isGoneAddress(status: string, text: string): boolean {
  const code = /^5\.(1\.\d{1,3}|2\.1)$/.exec(status)?.[1];
  return code !== undefined && !['1.0', '1.7', '1.8'].includes(code) && !/sender/i.test(text);
}

/** One recipient's fields of a delivery status notification (RFC 3464 §2.3). */
export interface RecipientReport {
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded`, lowercased. */
  action: string;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string;
  /** The remote server's answer, e.g. `smtp; 550 5.1.1 <bob@example.net>: User unknown`. */
  diagnostic: string;
}

/**
 * The per-recipient fields of a `message/delivery-status` body: blocks of header-like fields
 * separated by blank lines, the first one about the message (RFC 3464 §2.1). Field names are
 * compared without case; folded lines are unfolded; a block with no Action is skipped.
 */
export function recipientReports(body: string): RecipientReport[] {
  const blocks = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .slice(1);
  const reports: RecipientReport[] = [];
  for (const block of blocks) {
    const fields = new Map<string, string>();
    for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
      const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
      if (m && !fields.has(m[1]!.toLowerCase())) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    const action = fields
      .get('action')
      ?.toLowerCase()
      .split(/[\s(;]/)[0];
    if (!action) continue;
    reports.push({
      action,
      status: /\b[245]\.\d{1,3}\.\d{1,3}\b/.exec(fields.get('status') ?? '')?.[0] ?? '',
      diagnostic: fields.get('diagnostic-code') ?? '',
    });
  }
  return reports;
}

/** A report's failure: whether the address is gone, and the codes kept of it ("550 5.1.1"). */
export interface ReportedFailure {
  gone: boolean;
  reason: string;
}

/**
 * The failure a notification reports, if it reports one: its first recipient whose delivery
 * failed for good (a delivery has one recipient). Delayed, delivered or relayed: null.
 */
export function reportedFailure(reports: readonly RecipientReport[]): ReportedFailure | null {
  const failed = reports.find((r) => r.action === 'failed' && r.status.startsWith('5.'));
  if (!failed) return null;
  const reply = /^\s*smtp\s*;\s*([45]\d\d)\b/i.exec(failed.diagnostic)?.[1];
  return { gone: isGoneAddress(failed.status, failed.diagnostic), reason: [reply, failed.status].filter(Boolean).join(' ') };
}
