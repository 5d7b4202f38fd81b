// What counts as a bounce: a refusal of the recipient's address itself, for good. The same rule
// for a refusal at RCPT TO (transports/smtp.ts) and for a delivery status notification that comes
// back later (RFC 3464, services/delivery-reports.ts); and how a feedback loop's complaint
// (RFC 5965) says a reader marked an e-mail as spam.

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
  /**
   * The enhanced status code, e.g. `5.1.1`. Where the field gives only its class (Exim writes
   * `5.0.0`), the code the remote server gave in Diagnostic-Code, when it gave one of that class.
   */
  status: string;
  /** The remote server's answer, e.g. `smtp; 550 5.1.1 <bob@example.net>: User unknown`. */
  diagnostic: string;
  /** The address the report is about, lowercased: Original-Recipient, else Final-Recipient ('' if neither). */
  recipient: string;
}

const ENHANCED = /\b([245])\.\d{1,3}\.\d{1,3}\b/;

/** The address of a recipient field (`rfc822; bob@example.net`), lowercased. */
const addressOf = (field: string | undefined): string =>
  (field ?? '')
    .replace(/^[^;]*;/, '')
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase();

/**
 * The blocks of header-like fields of a report part (`message/delivery-status`,
 * `message/feedback-report`), separated by blank lines: field names lowercased, folded lines
 * unfolded, the first value of a field kept.
 */
function fieldBlocks(body: string): Map<string, string>[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
        if (m && !fields.has(m[1]!.toLowerCase())) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
      }
      return fields;
    });
}

/**
 * The per-recipient fields of a `message/delivery-status` body (RFC 3464 §2.1). The first block
 * is about the message and has no Action: it is skipped like any block without one, which also
 * reads a report whose writer left out the blank line after it.
 */
export function recipientReports(body: string): RecipientReport[] {
  const reports: RecipientReport[] = [];
  for (const fields of fieldBlocks(body)) {
    const action = fields
      .get('action')
      ?.toLowerCase()
      .split(/[\s(;]/)[0];
    if (!action) continue;
    const diagnostic = fields.get('diagnostic-code') ?? '';
    let status = ENHANCED.exec(fields.get('status') ?? '')?.[0] ?? '';
    const given = ENHANCED.exec(diagnostic);
    if (/^[245]\.0\.0$/.test(status) && given && given[1] === status[0]) status = given[0];
    reports.push({
      action,
      status,
      diagnostic,
      recipient: addressOf(fields.get('original-recipient')) || addressOf(fields.get('final-recipient')),
    });
  }
  return reports;
}

/**
 * The Feedback-Type of a `message/feedback-report` body (RFC 5965 §3.1), lowercased: `abuse` when
 * a reader marked the message as spam; `not-spam`, `fraud`, `virus`, `auth-failure`, `other`.
 */
export function feedbackType(body: string): string | null {
  const field = fieldBlocks(body)
    .find((fields) => fields.has('feedback-type'))
    ?.get('feedback-type');
  return field?.toLowerCase().split(/[\s(;]/)[0] ?? null;
}

/** A report's failure: whether the address is gone, and the codes kept of it ("550 5.1.1"). */
export interface ReportedFailure {
  gone: boolean;
  reason: string;
}

/**
 * The failure a notification reports about a delivery to `address`, if it reports one: the block
 * about that address, else the first that failed (a delivery has one recipient; a server that
 * expanded it to others reports on those). Any `failed` action fails the delivery, a 4.x too
 * (Postfix gives up on a message with the last temporary code it met). The address is gone only
 * when the block is about it, and says so with a 5.x code (isGoneAddress): one dead mailbox
 * behind an alias or a forward is not the subscriber's. Delayed, delivered or relayed: null.
 */
export function reportedFailure(reports: readonly RecipientReport[], address: string): ReportedFailure | null {
  const failed = reports.filter((r) => r.action === 'failed');
  const own = address.trim().toLowerCase();
  const report = failed.find((r) => r.recipient === own) ?? failed[0];
  if (!report) return null;
  const reply = /^\s*smtp\s*;\s*([45]\d\d)\b/i.exec(report.diagnostic)?.[1];
  return {
    gone: report.recipient === own && report.status.startsWith('5.') && isGoneAddress(report.status, report.diagnostic),
    reason: [reply, report.status].filter(Boolean).join(' ') || 'failed',
  };
}

/**
 * A failure a relay reported by webhook (domain/relay-events.ts). Where its words give the
 * remote server's codes ("550 5.1.1 …"), they decide as at RCPT TO (isGoneAddress), and are what
 * is kept; else the relay's own verdict (`gone`) and its name for it (`label`, "Mailjet user
 * unknown": its vocabulary, never the server's text, which may name the address).
 */
export function relayFailure(gone: boolean, words: string, label: string): ReportedFailure {
  // A code of a class only (SendGrid's `5.0.0`) says less than one the words give, or than the
  // relay's verdict: as in a delivery status notification (recipientReports).
  const codes = [...words.matchAll(new RegExp(ENHANCED.source, 'g'))].map((m) => m[0]);
  const status = codes.find((code) => !/\.0\.0$/.test(code)) ?? codes[0];
  const reply = /\b([45]\d\d)[ -][245]\.\d{1,3}\.\d{1,3}\b/.exec(words)?.[1] ?? /^\s*(?:smtp\s*;\s*)?([45]\d\d)\b/i.exec(words)?.[1];
  if (!status) return { gone, reason: reply ? `${reply} ${label}` : label };
  if (/\.0\.0$/.test(status)) return { gone: gone && status.startsWith('5.'), reason: [reply, status].filter(Boolean).join(' ') };
  return {
    gone: status.startsWith('5.') && isGoneAddress(status, words),
    reason: [reply, status].filter(Boolean).join(' '),
  };
}
