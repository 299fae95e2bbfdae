// The allow-lists of imagor (HTTP_LOADER_ALLOWED_SOURCES), imageproxy (-allowHosts) and thumbor
// (ALLOWED_SOURCES), judged as each proxy matches them (spec/dialects.md §1; each read in the proxy's
// sources). Rule ids are imgproxy's: the same mistake is the same problem whichever proxy has it.
//   imagor:     path.Match(entry, u.Host): a glob over the whole host, case-sensitive, never a prefix.
//   imageproxy: u.Hostname() == entry, or `*.x` as a suffix: case-sensitive, never a prefix.
//   thumbor:    a string is matched whole (`^…$`) against the host lowercased by urlparse; a
//               re.compile() pattern with re.match against the URL as written: from its start only.
import type { Add, Span } from './config-rules.js';
import type { AllowedSourceEntry } from './thumbor-conf.js';
import { asciiLower, hasAsciiUpper } from './url.js';

export interface AllowListEntry extends Span { text: string }

/**
 * The pattern with the letters it compares literally lowercased: not those inside `[…]` classes, not
 * escaped ones (`\D` is a class in a regex); undefined when it has no uppercase literal letter.
 */
function lowerLiterals(pattern: string): string | undefined {
  let out = '';
  let changed = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) return undefined; // not a pattern that compiles: not judged
      out += pattern.slice(i, close + 1);
      i = close;
    } else {
      const lower = asciiLower(c);
      changed ||= lower !== c;
      out += lower;
    }
  }
  return changed ? out : undefined;
}

const PROXY_TEXT = {
  imagor: (lower: string) => `imagor matches each entry as a glob against the source URL's host, case-sensitively (Go's path.Match), so it never matches "${lower}"`,
  imageproxy: (lower: string) => `imageproxy compares each entry with the source URL's host exactly, case-sensitively, so it never matches "${lower}"`,
};

/** imagor's and imageproxy's host lists: an entry with uppercase letters never matches a lowercase host. */
export function lintHostAllowList(proxy: 'imagor' | 'imageproxy', label: string, entries: readonly AllowListEntry[], add: Add): void {
  for (const entry of entries) {
    // imageproxy: IPv6 literals and CIDR ranges are compared as addresses, whatever their case; an
    // entry with blanks around it (imageproxy trims nothing) matches nothing whatever its case.
    if (proxy === 'imageproxy' && (entry.text.includes(':') || entry.text.trim() !== entry.text)) continue;
    const lower = proxy === 'imagor' ? lowerLiterals(entry.text) : hasAsciiUpper(entry.text) ? asciiLower(entry.text) : undefined;
    if (lower === undefined) continue;
    add('allowed-sources-uppercase', `${label} entry "${entry.text}" has uppercase letters; ${PROXY_TEXT[proxy](lower)}. Write it in lowercase (and lowercase the hosts of your sources).`, entry, { fix: { start: entry.start, end: entry.end, newText: lower } });
  }
}

/** A compiled pattern that is a literal URL prefix: `^https://cdn\.example\.com` (scheme, `://`, host with escaped or bare dots, optional port). */
const LITERAL_URL_PREFIX = /^(\^?(?:https?|https\?|\(https\?\))(?::\/\/|:\\\/\\\/))((?:[A-Za-z0-9-]|\\?\.)+(?::\d+)?)(.*)$/s;

/** thumbor's ALLOWED_SOURCES in thumbor.conf. */
export function lintThumborAllowedSources(entries: readonly AllowedSourceEntry[], add: Add): void {
  for (const { pattern, compiled, flags } of entries) {
    const span = { name: 'ALLOWED_SOURCES', start: pattern.start, end: pattern.end, verbatim: pattern.verbatim };
    if (!compiled) {
      const lower = flags ? undefined : lowerLiterals(pattern.value);
      if (lower !== undefined) {
        add('allowed-sources-uppercase', `ALLOWED_SOURCES entry "${pattern.value}" has uppercase letters; thumbor lowercases the source URL's host before matching (urlparse) and compares each entry with it case-sensitively, so this entry matches no source at all. Write it in lowercase.`, span, { fix: { start: span.start, end: span.end, newText: lower } });
      }
      continue;
    }
    const url = LITERAL_URL_PREFIX.exec(pattern.value);
    if (url === null) continue; // a pattern we cannot take apart: not judged
    const [, scheme, host, rest] = url;
    const upper = !flags && hasAsciiUpper(host);
    const open = rest === '';
    if (!upper && !open) continue;
    const plain = (h: string) => `${scheme.includes('https') ? 'https' : 'http'}://${h.replaceAll('\\.', '.')}`;
    const fixed = scheme + (upper ? asciiLower(host) : host) + rest + (open ? '/' : '');
    const fix = { start: span.start, end: span.end, newText: fixed };
    if (upper) {
      add('allowed-sources-uppercase', `ALLOWED_SOURCES entry re.compile("${pattern.value}") has uppercase letters in its host; thumbor matches compiled patterns against the source URL as written, case-sensitively, so it never matches "${plain(asciiLower(host))}/". Write it in lowercase (and lowercase the hosts of your sources), or compile it with re.IGNORECASE.`, span, { fix });
    }
    if (open) {
      add('allowed-sources-open-prefix', `ALLOWED_SOURCES entry re.compile("${pattern.value}") ends right after its host; thumbor matches compiled patterns from the start of the source URL only (re.match), so "${plain(host)}@evil.example/" and "${plain(host)}.evil.example/" pass too. End it with "/".`, span, { fix });
    }
  }
}
