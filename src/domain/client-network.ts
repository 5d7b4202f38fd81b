// The network a request comes from, for limiting what one sender may ask: an IPv4 address, or an
// IPv6 /64. A /64 is the smallest prefix an ISP hands a customer and one host may use every
// address in it, so counting whole IPv6 addresses would let one machine pass for 2^64 senders.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET = /^[0-9a-f]{1,4}$/;

function ipv4Bytes(text: string): number[] | null {
  const parts = IPV4.exec(text)?.slice(1).map(Number);
  return parts?.every((n) => n <= 255) ? parts : null;
}

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted IPv4 allowed); null if it is none. */
function ipv6Groups(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  const last = body.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = ipv4Bytes(last);
    if (!v4) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    tail.push(a * 256 + b, c * 256 + d);
    // What precedes the IPv4 part, without the colon before it unless that colon ends a `::`.
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves[1] ? halves[1].split(':') : [];
  if (![...head, ...rest].every((g) => HEXTET.test(g))) return null;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = new Array<number>(8 - given).fill(0);
  return [...head.map((g) => Number.parseInt(g, 16)), ...zeros, ...rest.map((g) => Number.parseInt(g, 16)), ...tail];
}

/**
 * `198.51.100.7` for an IPv4 address (an IPv4-mapped IPv6 one included), `2001:db8:0:1::/64` for
 * an IPv6 one; null for anything else.
 */
export function networkOf(ip: string): string | null {
  const text = ip.trim().toLowerCase().replace(/%.*$/, '');
  const v4 = ipv4Bytes(text);
  if (v4) return v4.join('.');
  if (!text.includes(':')) return null;
  const groups = ipv6Groups(text);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/**
 * Cloudflare's "Pseudo IPv4" in its overwrite mode puts a Class E address (240.0.0.0/4) hashed
 * from the IPv6 one in CF-Connecting-IP and the real one in CF-Connecting-IPv6: count the real one,
 * else each address of a /64 would hash to its own pseudo address. Only then is CF-Connecting-IPv6
 * read; otherwise Cloudflare may not have set it and a client could.
 */
export function clientAddress(connectingIp: string | undefined, connectingIpv6: string | undefined): string | undefined {
  const first = ipv4Bytes(connectingIp?.trim() ?? '')?.[0];
  return first !== undefined && first >= 240 && connectingIpv6 ? connectingIpv6 : connectingIp;
}
