import { isIPv4, isIPv6 } from 'node:net';

export type IpMode = 'drop' | 'truncate';

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail, if any, folded in). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const v4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as the IPv4 address it carries; other addresses unchanged. */
function unmapped(address: string): string {
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (!mapped) return address;
  const [hi = 0, lo = 0] = groups.slice(6);
  return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
}

/** `203.0.113.7:51234` and `[2001:db8::1]:443` (some proxies append the port) without the port. */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1] as string;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address);
  return v4 ? (v4[1] as string) : address;
}

/**
 * The client a rate limit counts: one IPv4 address however it is written (IPv4-mapped IPv6 in dotted or hex form,
 * expanded, upper case, with a port), and an IPv6 address by its /64, the smallest block an ISP gives one customer.
 * Anything else is taken as written, in lower case.
 */
export function limitedClient(address: string): string {
  if (isIPv4(address)) return address; // as most arrive: written the one way an IPv4 address can be
  const ip = unmapped(withoutPort(address.trim()));
  if (isIPv4(ip)) return ip.split('.').map(Number).join('.');
  if (isIPv6(ip))
    return `${ipv6Groups(ip)
      .slice(0, 4)
      .map((g) => g.toString(16))
      .join(':')}::/64`;
  return ip.toLowerCase();
}

/** 127.0.0.0/8 and ::1, IPv4-mapped too: a client on this machine. */
export function isLoopback(address: string): boolean {
  const ip = unmapped(withoutPort(address.trim()));
  if (isIPv4(ip)) return ip.startsWith('127.');
  return isIPv6(ip) && ipv6Groups(ip).every((g, i) => g === (i === 7 ? 1 : 0));
}

/** IPv4 keeps its first three octets (/24), IPv6 its first 48 bits; anything else is dropped. */
export function truncateAddress(address: string): string | null {
  const ip = unmapped(address.trim());
  if (isIPv4(ip)) return ip.split('.').slice(0, 3).concat('0').join('.');
  if (isIPv6(ip))
    return `${ipv6Groups(ip)
      .slice(0, 3)
      .map((g) => g.toString(16))
      .join(':')}::`;
  return null;
}

/** What of a client's address may be stored under the configured mode. */
export function storableAddress(address: string, mode: IpMode): string | null {
  return mode === 'truncate' ? truncateAddress(address) : null;
}
