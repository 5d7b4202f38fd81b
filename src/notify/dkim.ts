// DKIM (RFC 6376) applied to the built MIME source, once, whatever transport carries it: the
// SMTP relay and the Email Service binding both take the raw message as it is.
import { createPrivateKey } from 'node:crypto';
import DKIM from 'nodemailer/lib/dkim';
import type { Config } from '../env';
import { mailDomain } from './compose';

/** Signs a message's MIME source: the same bytes with a DKIM-Signature header on top. */
export type MessageSigner = (raw: Buffer) => Promise<Buffer>;

/**
 * The header fields the signature covers: nodemailer's default list (RFC 4871 §5.5's
 * suggestions) and List-Unsubscribe-Post, which RFC 8058 §4 requires signed beside
 * List-Unsubscribe, or a receiver ignores the one-click unsubscribe. Fields the message lacks
 * are left out of `h=` by the signer.
 */
export const SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-ID',
  'Content-Description',
  'Resent-Date',
  'Resent-From',
  'Resent-Sender',
  'Resent-To',
  'Resent-Cc',
  'Resent-Message-ID',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Help',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'List-Subscribe',
  'List-Post',
  'List-Owner',
  'List-Archive',
] as const;

export const DEFAULT_DKIM_SELECTOR = 'forewarn';

/**
 * The signer for the configured key under the From address's domain, or null without a key.
 * A key that is not an RSA private key throws here: nodemailer would otherwise send every
 * message unsigned without a word.
 */
export function dkimSigner(config: Pick<Config, 'MAIL_FROM' | 'DKIM_PRIVATE_KEY' | 'DKIM_SELECTOR'>): MessageSigner | null {
  if (!config.DKIM_PRIVATE_KEY) return null;
  // A PEM pasted into a one-line setting often arrives with its line breaks written as "\n".
  const pem = config.DKIM_PRIVATE_KEY.replace(/\\n/g, '\n').trim();
  let keyType: string | undefined;
  try {
    keyType = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new Error('DKIM_PRIVATE_KEY is not a PEM private key');
  }
  if (keyType !== 'rsa') throw new Error(`DKIM_PRIVATE_KEY must be an RSA key (rsa-sha256), not ${keyType}`);
  const dkim = new DKIM({
    domainName: mailDomain(config.MAIL_FROM),
    keySelector: config.DKIM_SELECTOR || DEFAULT_DKIM_SELECTOR,
    privateKey: pem,
    headerFieldNames: SIGNED_HEADERS.join(':'),
  });
  return async (raw) => {
    const chunks: Buffer[] = [];
    for await (const chunk of dkim.sign(raw)) chunks.push(chunk as Buffer);
    const signed = Buffer.concat(chunks);
    if (!signed.subarray(0, 15).equals(Buffer.from('DKIM-Signature:')))
      throw new Error('DKIM signing failed: the message would go unsigned');
    return signed;
  };
}
