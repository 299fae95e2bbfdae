// The SSRF guard: which resolved addresses the probe refuses to dial unless allowPrivateAddresses.
// Checked after resolution (a public name can resolve to 127.0.0.1), on the address actually dialled.
// IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
import { isIPv4, isIPv6 } from 'node:net';

/** A reason such as "loopback" when the address must not be probed, or null when it is public. */
export function privateAddressReason(address: string): string | null {
  const zoneless = address.replace(/%.*$/, '');
  if (isIPv4(zoneless)) return ipv4Reason(parseIPv4(zoneless));
  if (isIPv6(zoneless)) return ipv6Reason(parseIPv6(zoneless));
  return 'not an IP address';
}

function parseIPv4(address: string): number[] {
  return address.split('.').map(Number);
}

function ipv4Reason([a, b, c]: number[]): string | null {
  if (a === 0) return 'unspecified ("this network", 0.0.0.0/8)';
  if (a === 127) return 'loopback';
  if (a === 10) return 'private (RFC 1918)';
  if (a === 172 && b >= 16 && b <= 31) return 'private (RFC 1918)';
  if (a === 192 && b === 168) return 'private (RFC 1918)';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT (100.64.0.0/10)';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 192 && b === 0 && c === 0) return 'IETF protocol assignments (192.0.0.0/24)';
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking (198.18.0.0/15)';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved or broadcast';
  return null;
}

/** Eight 16-bit groups; a trailing dotted IPv4 part becomes the last two. */
function parseIPv6(address: string): number[] {
  const text = address.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((x) => parseInt(x, 16)));
  const gap = text.indexOf('::');
  if (gap === -1) return groups(text);
  const left = groups(text.slice(0, gap));
  const right = groups(text.slice(gap + 2));
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function ipv6Reason(g: number[]): string | null {
  const embedded = (hi: number, lo: number): number[] => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const zeroes = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zeroes(0, 8)) return 'unspecified (::)';
  if (zeroes(0, 7) && g[7] === 1) return 'loopback';
  if (zeroes(0, 5) && g[5] === 0xffff) return wrapped('IPv4-mapped', embedded(g[6], g[7]));
  if (zeroes(0, 6)) return wrapped('IPv4-compatible', embedded(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && zeroes(2, 6)) return wrapped('NAT64', embedded(g[6], g[7]));
  if (g[0] === 0x2002) return wrapped('6to4', embedded(g[1], g[2]));
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local (deprecated)';
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique local (fc00::/7)';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return null;
}

function wrapped(kind: string, ipv4: number[]): string | null {
  const reason = ipv4Reason(ipv4);
  return reason === null ? null : `${reason} (${kind} ${ipv4.join('.')})`;
}
