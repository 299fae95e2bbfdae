// Proxies that take the source as a query parameter (Imaginary, picfit: `?url=<percent-encoded>`): the
// parameters with their offsets, and the `url` value read as Go's url.Query reads it, mapped back.
import { identityMapped, percentDecodeMapped } from '../mapped.js';
import { proxyPath } from './endpoints.js';
import type { Segment, SourceReading } from './types.js';

export interface QueryParam { name: string; value: Segment }

export interface ParsedQueryUrl {
  url: string;
  endpoint: string;
  /** The path as written (`/resize`) and the query as written, without `?` and the fragment. */
  path: Segment;
  query: Segment;
  /** The path's one segment (`resize`, `display`), '' for `/`. */
  operation: string;
  params: QueryParam[];
  /** The `url` parameter decoded; absent when the URL has none. */
  source?: SourceReading;
  sources: SourceReading[];
}

/** Reads `url` as `/<operation>?a=b&url=…`; null when it has more than one path segment or no query. */
export function parseQueryUrl(url: string): ParsedQueryUrl | null {
  const located = proxyPath(url);
  if (!located || url[located.pathEnd] !== '?') return null;
  const operation = url.slice(located.pathStart, located.pathEnd).replace(/^\//, '');
  if (operation.includes('/')) return null;
  const fragment = url.indexOf('#', located.pathEnd);
  const queryEnd = fragment === -1 ? url.length : fragment;
  const params: QueryParam[] = [];
  let at = located.pathEnd + 1;
  while (at <= queryEnd) {
    let end = url.indexOf('&', at);
    if (end === -1 || end > queryEnd) end = queryEnd;
    const pair = url.slice(at, end);
    const eq = pair.indexOf('=');
    if (pair !== '') params.push({ name: eq === -1 ? pair : pair.slice(0, eq), value: eq === -1 ? { text: '', start: end, end } : { text: pair.slice(eq + 1), start: at + eq + 1, end } });
    at = end + 1;
  }
  const param = params.find((p) => p.name === 'url');
  let source: SourceReading | undefined;
  if (param) {
    source = { kind: 'plain', start: param.value.start, end: param.value.end, escapingProblems: [], fromBaseUrl: false };
    const decoded = percentDecodeMapped(identityMapped(param.value.text, param.value.start));
    if ('badEscapeAt' in decoded) source.error = `invalid percent escape "${param.value.text.slice(decoded.badEscapeAt, decoded.badEscapeAt + 3)}"`;
    else if (/^https?:\/\//i.test(decoded.text)) {
      source.mapped = decoded;
      source.url = decoded.text;
    }
  }
  const path = { text: url.slice(located.pathStart, located.pathEnd), start: located.pathStart, end: located.pathEnd };
  const query = { text: url.slice(located.pathEnd + 1, queryEnd), start: located.pathEnd + 1, end: queryEnd };
  return { url, endpoint: url.slice(0, located.pathStart), path, query, operation, params, source, sources: source ? [source] : [] };
}

/** The names of the parameters other than `url`. */
export function otherParams(parsed: ParsedQueryUrl): string[] {
  return parsed.params.map((p) => p.name).filter((name) => name !== 'url');
}
