// Finds http(s) URLs in any text with no parser per language: string literals, HTML attributes and
// srcset lists, CSS url(), Markdown links, YAML/JSON/TOML/.env values. Offsets are UTF-16 indices.

export interface UrlCandidate {
  url: string;
  start: number;
  end: number;
  /** Template holes (`${…}`, `{{…}}`, `#{…}`, `<%…%>`, `{…}`) inside the URL, as offsets in the text. */
  holes: [number, number][];
}

/** Characters that can never be part of a URL as written in source code. */
const STOPS = new Set([' ', '\t', '\n', '\r', '\f', '\v', '"', "'", '`', '<', '>', '\\', '\u00a0']);
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*']);
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** A URL longer than this is not a URL but a data blob or minified noise; it is cut here. */
const MAX_URL_LENGTH = 8192;

const HOLE_OPENERS: [string, string][] = [['${', '}'], ['{{', '}}'], ['#{', '}'], ['<%', '%>'], ['{', '}']];

export function findUrls(text: string): UrlCandidate[] {
  const found: UrlCandidate[] = [];
  let from = 0;
  for (;;) {
    const mark = text.indexOf('://', from);
    if (mark === -1) break;
    from = mark + 3;
    const start = schemeStart(text, mark);
    if (start === -1) continue;
    const candidate = scanUrl(text, start, mark + 3);
    if (candidate) {
      found.push(candidate);
      from = candidate.end;
    }
  }
  return found;
}

/** The start of an `http`/`https` scheme ending at `mark` (any case), or -1. */
function schemeStart(text: string, mark: number): number {
  for (const length of [5, 4]) {
    const start = mark - length;
    if (start < 0) continue;
    const scheme = text.slice(start, mark).toLowerCase();
    if ((scheme === 'https' || scheme === 'http') && (start === 0 || !SCHEME_CHAR.test(text[start - 1]))) return start;
  }
  return -1;
}

function scanUrl(text: string, start: number, bodyStart: number): UrlCandidate | null {
  const holes: [number, number][] = [];
  let parens = 0;
  let brackets = 0;
  let i = bodyStart;
  const limit = Math.min(text.length, start + MAX_URL_LENGTH);
  scan: while (i < limit) {
    const ch = text[i];
    for (const [open, close] of HOLE_OPENERS) {
      if (text.startsWith(open, i)) {
        const closeAt = text.indexOf(close, i + open.length);
        const newline = text.indexOf('\n', i);
        if (closeAt !== -1 && (newline === -1 || closeAt < newline) && closeAt - i < 200) {
          holes.push([i, closeAt + close.length]);
          i = closeAt + close.length;
          continue scan;
        }
      }
    }
    if (STOPS.has(ch)) break;
    if (ch === '(') parens++;
    else if (ch === ')') {
      if (parens === 0) break;
      parens--;
    } else if (ch === '[') brackets++;
    else if (ch === ']') {
      if (brackets === 0) break;
      brackets--;
    }
    i++;
  }
  let end = i;
  while (end > bodyStart && TRAILING_PUNCTUATION.has(text[end - 1])) end--;
  if (end <= bodyStart) return null;
  return { url: text.slice(start, end), start, end, holes: holes.filter(([, holeEnd]) => holeEnd <= end) };
}
