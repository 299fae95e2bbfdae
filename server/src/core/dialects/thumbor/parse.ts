// One thumbor or imagor URL read as both read it (one grammar, spec/dialects.md §3):
// `/[params/]<HASH>|unsafe/[meta/][trim/][AxB:CxD/][fit-in/][stretch/][-Ex-F/][PxQ/][halign/][valign/][smart/][filters:…/]IMAGE`,
// with every source (the image, and watermark()/frame() arguments) decoded and mapped back to the URL.
import { parse as parseDomain } from 'tldts';
import { bytesAsText, decodeRawUrlBase64 } from '../../base64.js';
import { identityMapped, insertMapped, percentDecodeMapped } from '../../mapped.js';
import { proxyPath } from '../endpoints.js';
import type { Segment, SourceReading } from '../types.js';

/** The processing steps before the filters, in the order both parsers take them. */
const STEPS: readonly (readonly [string, RegExp])[] = [
  ['meta', /^meta$/],
  ['trim', /^trim(:(top-left|bottom-right))?(:\d+)?$/],
  ['crop', /^(0?\.)?\d+x(0?\.)?\d+:([0-1]?\.)?\d+x([0-1]?\.)?\d+$/],
  ['fit-in', /^(adaptive-)?(full-)?fit-in$/],
  ['stretch', /^stretch$/],
  ['size', /^-?(\d+|orig)?x-?(\d+|orig)?$/],
  ['padding', /^\d+x\d+(:\d+x\d+)?$/],
  ['halign', /^(left|right|center)$/],
  ['valign', /^(top|bottom|middle)$/],
  ['smart', /^smart$/],
];

/** Filters whose first argument is an image URL of its own. */
const SOURCE_FILTERS = new Set(['watermark', 'frame']);

export interface ThumborFilter { name: string; args: string; segment: Segment }

/** A source of a thumbor/imagor URL: the image or a filter's image argument. */
export interface ThumborSource extends SourceReading {
  /** The filter carrying it (watermark, frame), absent for the image. */
  filter?: string;
  /** imagor's `b64:` form. */
  b64?: boolean;
  /** Written without a scheme: the proxy adds its default (imagor https, thumbor http). */
  schemeless?: boolean;
}

export interface ParsedThumborUrl {
  url: string;
  endpoint: string;
  endpointHost: string;
  /** Path prefix before the hash ('' when none), and imagor's `params/` marker. */
  prefix: string;
  params: boolean;
  /** The hash segment: `unsafe` or a signature. */
  hash: Segment;
  /** Processing steps recognised (`fit-in`, `size`, ...), with their segments. */
  steps: { name: string; segment: Segment }[];
  filters: ThumborFilter[];
  /** The image, then filter sources. */
  sources: ThumborSource[];
  /** Where the signed path starts (after `<hash>/`) and where the path ends (`?`, `#` or the end). */
  signedStart: number;
  pathEnd: number;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/** The first segment of a scheme-less source, when it is a host name with a public suffix (`cdn.example.com`). */
export function schemelessHost(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash <= 0) return false;
  const authority = text.slice(0, slash);
  const host = authority.replace(/:\d+$/, '');
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(host)) return false;
  const info = parseDomain(host.toLowerCase(), { allowPrivateDomains: true });
  return Boolean(info.isIcann || info.isPrivate) && info.domain !== null;
}

/** Decodes one source written as `text` at `start` in the URL. */
function decodeSource(url: string, start: number, end: number, defaultScheme: string, filter?: string): ThumborSource {
  const text = url.slice(start, end);
  const source: ThumborSource = { kind: 'plain', start, end, escapingProblems: [], fromBaseUrl: false, filter };
  if (text.startsWith('b64:')) {
    source.kind = 'base64';
    source.b64 = true;
    const payload = text.slice(4);
    source.chunks = [{ text: payload, start: start + 4, end }];
    source.padding = '';
    const bytes = decodeRawUrlBase64(payload);
    const decoded = bytes && bytesAsText(bytes);
    if (!decoded) {
      source.error = `"${payload.slice(0, 40)}" is not unpadded base64url (imagor reads A-Z a-z 0-9 - _ after "b64:")`;
      return source;
    }
    if (SCHEME.test(decoded)) source.url = decoded;
    else if (schemelessHost(decoded)) {
      source.url = `${defaultScheme}://${decoded}`;
      source.schemeless = true;
    }
    return source;
  }
  // Most images are paths, not URLs: judged on the text before any mapping is built.
  if (!text.includes('%') && !SCHEME.test(text) && !schemelessHost(text)) return source;
  const decoded = percentDecodeMapped(identityMapped(text, start));
  if ('badEscapeAt' in decoded) {
    source.error = `invalid percent escape "${text.slice(decoded.badEscapeAt, decoded.badEscapeAt + 3)}"`;
    return source;
  }
  if (SCHEME.test(decoded.text)) {
    source.mapped = decoded;
    source.url = decoded.text;
  } else if (schemelessHost(decoded.text)) {
    source.mapped = insertMapped(decoded, 0, `${defaultScheme}://`);
    source.url = source.mapped.text;
    source.schemeless = true;
  }
  return source;
}

/** Splits `filters:a(x):b(y,z)` (parentheses may hold `/` and `:`) and returns where the filters end. */
function parseFilters(url: string, from: number, to: number): { filters: ThumborFilter[]; end: number } | null {
  if (!url.startsWith('filters:', from)) return null;
  const filters: ThumborFilter[] = [];
  let depth = 0;
  let nameStart = from + 'filters:'.length;
  let i = nameStart;
  const close = (at: number) => {
    if (at > nameStart) {
      const text = url.slice(nameStart, at);
      const paren = text.indexOf('(');
      const last = text.lastIndexOf(')');
      const name = paren === -1 ? text : text.slice(0, paren);
      const args = paren === -1 ? '' : text.slice(paren + 1, last > paren ? last : text.length);
      filters.push({ name, args, segment: { text, start: nameStart, end: at } });
    }
    nameStart = at + 1;
  };
  for (; i < to; i++) {
    const ch = url[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === ':') close(i);
    else if (depth === 0 && ch === '/') break;
  }
  close(i);
  return { filters, end: i };
}

/**
 * Parses `url` as a thumbor/imagor URL with `prefix` (path segments before the hash, '' for none).
 * `defaultScheme` is the scheme a scheme-less source is fetched with. null when the path cannot be one,
 * or when `worthReading` says its hash cannot make it one (then nothing after the hash is read).
 */
export function parseThumborUrl(url: string, prefix: string, defaultScheme: string, worthReading?: (hash: string) => boolean): ParsedThumborUrl | null {
  const located = proxyPath(url);
  if (!located) return null;
  const { endpointParts, pathStart, pathEnd } = located;
  if (url[pathStart + prefix.length] !== '/' || !url.startsWith(prefix, pathStart)) return null;
  let cursor = pathStart + prefix.length + 1;
  const segmentAt = (at: number): Segment => {
    const slash = url.indexOf('/', at);
    const end = slash === -1 || slash > pathEnd ? pathEnd : slash;
    return { text: url.slice(at, end), start: at, end };
  };
  let params = false;
  if (segmentAt(cursor).text === 'params') {
    params = true;
    cursor += 'params/'.length;
  }
  const hash = segmentAt(cursor);
  if (hash.end >= pathEnd || !(hash.text === 'unsafe' || /^[A-Za-z0-9_=-]{8,}$/.test(hash.text))) return null;
  if (worthReading && !worthReading(hash.text)) return null;
  const signedStart = hash.end + 1;
  cursor = signedStart;
  const steps: ParsedThumborUrl['steps'] = [];
  for (const [name, pattern] of STEPS) {
    const segment = segmentAt(cursor);
    if (segment.end < pathEnd && pattern.test(segment.text)) {
      steps.push({ name, segment });
      cursor = segment.end + 1;
    }
  }
  const parsedFilters = parseFilters(url, cursor, pathEnd);
  const filters = parsedFilters?.filters ?? [];
  if (parsedFilters) cursor = Math.min(parsedFilters.end + 1, pathEnd);
  if (cursor >= pathEnd) return null;
  const sources: ThumborSource[] = [decodeSource(url, cursor, pathEnd, defaultScheme)];
  for (const filter of filters) {
    if (!SOURCE_FILTERS.has(filter.name) || filter.args === '') continue;
    const argsStart = filter.segment.start + filter.name.length + 1;
    const comma = filter.args.indexOf(',');
    const argEnd = argsStart + (comma === -1 ? filter.args.length : comma);
    if (argEnd > argsStart) sources.push(decodeSource(url, argsStart, argEnd, defaultScheme, filter.name));
  }
  return {
    url,
    endpoint: url.slice(0, pathStart),
    endpointHost: url.slice(endpointParts.hostStart, endpointParts.hostEnd),
    prefix,
    params,
    hash,
    steps,
    filters,
    sources,
    signedStart,
    pathEnd,
  };
}
