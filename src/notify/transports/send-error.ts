// What a failed send means for the delivery, whatever the transport: each transport turns its own
// errors (SMTP replies, socket errors, the Email Service's codes) into one of these.

/**
 * - `throttled`: the relay asks us to slow down (SMTP 421/451/454, HTTP 429, E_RATE_LIMIT_EXCEEDED):
 *   pause, send again later, and do not count it as a failed attempt.
 * - `unavailable`: the transport cannot send anything now (refused, timed out, TLS refused, login
 *   refused, sending domain not set up): the rest of the batch waits too.
 * - `rejected`: this message will never be accepted (SMTP 5xx, suppressed recipient): give up.
 * - `temporary`: this message failed this time (other 4xx): retry it with backoff.
 */
export type SendFailureKind = 'throttled' | 'unavailable' | 'rejected' | 'temporary';

export class SendError extends Error {
  constructor(
    readonly kind: SendFailureKind,
    /** What happened, for the delivery's last_error: the reply code and text, or the error code. */
    readonly reason: string,
    /** How long the relay asked us to wait, when it said. */
    readonly retryAfterMs?: number,
    /**
     * A `rejected` send whose reason is the address itself (no such mailbox, disabled, on the
     * relay's suppression list), not the message or the sender: nothing more is sent to it.
     */
    readonly undeliverable = false,
  ) {
    super(reason);
    this.name = 'SendError';
  }
}
