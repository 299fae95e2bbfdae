// An imgproxy URL builder written for the tests from the spec alone (spec §1.2-§1.4, §2), sharing no
// code with the engine: random source URLs, every source encoding, signed and unsigned, with random
// path prefixes and argument separators. Each built URL carries what imgproxy would decode from it.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------------
// Small independent helpers

/** ASCII-only lowercasing (RFC 4343); never locale-aware, never touches non-ASCII letters. */
export function asciiLower(text: string): string {
  let out = '';
  for (const ch of text) out += ch >= 'A' && ch <= 'Z' ? String.fromCharCode(ch.charCodeAt(0) + 32) : ch;
  return out;
}

export function b64url(text: string | Uint8Array): string {
  return Buffer.from(typeof text === 'string' ? Buffer.from(text, 'utf8') : text).toString('base64url');
}

/** Scheme, authority pieces and host of a source URL, read per RFC 3986 as Go's net/url does. */
export interface SourceParts { scheme: string; hostStart: number; hostEnd: number; host: string; bracketed: boolean }

export function sourceParts(url: string): SourceParts | null {
  const colon = url.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, colon))) return null;
  if (url.slice(colon + 1, colon + 3) !== '//') return null;
  const authStart = colon + 3;
  let authEnd = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, authStart);
    if (at !== -1 && at < authEnd) authEnd = at;
  }
  const authority = url.slice(authStart, authEnd);
  const at = authority.lastIndexOf('@');
  const hostPortStart = at === -1 ? authStart : authStart + at + 1;
  if (url[hostPortStart] === '[') {
    const close = url.indexOf(']', hostPortStart);
    return { scheme: url.slice(0, colon), hostStart: hostPortStart + 1, hostEnd: close, host: url.slice(hostPortStart + 1, close), bracketed: true };
  }
  const hostPort = url.slice(hostPortStart, authEnd);
  const portColon = hostPort.lastIndexOf(':');
  const hostEnd = portColon === -1 ? authEnd : hostPortStart + portColon;
  return { scheme: url.slice(0, colon), hostStart: hostPortStart, hostEnd, host: url.slice(hostPortStart, hostEnd), bracketed: false };
}

/**
 * What a canonicalising fix may change in a source: scheme and host case (ASCII), a trailing dot on a
 * host name. Two sources that differ only there have the same canonical form.
 */
export function canonicalSource(url: string): string {
  const p = sourceParts(url);
  if (!p) return url;
  let host = asciiLower(p.host);
  if (!p.bracketed && host.length > 1 && host.endsWith('.')) host = host.slice(0, -1);
  return asciiLower(p.scheme) + url.slice(p.scheme.length, p.hostStart) + host + url.slice(p.hostEnd);
}

/** imgproxy's re-denormalisation of the path after the signature (spec §1.2 step 4), written anew. */
export function redenormalizeForSigning(rest: string): string {
  let cut = -1;
  if (rest.startsWith('plain/')) cut = 'plain/'.length;
  else {
    const at = rest.indexOf('/plain/');
    if (at !== -1) cut = at + '/plain/'.length;
  }
  if (cut === -1) return rest.split('%3A').join(':');
  const options = rest.slice(0, cut).split('%3A').join(':');
  let plain = rest.slice(cut);
  // ^(\S+):/([^/]) with a greedy \S+: the last ":/x" inside the first run of non-space characters.
  const firstSpace = plain.search(/\s/);
  const run = firstSpace === -1 ? plain : plain.slice(0, firstSpace);
  for (let i = run.length - 2; i >= 1; i--) {
    if (run[i] === ':' && run[i + 1] === '/' && i + 2 < run.length && run[i + 2] !== '/') {
      const scheme = run.slice(0, i);
      plain = `${scheme}://${scheme === 'local' ? '/' : ''}${plain.slice(i + 2)}`;
      break;
    }
  }
  return options + plain;
}

export interface Signer { key: Buffer; salt: Buffer; size: number }

/** base64url(HMAC-SHA256(key, salt ‖ "/" ‖ path)[0:size]) over the re-denormalised path (spec §2). */
export function imgproxySignature(restAfterSignature: string, signer: Signer): string {
  const message = '/' + redenormalizeForSigning(restAfterSignature);
  const mac = createHmac('sha256', signer.key).update(signer.salt).update(message).digest();
  return mac.subarray(0, signer.size).toString('base64url');
}

// ---------------------------------------------------------------------------------------------------
// Source URLs

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

/** A string with each letter's case chosen at random, biased so that mixed case is common. */
function randomCase(word: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((flips) =>
    [...word].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch)).join(''),
  );
}

const label = fc
  .tuple(
    fc.constantFrom(...(LOWER + UPPER + DIGITS)),
    fc.string({ unit: fc.constantFrom(...(LOWER + UPPER + DIGITS + '-')), maxLength: 8 }),
    fc.constantFrom(...(LOWER + UPPER + DIGITS)),
  )
  .map(([a, mid, b]) => a + mid + b);

const unicodeLabel = fc
  .tuple(fc.constantFrom('bücher', 'пример', '例え', 'ñandú', 'café', 'straße', 'δοκιμή'), fc.constantFrom('', 'X', 'Shop', 'a1'))
  .map(([u, ascii]) => u + ascii);

const tld = fc.constantFrom('com', 'org', 'net', 'io', 'de', 'co.uk', 'test', 'example', 'COM', 'Org', 'jp');

const domainHost = fc
  .tuple(fc.array(fc.oneof({ weight: 5, arbitrary: label }, { weight: 1, arbitrary: unicodeLabel }), { minLength: 1, maxLength: 3 }), tld, fc.boolean(), fc.integer({ min: 0, max: 9 }))
  .map(([labels, top, upperFirst, dot]) => {
    const name = [...labels, top].join('.');
    return (upperFirst ? name[0].toUpperCase() + name.slice(1) : name) + (dot === 0 ? '.' : '');
  });

const ipv4Host = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((n) => n.join('.'));

const ipv6Host = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.boolean(), fc.boolean())
  .map(([groups, compress, upper]) => {
    const hex = groups.map((g) => g.toString(16));
    const text = compress ? `${hex.slice(0, 3).join(':')}::${hex.slice(6).join(':')}` : hex.join(':');
    return `[${upper ? text.toUpperCase() : text}]`;
  });

export const hostArb = fc.oneof({ weight: 8, arbitrary: domainHost }, { weight: 1, arbitrary: ipv4Host }, { weight: 1, arbitrary: ipv6Host });

/** `arb` with probability 1/`every`, else null (fc.option's freq is the other way round). */
function sometimes<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

const userinfoArb = sometimes(
  fc.tuple(fc.string({ unit: fc.constantFrom(...(LOWER + UPPER + DIGITS + '._~-')), minLength: 1, maxLength: 6 }), sometimes(fc.string({ unit: fc.constantFrom(...(LOWER + DIGITS)), minLength: 1, maxLength: 6 }), 2)).map(([u, p]) => (p === null ? `${u}@` : `${u}:${p}@`)),
  5,
);

/** Characters of a source path: every troublemaker (%, ?, @, #, space, quotes, Unicode, emoji, ...). */
const PATH_CHARS = [...LOWER, ...UPPER, ...DIGITS, '-', '_', '.', '~', '/', '%', '?', '@', '#', ' ', '&', '=', '+', ',', ';', ':', '!', '*', '(', ')', "'", '"', '$', '{', '}', '[', ']', '<', '>', '\\', '`', '|', '^', 'é', 'Ü', '中', '😀', 'ß', '\u00a0'];

/** Characters that need no escaping after plain/ (so the plain-raw form is reached often). */
const SAFE_PATH_CHARS = [...LOWER, ...UPPER, ...DIGITS, '-', '_', '.', '~', '/', '&', '=', '+', ',', ';', '!', '*', '$', 'é', '中', '😀'];

const pathArb = fc
  .tuple(
    fc.oneof(fc.string({ unit: fc.constantFrom(...PATH_CHARS), maxLength: 24 }), fc.string({ unit: fc.constantFrom(...SAFE_PATH_CHARS), maxLength: 24 })),
    fc.constantFrom('.jpg', '.png', '/image.webp', '', 'x'),
  )
  .map(([body, end]) => '/' + body + end + 'z');

/** A random source URL: mixed-case scheme and host, userinfo, port, IPv4/IPv6/IDN, hostile paths. */
export const sourceUrlArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom('http', 'https') }, { weight: 1, arbitrary: fc.constantFrom('http', 'https').chain(randomCase) }),
    userinfoArb,
    hostArb,
    sometimes(fc.integer({ min: 1, max: 65535 }), 4),
    pathArb,
  )
  .map(([scheme, userinfo, host, port, path]) => `${scheme}://${userinfo ?? ''}${host}${port === null ? '' : `:${port}`}${path}`);

// ---------------------------------------------------------------------------------------------------
// Encodings of the source (spec §1.3, §1.4)

export type Encoding = 'plain-raw' | 'plain-all' | 'plain-reserved' | 'plain-minimal' | 'base64';

/** Characters that end a URL in a text, and characters that have a meaning in imgproxy's plain grammar. */
const RAW_FORBIDDEN = new Set([...'%?@# "\'`<>\\{}()[]^|\u00a0']);
const TRAILING = new Set([...'.,;:!?*']);

/** Whether the source can be written after plain/ unescaped and still be read back as itself. */
export function rawPlainOk(source: string): boolean {
  const afterScheme = source.indexOf('://') + 3;
  const rest = source.slice(afterScheme);
  const p = sourceParts(source)!;
  if (p.bracketed) {
    // IPv6 brackets are balanced: allowed; nothing else forbidden.
    const withoutHost = source.slice(0, p.hostStart - 1) + 'h' + source.slice(p.hostEnd + 1);
    return rawPlainOk(withoutHost);
  }
  if ([...rest].some((ch) => RAW_FORBIDDEN.has(ch))) return false;
  if (rest.includes(':/')) return false; // imgproxy's scheme:/x repair would rewrite it (spec §1.2 step 4)
  return !TRAILING.has(source[source.length - 1]);
}

function hexByte(byte: number, lowerHex: boolean): string {
  const h = byte.toString(16).padStart(2, '0');
  return '%' + (lowerHex ? h : h.toUpperCase());
}

function encodeBytes(text: string, keep: (ch: string) => boolean, lowerHex: boolean): string {
  let out = '';
  for (const ch of text) {
    if (keep(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += hexByte(byte, lowerHex);
  }
  return out;
}

const UNRESERVED = /^[A-Za-z0-9._~-]$/;

export function encodePlain(source: string, how: 'plain-all' | 'plain-reserved' | 'plain-minimal', lowerHex: boolean): string {
  if (how === 'plain-all') return encodeBytes(source, () => false, lowerHex);
  if (how === 'plain-reserved') return encodeBytes(source, (ch) => UNRESERVED.test(ch), lowerHex);
  // Minimal: the scheme's "://" stays, and so does everything that is safe; only what must be escaped is.
  const cut = source.indexOf('://') + 3;
  const body = encodeBytes(source.slice(cut), (ch) => !RAW_FORBIDDEN.has(ch) && ch !== ':' && ch !== '/' ? true : ch === '/', lowerHex);
  let out = source.slice(0, cut) + body;
  if (TRAILING.has(out[out.length - 1])) out = out.slice(0, -1) + hexByte(out.charCodeAt(out.length - 1), lowerHex);
  return out;
}

/** Splits text into chunks at the given cut points (sorted, distinct, inside the text). */
function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => 1 + (c % Math.max(1, text.length - 1))))].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b);
  const out: string[] = [];
  let at = 0;
  for (const p of points) {
    out.push(text.slice(at, p));
    at = p;
  }
  out.push(text.slice(at));
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Whole imgproxy URLs

export interface BuiltUrl {
  /** The imgproxy URL as written. */
  url: string;
  /** What imgproxy decodes as the source (no BASE_URL configured). */
  source: string;
  /** The wmu: option's decoded URL, when the URL has one. */
  optionSource?: string;
  encoding: Encoding;
  /** Settings the engine must be told. */
  pathPrefix: string;
  separator: string;
  base64UrlIncludesFilename: boolean;
  /** The configured imgproxy host (for imgproxy.hosts), as `host[:port]`. */
  endpointAuthority: string;
  /** The key that signed it, or null for a placeholder signature. */
  signer: Signer | null;
  /** Offsets of the signature in `url`, and of the path after it (what is signed). */
  signatureStart: number;
  signatureEnd: number;
}

export interface BuildOptions {
  /** A fixed signer shared by every URL of a text (one key per project). */
  signer?: Signer | null;
  pathPrefix?: string;
  separator?: string;
  base64UrlIncludesFilename?: boolean;
}

const OPTION_TEMPLATES: [string, string[]][] = [
  ['rs', ['fit', '300', '300']], ['w', ['300']], ['h', ['200']], ['g', ['sm']], ['q', ['80']], ['pr', ['sharp']],
  ['resize', ['fill', '300', '400', '0']], ['bl', ['2']], ['mb', ['1048576']], ['el', ['1']], ['f', ['png']],
];

/** Separators imgproxy allows that can never appear in base64url text or in "plain". */
export const separatorArb = fc.constantFrom(':', ':', ':', ',', ';', '!', '|', '~', '*');
export const prefixArb = fc.constantFrom('', '', '', '/imgproxy', '/i', '/a/b', '/img-proxy/v1');
export const signerArb: fc.Arbitrary<Signer> = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.integer({ min: 1, max: 32 }))
  .map(([key, salt, size]) => ({ key: Buffer.from(key), salt: Buffer.from(salt), size }));

const endpointArb = fc
  .tuple(fc.constantFrom('http', 'https'), fc.constantFrom('imgproxy.example.com', 'img.test', 'cdn.example.org', 'localhost', '10.0.0.5'), sometimes(fc.integer({ min: 1, max: 65535 }), 3))
  .map(([scheme, host, port]) => ({ origin: `${scheme}://${host}${port === null ? '' : `:${port}`}`, authority: `${host}${port === null ? '' : `:${port}`}` }));

const PLACEHOLDERS = ['insecure', 'unsafe', '_'];

export function builtUrlArb(fixed: BuildOptions = {}): fc.Arbitrary<BuiltUrl> {
  return fc
    .record({
      source: sourceUrlArb,
      encoding: fc.constantFrom<Encoding>('plain-raw', 'plain-all', 'plain-reserved', 'plain-minimal', 'base64', 'base64'),
      lowerHex: fc.boolean(),
      ext: sometimes(fc.constantFrom('webp', 'png', 'jpg', 'avif'), 2),
      cuts: fc.array(fc.nat(), { maxLength: 5 }),
      padded: fc.boolean(),
      filename: fc.boolean(),
      options: fc.array(fc.constantFrom(...OPTION_TEMPLATES), { maxLength: 3 }),
      escapeColon: fc.integer({ min: 0, max: 5 }),
      wmu: sometimes(fc.tuple(sourceUrlArb, fc.boolean()), 5),
      signer: fixed.signer !== undefined ? fc.constant(fixed.signer) : sometimes(signerArb, 2),
      placeholder: fc.constantFrom(...PLACEHOLDERS),
      prefix: fixed.pathPrefix !== undefined ? fc.constant(fixed.pathPrefix) : prefixArb,
      separator: fixed.separator !== undefined ? fc.constant(fixed.separator) : separatorArb,
      b64Filename: fixed.base64UrlIncludesFilename !== undefined ? fc.constant(fixed.base64UrlIncludesFilename) : fc.boolean(),
      endpoint: endpointArb,
    })
    .map((r) => {
      let encoding = r.encoding;
      if (encoding === 'plain-raw' && !rawPlainOk(r.source)) encoding = 'plain-minimal';
      const sep = r.separator;
      const optionSegments = r.options.map(([name, args]) => {
        const segment = [name, ...args].join(sep);
        // A proxy may send ":" as "%3A" (uppercase): imgproxy puts it back before parsing and signing.
        return sep === ':' && r.escapeColon === 0 ? segment.split(':').join('%3A') : segment;
      });
      // A short signature is no evidence of imgproxy by itself (any word could be one): signed URLs carry a known option.
      if (r.signer && optionSegments.length === 0) optionSegments.push(['w', '100'].join(sep));
      let optionSource: string | undefined;
      if (r.wmu) {
        const [wmuSource, pad] = r.wmu;
        let arg = b64url(wmuSource);
        if (pad) arg += '='.repeat((4 - (arg.length % 4)) % 4);
        optionSegments.push(`wmu${sep}${arg}`);
        optionSource = wmuSource;
      }
      let sourcePart: string;
      let b64Filename = false;
      if (encoding === 'base64') {
        let payload = b64url(r.source);
        if (r.padded) payload += '='.repeat((4 - (payload.length % 4)) % 4);
        const chunks = splitAt(payload, r.cuts);
        // A chunk that reads as "plain", "enc" or a v2 resize type would change the grammar: keep it whole.
        const safe = chunks.every((c) => !['plain', 'enc', 'fit', 'fill', 'fill-down', 'force', 'auto', 'crop', 'info'].includes(c));
        sourcePart = (safe ? chunks : [payload]).join('/') + (r.ext === null ? '' : `.${r.ext}`);
        // With the setting fixed on, every base64 source carries its SEO filename (else its last chunk would be dropped).
        if (r.b64Filename && (r.filename || fixed.base64UrlIncludesFilename === true)) {
          sourcePart += '/puppy.jpg';
          b64Filename = true;
        }
      } else {
        const written = encoding === 'plain-raw' ? r.source : encodePlain(r.source, encoding, r.lowerHex);
        sourcePart = `plain/${written}${r.ext === null ? '' : `@${r.ext}`}`;
      }
      const rest = [...optionSegments, sourcePart].join('/');
      const signature = r.signer ? imgproxySignature(rest, r.signer) : r.placeholder;
      const head = `${r.endpoint.origin}${r.prefix}/`;
      return {
        url: `${head}${signature}/${rest}`,
        source: r.source,
        optionSource,
        encoding,
        pathPrefix: r.prefix,
        separator: sep,
        // The setting only matters for base64 sources; with it on, a plain/base64 URL without a filename still reads the same.
        base64UrlIncludesFilename: fixed.base64UrlIncludesFilename ?? b64Filename,
        endpointAuthority: r.endpoint.authority,
        signer: r.signer,
        signatureStart: head.length,
        signatureEnd: head.length + signature.length,
      };
    });
}

/** Verifies a (possibly fixed) imgproxy URL's signature with the builder's own signer. */
export function signatureValid(url: string, built: Pick<BuiltUrl, 'signatureStart' | 'signer'>): boolean {
  if (!built.signer) return true;
  const end = url.indexOf('/', built.signatureStart);
  const signature = url.slice(built.signatureStart, end);
  let pathEnd = url.length;
  for (const stop of ['?', '#']) {
    const at = url.indexOf(stop, end);
    if (at !== -1 && at < pathEnd) pathEnd = at;
  }
  return imgproxySignature(url.slice(end + 1, pathEnd), built.signer) === signature;
}

// ---------------------------------------------------------------------------------------------------
// Positions as LSP counts them (UTF-16 code units; \n, \r\n and \r end lines)

export function lspPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
