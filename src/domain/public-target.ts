// Where Forewarn may send a notification of its own accord (webhooks, and chat targets after them):
// https to a public address, so that whoever may register a target cannot turn the notifier into a
// probe of the network it runs in. Address ranges: the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (RFC 6890 and successors).
//
// The host is read as the WHATWG URL parser leaves it, which is also how fetch() reads it: IPv4 in
// any spelling (`127.1`, `2130706433`, `0x7f.1`, `0177.0.0.1`, `%31%32%37.1`) comes out dotted-decimal,
// IPv6 compressed in brackets (`[::ffff:169.254.169.254]` → `[::ffff:a9fe:a9fe]`), names lowercased.

export type HostKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'unique-local'
  | 'ipv4-mapped'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'internal-name';

export interface TargetPolicy {
  /** Development only: http or https to this machine (127.0.0.0/8, ::1, localhost). */
  allowLoopback: boolean;
}

export type TargetRefusal =
  | { reason: 'not-a-url' }
  | { reason: 'not-https'; protocol: string }
  | { reason: 'not-public'; host: string; kind: Exclude<HostKind, 'public'> };

type Range4 = readonly [address: string, prefix: number, kind: Exclude<HostKind, 'public'>];

// Most specific first: the first match decides.
const IPV4_RANGES: readonly Range4[] = [
  ['0.0.0.0', 32, 'unspecified'],
  ['0.0.0.0', 8, 'reserved'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

/**
 * Names that never resolve on the public Internet, or resolve to something inside: `.internal`
 * (ICANN's private-use TLD; `metadata.google.internal`), `.local` (mDNS), `.home.arpa` (RFC 8375),
 * and the names that name collisions taught everyone to keep private.
 */
const INTERNAL_SUFFIXES = ['internal', 'local', 'localdomain', 'home.arpa', 'lan', 'intranet', 'corp', 'home'];

function ipv4Number(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function ipv4Kind(address: number): HostKind {
  for (const [base, prefix, kind] of IPV4_RANGES) {
    const size = 2 ** (32 - prefix);
    const start = ipv4Number(base)!;
    if (address >= start && address < start + size) return kind;
  }
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (without brackets); null if it is not one. */
function ipv6Groups(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const v4 = ipv4Number(dotted[2]!);
    if (v4 === null) return null;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    body = dotted[1]!.endsWith('::') ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const known = head.length + rest.length + tail.length;
  const missing = 8 - known;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const hex = (g: string) => Number.parseInt(g, 16);
  return [...head.map(hex), ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest.map(hex), ...tail];
}

function ipv6Kind(g: readonly number[]): HostKind {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) return 'ipv4-mapped';
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'unique-local';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  // Only 2000::/3 is global unicast; everything else (IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96,
  // the old site-local fec0::/10, …) is reserved or reaches IPv4 by another road.
  if ((first & 0xe000) !== 0x2000) return 'reserved';
  // 2001::/23 (IETF protocol assignments, Teredo), 2001:db8::/32 and 3fff::/20 (documentation),
  // 2002::/16 (6to4, which embeds an IPv4 address: 2002:a9fe:a9fe:: is 169.254.169.254).
  if ((first === 0x2001 && g[1]! < 0x200) || (first === 0x2001 && g[1] === 0xdb8) || first === 0x2002 || (first & 0xfff0) === 0x3ff0) {
    return 'reserved';
  }
  return 'public';
}

/** What kind of host a URL's `hostname` (as the WHATWG parser leaves it) is. */
export function hostKind(hostname: string): HostKind {
  const host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = ipv6Groups(host.slice(1, -1));
    return groups ? ipv6Kind(groups) : 'reserved';
  }
  const v4 = ipv4Number(host);
  if (v4 !== null) return ipv4Kind(v4);
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  // A single label is resolved against the local network's search domains, never the public DNS.
  if (!name.includes('.')) return 'internal-name';
  if (INTERNAL_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))) return 'internal-name';
  return 'public';
}

/** Why Forewarn will not send to `url`; null when it may. */
export function targetRefusal(url: string, policy: TargetPolicy): TargetRefusal | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { reason: 'not-a-url' };
  }
  const notHttps = { reason: 'not-https', protocol: parsed.protocol.slice(0, -1) } as const;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return notHttps;
  const kind = hostKind(parsed.hostname);
  // This machine, in development: plain http too, as local servers speak it.
  if (kind === 'loopback' && policy.allowLoopback) return null;
  if (kind !== 'public') return { reason: 'not-public', host: parsed.hostname, kind };
  return parsed.protocol === 'https:' ? null : notHttps;
}

const KIND_WORDS: Record<Exclude<HostKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  shared: 'a carrier-grade NAT address',
  'unique-local': 'a unique-local address',
  'ipv4-mapped': 'an IPv4-mapped address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  'internal-name': 'an internal name',
};

/** The refusal in words, for the one who registers the target. */
export function describeRefusal(refusal: TargetRefusal): string {
  switch (refusal.reason) {
    case 'not-a-url':
      return 'it is not a URL';
    case 'not-https':
      return `${refusal.protocol} is not https`;
    case 'not-public':
      return `${refusal.host} is ${KIND_WORDS[refusal.kind]}`;
  }
}
