// A page with components, its own SMTP mailbox, and the subscription form posted as a browser
// or a script would: what the subscription tests start from.
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { type HarnessOptions, harness, ok } from '../support/harness';
import { mailbox } from '../support/mail';

export const FORM = 'application/x-www-form-urlencoded';

export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return body.toString();
}

export async function subscriberRow(email: string): Promise<Record<string, any> | undefined> {
  return (await rows<Record<string, any>>('SELECT * FROM subscribers WHERE email = ?', email))[0];
}

/** The path of the first `/confirm/…` or `/manage/…` link in a mail's text. */
export function linkIn(text: string | null, path: 'confirm' | 'manage'): string {
  const match = text?.match(new RegExp(`https://status\\.example\\.com(/${path}/[A-Za-z0-9._-]+)`));
  if (!match?.[1]) throw new Error(`no /${path}/ link in: ${text}`);
  return match[1];
}

export async function setUp(start = '2026-11-21T07:00:00.000Z', options: HarnessOptions = {}) {
  const mail = await mailbox();
  const h = harness(start, { smtpUrl: mail.smtpUrl, ...options });
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
  const catalogue = await makeCatalogue(h);
  /** A form post from `ip`, with whatever else a browser or script adds. */
  const post = (path: string, fields: Record<string, string | string[]>, ip: string, headers: Record<string, string> = {}) =>
    h.fetch(path, { method: 'POST', headers: { 'content-type': FORM, 'cf-connecting-ip': ip, ...headers }, body: formBody(fields) });
  /** Every e-mail the page sent so far, once the queue has run. */
  const sent = async (to?: string) => {
    await h.drainQueue();
    return mail.messages(to);
  };
  return { mail, h, post, sent, ...catalogue };
}
