// Picks the transport MAIL_TRANSPORT (or what is configured) names.
import type { Bindings, Config } from '../../env';
import { mailDomain } from '../compose';
import { emailServiceTransport } from './email-service';
import { smtpSettings, smtpTransport } from './smtp';
import type { MailTransport } from './transport';

export { SendError, type SendFailureKind } from './send-error';
export type { Accepted, MailTransport } from './transport';

export type TransportKind = MailTransport['kind'];

/** The transport configured: MAIL_TRANSPORT, else SMTP when SMTP_URL is set, else the EMAIL binding. */
export function transportKind(config: Config, env: Pick<Bindings, 'EMAIL'>): TransportKind {
  if (config.MAIL_TRANSPORT) return config.MAIL_TRANSPORT;
  if (config.SMTP_URL) return 'smtp';
  if (env.EMAIL) return 'email-service';
  throw new Error('no mail transport: set SMTP_URL, or bind the Email Service as EMAIL ([[send_email]] in wrangler.toml)');
}

/** Opens the configured transport for one queue invocation; a misconfiguration throws a readable error. */
export function openTransport(config: Config, env: Pick<Bindings, 'EMAIL'>): MailTransport {
  const kind = transportKind(config, env);
  if (kind === 'email-service') {
    if (!env.EMAIL) throw new Error('MAIL_TRANSPORT is email-service, but no EMAIL send_email binding is configured');
    return emailServiceTransport(env.EMAIL);
  }
  if (!config.SMTP_URL) throw new Error('MAIL_TRANSPORT is smtp, but SMTP_URL is not set');
  return smtpTransport(smtpSettings(config.SMTP_URL, mailDomain(config.MAIL_FROM)));
}
