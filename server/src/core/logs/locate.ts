// Where a failing source comes from in the code: the URLs and builder calls of a text that decode to
// the same source (the engine's extractSources reads imgproxy URLs, builder calls and plain URLs), and,
// ranked below, those on the same host with the same path pattern, then the same host. Signatures play
// no part: only decoded sources are compared.
import { findUrls } from '../find.js';
import { extractSources } from '../lint.js';
import { asciiLower, parseSourceUrl } from '../url.js';
import type { LintOptions } from '../types.js';
import type { MatchKind } from './types.js';

export interface SourceKey {
  /** scheme://host/path as written, without query or fragment. */
  exact: string;
  /** The host lowercased (hosts differing only in case are the same server). */
  host: string;
  /** The path with digit runs as `#` and the file name as `*.ext`: `/img/#/*.jpg`. */
  pattern: string;
}

export function sourceKey(source: string): SourceKey | undefined {
  const parts = parseSourceUrl(source);
  if (!parts?.hasAuthority || parts.host === '') return undefined;
  const cut = source.search(/[?#]/);
  const exact = cut === -1 ? source : source.slice(0, cut);
  return { exact, host: asciiLower(parts.host), pattern: pathPattern(exact.slice(parts.authorityEnd)) };
}

export function pathPattern(path: string): string {
  const segments = path.split('/');
  const last = segments.length - 1;
  return segments.map((segment, i) => {
    if (i === last && i > 0) {
      const dot = segment.lastIndexOf('.');
      return dot > 0 ? `*${segment.slice(dot).toLowerCase()}` : segment === '' ? '' : '*';
    }
    return segment.replace(/\d+/g, '#');
  }).join('/');
}

export interface TextMatch {
  /** Index of the target matched. */
  target: number;
  start: number;
  end: number;
  match: MatchKind;
  /** The URL as written in the text. */
  url: string;
}

const RANK: Record<MatchKind, number> = { exact: 0, pattern: 1, host: 2 };

function compare(key: SourceKey, target: SourceKey): MatchKind | undefined {
  if (key.host !== target.host) return undefined;
  if (key.exact === target.exact) return 'exact';
  if (key.pattern === target.pattern) return 'pattern';
  return 'host';
}

/**
 * The places in `text` whose sources match `targets`, best match per place and target. `hosts` (the
 * targets' lowercased hosts) lets a text that names none of them cost one search each.
 */
export function matchSources(text: string, options: LintOptions, targets: readonly SourceKey[]): TextMatch[] {
  const lower = text.toLowerCase();
  if (!targets.some((t) => lower.includes(t.host))) return [];
  const matches = new Map<string, TextMatch>();
  const consider = (source: string, start: number, end: number, url: string, prefixOnly: boolean) => {
    const key = sourceKey(source);
    if (!key) return;
    targets.forEach((target, index) => {
      let match = compare(key, target);
      // A URL cut short by a template hole: its path is a prefix of the source's at best.
      if (prefixOnly && match !== undefined) match = target.exact.startsWith(key.exact) && key.exact.length > target.exact.indexOf('/', target.exact.indexOf('//') + 2) + 1 ? 'pattern' : 'host';
      if (match === undefined) return;
      const id = `${index}:${start}`;
      const known = matches.get(id);
      if (!known || RANK[match] < RANK[known.match]) matches.set(id, { target: index, start, end, match, url });
    });
  };
  for (const ref of extractSources(text, { ...options, checkAllUrls: true })) consider(ref.source, ref.start, ref.end, ref.url, false);
  // Until every proxy has a dialect reader, a URL nested in another (thumbor's and imagor's
  // `/unsafe/300x200/https://…`, imageproxy's `/300x300/https://…`) is taken as written; and a URL cut
  // short by a template hole (`https://Cdn.example.com/${id}.jpg`) by its literal part before the hole.
  for (const candidate of findUrls(text)) {
    const literalEnd = candidate.holes.length > 0 ? candidate.holes[0][0] - candidate.start : candidate.url.length;
    const literal = candidate.url.slice(0, literalEnd);
    const cut = literalEnd < candidate.url.length;
    for (const start of nestedUrlStarts(literal)) {
      const inner = literal.slice(start);
      const parts = parseSourceUrl(inner);
      if (parts?.hasAuthority && (!cut || parts.authorityEnd < inner.length)) consider(inner, candidate.start, candidate.end, candidate.url, cut);
    }
    if (cut && candidate.holes.length > 0) {
      const parts = parseSourceUrl(literal);
      if (parts?.hasAuthority && parts.authorityEnd < literal.length) consider(literal, candidate.start, candidate.end, candidate.url, true);
    }
  }
  return [...matches.values()].sort((a, b) => a.start - b.start || a.target - b.target);
}

/** Offsets of the URLs nested in `url` after its own scheme (`…/https://…`), innermost last. */
function nestedUrlStarts(url: string): number[] {
  const starts: number[] = [];
  for (let at = url.indexOf('://', 1); at !== -1; at = url.indexOf('://', at + 3)) {
    let start = at;
    while (start > 0 && /[A-Za-z0-9+.-]/.test(url[start - 1])) start--;
    if (start > 0 && start < at && url[start - 1] === '/') starts.push(start);
  }
  return starts;
}
