// IP literal parsing and the address classes imgproxy refuses by default (spec §4.4). Pure: no sockets.

export function parseIPv4(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b, i) => b <= 255 && !(m[i + 1].length > 1 && m[i + 1][0] === '0')) ? bytes : null;
}

/** 16 bytes for an IPv6 literal (zone removed), or null. Accepts an embedded IPv4 tail. */
export function parseIPv6(text: string): number[] | null {
  const literal = text.replace(/%.*$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(literal) || !literal.includes(':')) return null;
  let head = literal;
  const tail: number[] = [];
  const lastColon = literal.lastIndexOf(':');
  if (literal.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(literal.slice(lastColon + 1));
    if (!v4) return null;
    tail.push(...v4);
    head = literal.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const all = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const bytes = all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

export type AddressClass = 'loopback' | 'unspecified' | 'link-local' | 'private' | 'public';

/** Classifies an address given as IPv4 (4 bytes) or IPv6 (16 bytes); IPv4-mapped/compatible IPv6 is unwrapped. */
export function classifyAddress(bytes: number[]): AddressClass {
  if (bytes.length === 16) {
    const zeros10 = bytes.slice(0, 10).every((b) => b === 0);
    if (zeros10 && ((bytes[10] === 0xff && bytes[11] === 0xff) || (bytes[10] === 0 && bytes[11] === 0 && bytes.slice(12).some((b) => b !== 0) && !(bytes.slice(12, 15).every((b) => b === 0) && bytes[15] === 1)))) {
      return classifyAddress(bytes.slice(12));
    }
    if (bytes.every((b) => b === 0)) return 'unspecified';
    if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return 'loopback';
    if (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80) return 'link-local';
    if (bytes[0] === 0xff && (bytes[1] & 0x0f) === 0x02) return 'link-local';
    if ((bytes[0] & 0xfe) === 0xfc) return 'private';
    return 'public';
  }
  const [a, b] = bytes;
  if (a === 127) return 'loopback';
  if (bytes.every((x) => x === 0)) return 'unspecified';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  return 'public';
}
