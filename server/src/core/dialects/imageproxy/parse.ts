// One willnorris/imageproxy URL read as imageproxy reads it (spec/dialects.md §3): `/{options}/{remote_url}`,
// options comma-separated (`100x150`, `q75`, `fit`, `r90`, `s<signature>`, ...), the remote URL plain (the
// proxy URL's own query string joins it), fully percent-encoded, or base64url of the whole URL.
import { bytesAsText, decodeRawUrlBase64, trimPadding } from '../../base64.js';
import { identityMapped, insertMapped, percentDecodeMapped } from '../../mapped.js';
import { proxyPath } from '../endpoints.js';
import type { Segment, SourceReading } from '../types.js';

export interface ParsedImageproxyUrl {
  url: string;
  endpoint: string;
  endpointHost: string;
  /** The options segment ('' when the URL has none). */
  optionsSegment: Segment;
  /** The options as written, the signature left out. */
  options: string[];
  /** The `s<signature>` option's value, and where it is in the URL. */
  signature?: Segment;
  source: SourceReading;
  sources: SourceReading[];
  /** Every option named one imageproxy knows (an unknown one is ignored by it, and is no evidence). */
  allKnown: boolean;
}

const NUMBER = /^\d*\.?\d+$/;
const SIZE = /^(\d*\.?\d*)x(\d*\.?\d*)$/;
const FLAGS = new Set(['fit', 'fv', 'fh', 'scaleUp', 'jpeg', 'png', 'tiff', 'webp', 'sc']);
const PREFIXED = /^(r|q|cx|cy|cw|ch)(-?\d*\.?\d+)$/;
const REMOTE = /^https?:\/\//i;
const CLEANED = /^(https?):\/+([^/])/i;

/** Go's %v of a float64 for the numbers options carry (100 → "100", 0.5 → "0.5"). */
const goFloat = (text: string) => String(Number(text || '0'));

/**
 * The canonical options string imageproxy signs with URL + "#" + options: every option it knows in its
 * canonical form, a size always (`0x0` when none), the signature left out, sorted.
 */
export function canonicalOptions(options: readonly string[]): string {
  let size = '0x0';
  const named = new Map<string, string>();
  for (const text of options) {
    const sized = SIZE.exec(text);
    if (sized) size = `${goFloat(sized[1])}x${goFloat(sized[2])}`;
    else if (NUMBER.test(text)) size = `${goFloat(text)}x${goFloat(text)}`;
    else if (FLAGS.has(text)) named.set(['jpeg', 'png', 'tiff', 'webp'].includes(text) ? 'format' : text, text);
    else {
      const prefixed = PREFIXED.exec(text);
      if (prefixed) named.set(prefixed[1], Number(prefixed[2]) === 0 ? '' : `${prefixed[1]}${prefixed[1] === 'r' || prefixed[1] === 'q' ? Math.trunc(Number(prefixed[2])) : goFloat(prefixed[2])}`);
    }
  }
  return [size, ...[...named.values()].filter(Boolean)].sort().join(',');
}

function isKnownOption(text: string): boolean {
  return text === '' || SIZE.test(text) || NUMBER.test(text) || FLAGS.has(text) || PREFIXED.test(text) || (text.startsWith('s') && text !== 'sc');
}

function readSource(url: string, start: number, pathEnd: number): SourceReading {
  const fragment = url.indexOf('#', pathEnd);
  const queryEnd = fragment === -1 ? url.length : fragment;
  const text = url.slice(start, pathEnd);
  const source: SourceReading = { kind: 'plain', start, end: pathEnd, escapingProblems: [], fromBaseUrl: false };
  if (CLEANED.test(text)) {
    // Plain: the proxy URL's query string is part of the remote URL; `https:/x` (a collapsed `//`) is repaired.
    source.end = queryEnd;
    let mapped = identityMapped(url.slice(start, queryEnd), start);
    const cleaned = CLEANED.exec(mapped.text)!;
    const slashes = mapped.text.slice(cleaned[1].length + 1).search(/[^/]/);
    if (slashes === 1) mapped = insertMapped(mapped, cleaned[1].length + 2, '/');
    source.mapped = mapped;
    source.url = mapped.text;
    return source;
  }
  if (/^https?%3A/i.test(text)) {
    const decoded = percentDecodeMapped(identityMapped(text, start));
    if ('badEscapeAt' in decoded) source.error = `invalid percent escape "${text.slice(decoded.badEscapeAt, decoded.badEscapeAt + 3)}"`;
    else {
      source.mapped = decoded;
      source.url = decoded.text;
    }
    return source;
  }
  const payload = trimPadding(text);
  const bytes = decodeRawUrlBase64(payload);
  const decoded = bytes && bytesAsText(bytes);
  if (decoded && REMOTE.test(decoded)) {
    source.kind = 'base64';
    source.chunks = [{ text, start, end: pathEnd }];
    source.padding = text.slice(payload.length);
    source.url = decoded;
  }
  return source;
}

export function parseImageproxyUrl(url: string): ParsedImageproxyUrl | null {
  const located = proxyPath(url);
  if (!located) return null;
  const { endpointParts, pathStart, pathEnd } = located;
  if (url[pathStart] !== '/') return null;
  const first = pathStart + 1;
  const direct = url.slice(first, pathEnd);
  let optionsSegment: Segment = { text: '', start: first, end: first };
  let sourceStart = first;
  if (!(REMOTE.test(direct) || CLEANED.test(direct))) {
    const slash = url.indexOf('/', first);
    if (slash === -1 || slash >= pathEnd) return null;
    optionsSegment = { text: url.slice(first, slash), start: first, end: slash };
    sourceStart = slash + 1;
  }
  const source = readSource(url, sourceStart, pathEnd);
  if (source.url === undefined && source.error === undefined) return null;
  const options: string[] = [];
  let signature: Segment | undefined;
  let at = optionsSegment.start;
  for (const text of optionsSegment.text.split(',')) {
    if (text.startsWith('s') && text !== 'sc') signature = { text: text.slice(1), start: at + 1, end: at + text.length };
    else if (text !== '') options.push(text);
    at += text.length + 1;
  }
  return {
    url,
    endpoint: url.slice(0, pathStart),
    endpointHost: url.slice(endpointParts.hostStart, endpointParts.hostEnd),
    optionsSegment,
    options,
    signature,
    source,
    sources: [source],
    allKnown: optionsSegment.text.split(',').every(isKnownOption),
  };
}
