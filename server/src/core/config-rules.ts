// Judges the proxies' own configuration: imgproxy's variables (IMGPROXY_BASE_URL, IMGPROXY_ALLOWED_SOURCES,
// IMGPROXY_KEY/SALT, IMGPROXY_SIGNATURE_SIZE) and the other proxies' allow-lists (allowlists.ts). Key and
// salt values are secrets: never in a message or a field.
import { lintHostAllowList, lintThumborAllowedSources, type AllowListEntry } from './allowlists.js';
import { badHexEntry, describeValue, hexEntries } from './env.js';
import { mayBelongTo } from './env-owner.js';
import { findProxySettings, type EnvAssignment } from './imgproxy-env.js';
import { effectiveSeverity, type RuleId } from './rules.js';
import { isThumborConfFile, readThumborConf } from './thumbor-conf.js';
import { asciiLower, hasAsciiUpper, parseSourceUrl } from './url.js';
import { canonicalUrl, lintUrlSpan } from './url-findings.js';
import type { Finding, LintOptions } from './types.js';


/**
 * Findings on the proxies' settings in a config file. Placeholders are not values; a setting is judged
 * only where nothing says it is another program's (IMGPROXY_BASE_URL only where the evidence says it is
 * imgproxy's: apps name their imgproxy address so too); a fix is offered only where the value stands
 * verbatim in the text.
 */
export function lintProxyConfig(text: string, options: LintOptions, path?: string): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: RuleId, message: string, a: Span, extra: Partial<Finding> = {}) => {
    const severity = effectiveSeverity(rule, options.rules);
    if (severity === 'off') return;
    findings.push({ rule, severity, message, start: a.start, end: a.end, url: a.name, fix: null, ...extra, ...(a.verbatim ? {} : { fix: null }) });
  };
  if (path !== undefined && isThumborConfFile(path)) {
    lintThumborAllowedSources(readThumborConf(text).allowedSources, add);
    return findings;
  }
  const assignments = findProxySettings(text, path).filter((a) => !a.placeholder);
  for (const a of assignments) {
    switch (a.name) {
      case 'IMGPROXY_BASE_URL': if (a.owner === 'imgproxy') lintBaseUrl(a, options, add, findings); break;
      case 'IMGPROXY_ALLOWED_SOURCES': if (mayBelongTo(a.owner, 'imgproxy')) lintAllowedSources(a, add); break;
      case 'HTTP_LOADER_ALLOWED_SOURCES': if (mayBelongTo(a.owner, 'imagor')) lintHostAllowList('imagor', a.flag ?? a.name, commaEntries(a, (raw) => raw.trim()), add); break;
      // imageproxy splits on "," and trims nothing.
      case 'IMAGEPROXY_ALLOWHOSTS': if (mayBelongTo(a.owner, 'imageproxy')) lintHostAllowList('imageproxy', a.flag ?? a.name, commaEntries(a, (raw) => raw), add); break;
      case 'IMGPROXY_SIGNATURE_SIZE': {
        const n = Number(a.value);
        if (a.value !== '' && (!Number.isInteger(n) || n < 1 || n > 32)) add('signature-size-invalid', `IMGPROXY_SIGNATURE_SIZE must be a whole number from 1 to 32, not ${describeValue(a.value)}; imgproxy refuses to start.`, a);
        break;
      }
      case 'IMGPROXY_KEY':
      case 'IMGPROXY_SALT': lintKeyOrSalt(a, assignments, add); break;
    }
  }
  return findings;
}

/** Where a finding is: a value's span, the setting it belongs to (`url` of the finding), and whether a fix may rewrite it. */
export interface Span { name: string; start: number; end: number; verbatim: boolean }
export type Add = (rule: RuleId, message: string, a: Span, extra?: Partial<Finding>) => void;

/** A comma list's entries, each as `clean` leaves it, with offsets (exact only where the value is verbatim). */
function commaEntries(a: EnvAssignment, clean: (raw: string) => string): AllowListEntry[] {
  const entries: AllowListEntry[] = [];
  let offset = 0;
  for (const raw of a.value.split(',')) {
    const text = clean(raw);
    const start = a.start + offset + raw.indexOf(text);
    offset += raw.length + 1;
    // A value with escapes or quotes inside has no exact offsets per entry: the finding covers the value.
    if (text !== '') entries.push({ text, name: a.flag ?? a.name, ...(a.verbatim ? { start, end: start + text.length } : { start: a.start, end: a.end }), verbatim: a.verbatim });
  }
  return entries;
}

function lintBaseUrl(a: EnvAssignment, options: LintOptions, add: Add, findings: Finding[]): void {
  if (a.value === '' || a.value.includes('${')) return;
  const needsSlash = !a.value.endsWith('/');
  const slashWanted = needsSlash && effectiveSeverity('base-url-trailing-slash', options.rules) !== 'off';
  // One fix for the whole value (host canonical and the slash added), so fix-all is done in one pass.
  const fixed = canonicalUrl(a.value, options) + (slashWanted ? '/' : '');
  if (needsSlash) {
    add('base-url-trailing-slash', `IMGPROXY_BASE_URL "${a.value}" does not end with "/"; imgproxy joins it to sources by plain concatenation, so "images/a.jpg" becomes "${a.value}images/a.jpg". Add a trailing "/".`, a, { fix: { start: a.start, end: a.end, newText: fixed } });
  }
  const hostFindings = lintUrlSpan({ url: a.value, start: a.start, end: a.end }, options, ' (IMGPROXY_BASE_URL)', 'The', fixed);
  findings.push(...(a.verbatim ? hostFindings : hostFindings.map((f) => ({ ...f, fix: null }))));
}

function lintAllowedSources(a: EnvAssignment, add: Add): void {
  for (const span of commaEntries(a, (raw) => raw.trim())) {
    const entry = span.text;
    const parts = parseSourceUrl(entry);
    // A scheme alone (`s3://`, `local://`) allows a whole storage on purpose: only a host can be an open prefix.
    if (!parts?.hasAuthority || parts.host === '') continue;
    const lower = entry.slice(0, parts.hostStart) + asciiLower(parts.host) + entry.slice(parts.hostEnd);
    const open = parts.authorityEnd === entry.length;
    // One fix per entry (lowercased and closed with "/"), so fix-all is done in one pass.
    const fix = { start: span.start, end: span.end, newText: lower + (open ? '/' : '') };
    if (hasAsciiUpper(parts.host)) {
      add('allowed-sources-uppercase', `IMGPROXY_ALLOWED_SOURCES entry "${entry}" has uppercase letters in its host; imgproxy matches this list case-sensitively against the source URL, so it never matches "${lower}". Write it in lowercase (and lowercase the hosts of your sources).`, span, { fix });
    }
    if (open) {
      add('allowed-sources-open-prefix', `IMGPROXY_ALLOWED_SOURCES entry "${entry}" does not end its host with "/"; imgproxy matches it as a prefix, so "${entry}@evil.example/" and "${entry}.evil.example/" pass too. End it with "/".`, span, { fix });
    }
  }
}

function lintKeyOrSalt(a: EnvAssignment, all: EnvAssignment[], add: Add): void {
  if (a.value === '' || a.value.includes('${')) return;
  const entries = hexEntries(a.value);
  const bad = badHexEntry(entries);
  if (bad !== -1) {
    add('signing-key-invalid', `${a.name}${entries.length > 1 ? ` entry ${bad + 1}` : ''} is not an even-length hex string (${entries[bad].length} characters); imgproxy refuses to start. Generate one with \`xxd -g 2 -l 64 -p /dev/random | tr -d '\\n'\`.`, a);
    return;
  }
  if (a.name !== 'IMGPROXY_KEY') return;
  const salt = all.find((b) => b.name === 'IMGPROXY_SALT' && !b.value.includes('${'));
  const saltCount = salt?.value.split(',').length ?? 0;
  if (salt && saltCount !== entries.length) {
    add('signing-key-invalid', `IMGPROXY_KEY has ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} but IMGPROXY_SALT has ${saltCount}; imgproxy needs one salt per key and refuses to start.`, a);
  }
}
