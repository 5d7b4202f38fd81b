// The mailbox an address delivers to, for counting what the subscription form sends there.
// Only the limits use it: a subscriber is still the address they typed (people file by `+tag`).
// Folding too much only makes two mailboxes share a limit; folding too little lets one mailbox
// be flooded through its variants, so the rules lean towards folding.

interface Provider {
  /** The domain every spelling of the provider's mailboxes is counted under. */
  domain: string;
  /** Characters of the local part the provider ignores. */
  ignored?: RegExp;
  /** `anything@user.<domain>` delivers to `user@<domain>` (subdomain addressing). */
  subdomains?: boolean;
}

const GMAIL: Provider = { domain: 'gmail.com', ignored: /\./g };
const PROTON: Provider = { domain: 'proton.me', ignored: /[._-]/g };
const FASTMAIL: Provider = { domain: 'fastmail.com', subdomains: true };

/**
 * Providers whose own rules make several spellings one mailbox, beyond case and `+tag`:
 * - Gmail ignores dots, and googlemail.com is the same mailbox (Google's help: "dots don't matter").
 * - Fastmail delivers `anything@user.fastmail.com` to `user@fastmail.com` (its help: subdomain addressing).
 * - Proton is reported to ignore dots, hyphens and underscores (not in its documentation; Proton
 *   support has said so), and each account has the same name on all four domains.
 */
export const PROVIDERS: Readonly<Record<string, Provider>> = {
  'gmail.com': GMAIL,
  'googlemail.com': GMAIL,
  'proton.me': PROTON,
  'protonmail.com': PROTON,
  'protonmail.ch': PROTON,
  'pm.me': PROTON,
  'fastmail.com': FASTMAIL,
  'fastmail.fm': FASTMAIL,
};

/** The provider of `domain`, itself or as the parent of a subdomain address (`user.fastmail.com`). */
function providerOf(domain: string): { provider: Provider; user?: string } | null {
  const own = PROVIDERS[domain];
  if (own) return { provider: own };
  const dot = domain.indexOf('.');
  const parent = dot > 0 ? PROVIDERS[domain.slice(dot + 1)] : undefined;
  return parent?.subdomains ? { provider: parent, user: domain.slice(0, dot) } : null;
}

/**
 * `Victim+1@GoogleMail.com`, `v.i.c.t.i.m@gmail.com` and `victim@gmail.com` are all
 * `victim@gmail.com`: lower case, the `+tag` dropped (every common provider delivers it to the
 * mailbox without it), then the provider's rules above.
 */
export function mailboxOf(address: string): string {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at < 1) return email;
  const domain = email.slice(at + 1).replace(/\.$/, '');
  let local = email.slice(0, at);
  // A local part that starts with `+` has no tag, only a name.
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const found = providerOf(domain);
  if (!found) return `${local}@${domain}`;
  const { provider, user } = found;
  const name = user ?? local;
  return `${provider.ignored ? name.replace(provider.ignored, '') : name}@${provider.domain}`;
}
