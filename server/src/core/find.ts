// Finds http(s) URLs in any text with no parser per language: string literals, HTML attributes and
// srcset lists, CSS url(), Markdown links, YAML/JSON/TOML/.env values. Offsets are UTF-16 indices.
import { fileName, stickyMatchEnd } from './text.js';

export interface UrlCandidate {
  url: string;
  start: number;
  end: number;
  /**
   * Template holes inside the URL, as offsets in the text: `${…}` (JS, Kotlin, Dart, shell), `#{…}`
   * (Ruby), `{{…}}` and `{%…%}` (Jinja, Handlebars, Go templates), `<%…%>` (ERB), `{…}` (Python, C#,
   * PHP `{$…}`), `$name` (PHP, Kotlin, Dart, shell), `%s` / `%(name)s` (printf), `\(…)` (Swift).
   */
  holes: [number, number][];
}

const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*']);
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** A URL longer than this is not a URL but a data blob or minified noise; it is cut here. */
const MAX_URL_LENGTH = 8192;

const HOLE_OPENERS: [string, string][] = [['${', '}'], ['{{', '}}'], ['{%', '%}'], ['#{', '}'], ['<%', '%>'], ['\\(', ')'], ['{', '}']];
/** `$name`, `$obj->prop` (PHP), `$name` (Kotlin, Dart, shell); never `$` alone. */
const DOLLAR_VARIABLE = /\$[A-Za-z_][A-Za-z0-9_]*(?:->[A-Za-z_][A-Za-z0-9_]*)*/y;
/** printf conversions (`%s`, `%-5d`, `%(name)s`, Go's `%v`), never a percent-escape such as `%2F` or `%da`. */
const PRINTF_CONVERSION = /%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifrvqx@]/y;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/y;

/** Which language-specific hole syntaxes a file's language has, beside the brace forms every template has. */
export interface HoleSyntax {
  /** `$name` interpolates (PHP, Kotlin, Dart, shell, Perl, Groovy, Scala); elsewhere `$` is a plain URL character. */
  dollarNames: boolean;
  /** printf conversions (`%s`, `%(name)s`, `%v`) fill the string (code, not markup or data files). */
  printf: boolean;
  /** `\(…)` interpolates (Swift). */
  swift: boolean;
}

const DOLLAR_LANGUAGES = new Set(['php', 'phtml', 'kt', 'kts', 'dart', 'sh', 'bash', 'zsh', 'ksh', 'pl', 'pm', 'groovy', 'gradle', 'scala', 'sc']);
const NO_PRINTF = new Set(['md', 'markdown', 'mdx', 'html', 'htm', 'css', 'scss', 'sass', 'less', 'json', 'jsonc', 'toml', 'yaml', 'yml', 'env', 'xml', 'svg', 'txt', 'ini', 'conf', 'csv']);

/** The hole syntaxes for a file path (by extension); with no path, those of code in general. */
export function holeSyntaxFor(path: string | undefined): HoleSyntax {
  const name = path === undefined ? '' : fileName(path).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot === -1 ? '' : name.slice(dot + 1);
  const envFile = name.startsWith('.env') || ext === 'env';
  return { dollarNames: DOLLAR_LANGUAGES.has(ext), printf: !NO_PRINTF.has(ext) && !envFile, swift: ext === 'swift' };
}

const CODE_HOLES = holeSyntaxFor(undefined);

export function findUrls(text: string, syntax: HoleSyntax = CODE_HOLES): UrlCandidate[] {
  const found: UrlCandidate[] = [];
  let from = 0;
  for (;;) {
    const mark = text.indexOf('://', from);
    if (mark === -1) break;
    from = mark + 3;
    const start = schemeStart(text, mark);
    if (start === -1) continue;
    const candidate = scanUrl(text, start, mark + 3, syntax);
    if (candidate) {
      found.push(candidate);
      from = candidate.end;
    }
  }
  return found;
}

/** The start of an `http`/`https` scheme ending at `mark` (any case), or -1. */
function schemeStart(text: string, mark: number): number {
  // Only ASCII letters lowercase to h, t, p, s; `| 0x20` lowercases exactly those (no slice, no allocation).
  if (mark >= 5 && (text.charCodeAt(mark - 1) | 0x20) === 0x73 && isHttp(text, mark - 5) && isSchemeBoundary(text, mark - 5)) return mark - 5;
  if (mark >= 4 && isHttp(text, mark - 4) && isSchemeBoundary(text, mark - 4)) return mark - 4;
  return -1;
}

/** `http` in any case at `at`. */
function isHttp(text: string, at: number): boolean {
  return (text.charCodeAt(at) | 0x20) === 0x68 && (text.charCodeAt(at + 1) | 0x20) === 0x74 && (text.charCodeAt(at + 2) | 0x20) === 0x74 && (text.charCodeAt(at + 3) | 0x20) === 0x70;
}

/** Nothing of a longer scheme before `start` (SCHEME_CHAR). */
function isSchemeBoundary(text: string, start: number): boolean {
  return start === 0 || !SCHEME_CHAR.test(text[start - 1]);
}

/**
 * Characters that can never be part of a URL as written in source code (space, \t \n \r \f \v, " ' `,
 * < >, backslash, no-break space), by UTF-16 code unit: the per-character test of the scan loop.
 */
function isStop(code: number): boolean {
  switch (code) {
    case 0x20: case 0x09: case 0x0a: case 0x0d: case 0x0c: case 0x0b:
    case 0x22: case 0x27: case 0x60: case 0x3c: case 0x3e: case 0x5c: case 0xa0:
      return true;
    default:
      return false;
  }
}

/** A hole closes within this many characters of its opener, on the same line. */
const MAX_HOLE = 200;

/**
 * Where the hole opened at `opener` closes: the first `close` at or after `from`, starting less than
 * MAX_HOLE characters after the opener, with no newline before it; -1 when there is none. Looks at
 * MAX_HOLE characters at most (searching the rest of the text made a minified one-line file with many
 * unclosed braces quadratic).
 */
function holeClose(text: string, opener: number, from: number, close: string): number {
  const last = Math.min(text.length - close.length, opener + MAX_HOLE - 1);
  const first = close.charCodeAt(0);
  for (let j = opener; j <= last; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x0a) return -1;
    if (j >= from && code === first && (close.length === 1 || text.startsWith(close, j))) return j;
  }
  return -1;
}

/** A hole's neutral stand-in: the same length, letters and digits lowercased, the rest `_`. */
function holeMask(hole: string): string {
  return hole.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

/**
 * The URL with each hole's characters replaced by neutral ones of the same length (letters and digits
 * lowercased, the rest `_`), so a hole's own syntax (`#`, `?`, `%`, `$`) is never read as part of the URL
 * and offsets keep their meaning. What a hole stands for is unknown: findings that touch one are dropped.
 */
export function maskHoles(candidate: UrlCandidate): string {
  if (candidate.holes.length === 0) return candidate.url;
  let masked = '';
  let at = 0;
  for (const [start, end] of candidate.holes) {
    const from = start - candidate.start;
    masked += candidate.url.slice(at, from) + holeMask(candidate.url.slice(from, end - candidate.start));
    at = end - candidate.start;
  }
  return masked + candidate.url.slice(at);
}

/** `decoded` (read from the masked URL) with each hole's mask put back to the hole as written, in order. */
export function unmaskHoles(decoded: string, candidate: UrlCandidate): string {
  let at = 0;
  let out = decoded;
  for (const [start, end] of candidate.holes) {
    const original = candidate.url.slice(start - candidate.start, end - candidate.start);
    const mask = holeMask(original);
    const found = out.indexOf(mask, at);
    if (found === -1) continue;
    out = out.slice(0, found) + original + out.slice(found + mask.length);
    at = found + original.length;
  }
  return out;
}

function scanUrl(text: string, start: number, bodyStart: number, syntax: HoleSyntax): UrlCandidate | null {
  const holes: [number, number][] = [];
  let parens = 0;
  let brackets = 0;
  let i = bodyStart;
  const limit = Math.min(text.length, start + MAX_URL_LENGTH);
  scan: while (i < limit) {
    const code = text.charCodeAt(i);
    // Every hole opener starts with `$`, `{`, `#`, `<`, `\` or `%`: other characters skip the opener checks.
    if (code === 0x24 || code === 0x7b || code === 0x23 || code === 0x3c || code === 0x5c) {
      for (const [open, close] of HOLE_OPENERS) {
        if (text.startsWith(open, i) && (open !== '\\(' || syntax.swift)) {
          const closeAt = holeClose(text, i, i + open.length, close);
          if (closeAt !== -1) {
            holes.push([i, closeAt + close.length]);
            i = closeAt + close.length;
            continue scan;
          }
        }
      }
    }
    const holeEnd = code === 0x24 && syntax.dollarNames ? stickyMatchEnd(DOLLAR_VARIABLE, text, i) : code === 0x25 && syntax.printf && stickyMatchEnd(PERCENT_ESCAPE, text, i) === -1 ? stickyMatchEnd(PRINTF_CONVERSION, text, i) : -1;
    if (holeEnd !== -1) {
      holes.push([i, holeEnd]);
      i = holeEnd;
      continue;
    }
    if (isStop(code)) break;
    if (code === 0x28) parens++;
    else if (code === 0x29) {
      if (parens === 0) break;
      parens--;
    } else if (code === 0x5b) brackets++;
    else if (code === 0x5d) {
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
