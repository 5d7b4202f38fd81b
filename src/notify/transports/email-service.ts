// Cloudflare Email Service: the `send_email` binding, given the MIME nodemailer built
// (EmailMessage from cloudflare:email carries raw RFC 5322). Cloudflare signs it with DKIM for the
// onboarded sending domain. Errors carry a `code` (E_RATE_LIMIT_EXCEEDED, E_RECIPIENT_SUPPRESSED, …):
// https://developers.cloudflare.com/email-service/api/send-emails/workers-api/
import { EmailMessage } from 'cloudflare:email';
import { HOUR_MS } from '../../domain/time-units';
import { Gate } from '../../store/call-limit';
import type { BuiltMessage } from '../compose';
import { SendError, type SendFailureKind } from './send-error';
import type { MailTransport } from './transport';

/** Sends one invocation keeps in flight; each may count among Workers' six connections. */
export const EMAIL_SERVICE_CONCURRENCY = 3;

const KINDS: Record<string, SendFailureKind> = {
  E_RATE_LIMIT_EXCEEDED: 'throttled',
  E_DAILY_LIMIT_EXCEEDED: 'throttled',
  // The account or domain is not ready to send: every message would fail the same way until an
  // operator fixes it, so nothing is given up on meanwhile.
  E_SENDER_NOT_VERIFIED: 'unavailable',
  E_SENDER_DOMAIN_NOT_AVAILABLE: 'unavailable',
  E_INTERNAL_SERVER_ERROR: 'temporary',
  E_DELIVERY_FAILED: 'temporary',
  E_RECIPIENT_NOT_ALLOWED: 'rejected',
  E_RECIPIENT_SUPPRESSED: 'rejected',
  E_CONTENT_TOO_LARGE: 'rejected',
  E_TOO_MANY_RECIPIENTS: 'rejected',
  E_VALIDATION_ERROR: 'rejected',
  E_FIELD_MISSING: 'rejected',
  E_HEADER_NOT_ALLOWED: 'rejected',
  E_HEADER_USE_API_FIELD: 'rejected',
  E_HEADER_VALUE_INVALID: 'rejected',
  E_HEADER_VALUE_TOO_LONG: 'rejected',
  E_HEADER_NAME_INVALID: 'rejected',
  E_HEADERS_TOO_LARGE: 'rejected',
  E_HEADERS_TOO_MANY: 'rejected',
};

/** The binding's error as a SendError; an error without a known code is tried again later. */
export function emailServiceFailure(error: unknown): SendError {
  const e = error as { code?: string; message?: string };
  const reason = [e.code, e.message ?? String(error)].filter(Boolean).join(' ').slice(0, 500);
  const kind = (e.code && KINDS[e.code]) || 'temporary';
  // The daily quota comes back tomorrow at the earliest: no point knocking every second.
  // A suppressed recipient bounced or complained before: Cloudflare will not send to it again.
  return new SendError(kind, reason, e.code === 'E_DAILY_LIMIT_EXCEEDED' ? HOUR_MS : undefined, e.code === 'E_RECIPIENT_SUPPRESSED');
}

export function emailServiceTransport(binding: SendEmail): MailTransport {
  const inFlight = new Gate(EMAIL_SERVICE_CONCURRENCY);
  return {
    kind: 'email-service',
    concurrency: EMAIL_SERVICE_CONCURRENCY,
    send: (message: BuiltMessage, beforeStart: () => Promise<void>) =>
      inFlight.run(async () => {
        await beforeStart();
        const raw = message.raw.toString('utf8');
        const accepted: string[] = [];
        let messageId: string | undefined;
        // One EmailMessage per recipient: the binding takes a single envelope recipient. A delivery
        // has one; were there several, each copy would get an id of its own, and the first is kept.
        for (const to of message.envelope.to) {
          try {
            const result = await binding.send(new EmailMessage(message.envelope.from, to, raw));
            messageId ??= typeof result?.messageId === 'string' && result.messageId ? result.messageId : undefined;
          } catch (error) {
            throw emailServiceFailure(error);
          }
          accepted.push(to);
        }
        return messageId ? { accepted, messageId } : { accepted };
      }),
    close: () => {},
  };
}
