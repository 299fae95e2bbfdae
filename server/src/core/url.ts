// Reads a source URL's scheme and authority as Go's net/url does (RFC 3986), keeping offsets and the
// host exactly as written. Never `new URL()`: it lowercases the host and would hide the very problem.

export interface SourceUrlParts {
  scheme: string;
  /** True when the scheme is followed by `//` and so has an authority. */
  hasAuthority: boolean;
  /** [start, end) of the userinfo (before the last `@` of the authority), when present. */
  userinfo?: [number, number];
  /** The host as written, without IPv6 brackets. */
  host: string;
  hostStart: number;
  hostEnd: number;
  bracketed: boolean;
  /** Port digits as written ('' when absent) and the offset of its `:`. */
  port: string;
  portStart: number;
  /** Offset where the authority ends (path, query or fragment starts). */
  authorityEnd: number;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

export function parseSourceUrl(url: string): SourceUrlParts | null {
  const schemeMatch = SCHEME.exec(url);
  if (!schemeMatch) return null;
  const scheme = schemeMatch[0].slice(0, -1);
  const afterScheme = schemeMatch[0].length;
  if (!url.startsWith('//', afterScheme)) {
    return { scheme, hasAuthority: false, host: '', hostStart: afterScheme, hostEnd: afterScheme, bracketed: false, port: '', portStart: afterScheme, authorityEnd: afterScheme };
  }
  const authorityStart = afterScheme + 2;
  let authorityEnd = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, authorityStart);
    if (at !== -1 && at < authorityEnd) authorityEnd = at;
  }
  const authority = url.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  const hostPortStart = at === -1 ? authorityStart : authorityStart + at + 1;
  const userinfo: [number, number] | undefined = at === -1 ? undefined : [authorityStart, authorityStart + at];
  const hostPort = url.slice(hostPortStart, authorityEnd);
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    const hostEnd = close === -1 ? authorityEnd : hostPortStart + close;
    const rest = close === -1 ? '' : hostPort.slice(close + 1);
    const port = rest.startsWith(':') ? rest.slice(1) : '';
    return {
      scheme, hasAuthority: true, userinfo,
      host: url.slice(hostPortStart + 1, hostEnd), hostStart: hostPortStart + 1, hostEnd, bracketed: true,
      port, portStart: rest.startsWith(':') ? hostEnd + 1 : authorityEnd, authorityEnd,
    };
  }
  const colon = hostPort.lastIndexOf(':');
  const hostEnd = colon === -1 ? authorityEnd : hostPortStart + colon;
  return {
    scheme, hasAuthority: true, userinfo,
    host: url.slice(hostPortStart, hostEnd), hostStart: hostPortStart, hostEnd, bracketed: false,
    port: colon === -1 ? '' : hostPort.slice(colon + 1), portStart: hostEnd, authorityEnd,
  };
}

/** ASCII-only lowercasing (RFC 4343): what a DNS name's case folding means; never locale-aware. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

export function hasAsciiUpper(text: string): boolean {
  return /[A-Z]/.test(text);
}
