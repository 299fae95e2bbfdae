// Judges one source URL's scheme and host the way the proxy will meet them at fetch time (spec §4, §8.3);
// what is true of that proxy comes in as ProxyFacts from its dialect.
import { parse as parseDomain } from 'tldts';
import { classifyAddress, parseIPv4, parseIPv6 } from './ip.js';
import { asciiLower, hasAsciiUpper, type SourceUrlParts } from './url.js';
import type { RuleId } from './rules.js';

export interface HostProblem {
  rule: RuleId;
  message: string;
  /** The most this problem says, when the proxy makes it milder. */
  cap?: 'info';
}

/** Suffixes reserved for private use or documentation (RFC 2606, 6761, 8375) or common on intranets: never typos. */
const SPECIAL_USE_SUFFIXES = new Set(['test', 'example', 'invalid', 'localhost', 'local', 'internal', 'lan', 'home.arpa', 'intranet', 'corp', 'private', 'localdomain', 'onion']);

/** What is true of the proxy that fetches a source: the host rules say it in their messages. */
export interface ProxyFacts {
  /** Why an uppercase host fails with this proxy (after "has uppercase letters; "). */
  uppercase: string;
  /** How an uppercase scheme goes wrong (after "has uppercase letters; "). */
  scheme: string;
  /** What the proxy does with a loopback or link-local address (after "is a loopback address; "). */
  loopback: string;
  linkLocal: string;
  /** The most an uppercase-host finding says (a proxy that sends no SNI for this source: info). */
  uppercaseCap?: 'info';
  /**
   * The most a loopback or link-local finding says: info for a proxy that fetches such addresses by
   * default (a docs example's `http://localhost/a.gif` is no failure there); imgproxy refuses them.
   */
  privateAddressCap?: 'info';
}


export function checkSchemeAndHost(parts: SourceUrlParts, where: string, facts: ProxyFacts): HostProblem[] {
  const problems: HostProblem[] = [];
  const { scheme, host, port } = parts;
  if (hasAsciiUpper(scheme)) {
    problems.push({ rule: 'scheme-uppercase', message: `Source scheme "${scheme}:"${where} has uppercase letters; ${facts.scheme}. Write "${asciiLower(scheme)}:".` });
  }
  const lowerScheme = asciiLower(scheme);
  if ((lowerScheme !== 'http' && lowerScheme !== 'https') || !parts.hasAuthority) return problems;

  if (parts.userinfo) {
    problems.push({ rule: 'host-userinfo', message: `Source URL${where} has user information before "@": the host fetched is "${host}", not the name a reader sees first.` });
  }
  if (port !== '' && ((lowerScheme === 'https' && port === '443') || (lowerScheme === 'http' && port === '80'))) {
    problems.push({ rule: 'host-default-port', message: `Source URL${where} names the default port :${port} of ${lowerScheme}; it can be left out.` });
  }
  if (host === '') {
    problems.push({ rule: 'host-invalid', message: `Source URL${where} has an empty host.` });
    return problems;
  }

  const address = parts.bracketed ? parseIPv6(host) : parseIPv4(host);
  if (parts.bracketed && !address) {
    problems.push({ rule: 'host-invalid', message: `Source host "[${host}]"${where} is not a valid IPv6 address.` });
    return problems;
  }
  if (address) {
    const kind = classifyAddress(address);
    if (kind === 'loopback' || kind === 'unspecified') {
      problems.push({ rule: 'host-loopback', message: `Source host "${host}"${where} is a ${kind} address; ${facts.loopback}.`, cap: facts.privateAddressCap });
    } else if (kind === 'link-local') {
      problems.push({ rule: 'host-link-local', message: `Source host "${host}"${where} is a link-local address; ${facts.linkLocal}.`, cap: facts.privateAddressCap });
    }
    return problems;
  }

  if (hasAsciiUpper(host)) {
    problems.push({ rule: 'host-uppercase', message: `Source host "${host}"${where} has uppercase letters; ${facts.uppercase}. Write "${asciiLower(host)}".`, cap: facts.uppercaseCap });
  }
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (host.endsWith('.') && name !== '') {
    problems.push({ rule: 'host-trailing-dot', message: `Source host "${host}"${where} ends with a dot; SNI and certificate names never have one, and servers may treat "${name}" and "${host}" as different sites. Write "${name}".` });
  }
  const lower = asciiLower(name);
  if (lower === 'localhost' || lower.endsWith('.localhost')) {
    problems.push({ rule: 'host-loopback', message: `Source host "${host}"${where} resolves to a loopback address; ${facts.loopback}.`, cap: facts.privateAddressCap });
  }
  if (/[^\x00-\x7f]/.test(name)) {
    problems.push({ rule: 'host-non-ascii', message: `Source host "${host}"${where} has non-ASCII characters; Go converts it to punycode itself, but writing the A-label form ("xn--…") makes the fetched name visible.` });
    return problems;
  }
  const invalid = invalidNameReason(name);
  if (invalid) {
    problems.push({ rule: 'host-invalid', message: `Source host "${host}"${where} is not a valid host name: ${invalid}.` });
    return problems;
  }
  if (name.includes('.') && !/^[0-9.]+$/.test(name)) {
    const info = suffixInfo(lower);
    const suffix = lower.slice(lower.lastIndexOf('.') + 1);
    const special = [...SPECIAL_USE_SUFFIXES].some((s) => lower === s || lower.endsWith(`.${s}`));
    // Only a likely typo of a common TLD is reported: `foo.tld`, `.lcl` and other stand-ins are not typos.
    const meant = !info.isIcann && !info.isPrivate && !special ? commonTldOneEditAway(suffix) : undefined;
    if (meant !== undefined) {
      problems.push({ rule: 'host-unknown-suffix', message: `Source host "${host}"${where} ends in ".${suffix}", which is in no public suffix list; did you mean ".${meant}"?` });
    }
  }
  return problems;
}

/** The TLDs most source hosts end in: an unknown suffix one edit away from one of them is a typo. */
const COMMON_TLDS = ['com', 'net', 'org', 'io', 'co', 'info', 'biz', 'app', 'dev', 'xyz', 'me', 'tv', 'cloud', 'online', 'site', 'store', 'shop', 'edu', 'gov',
  'de', 'uk', 'ru', 'ir', 'fr', 'jp', 'cn', 'br', 'in', 'it', 'nl', 'es', 'pl', 'au', 'ca', 'eu', 'us', 'ch', 'se', 'no', 'dk', 'fi', 'at', 'be', 'cz',
  'tr', 'gr', 'pt', 'ua', 'kr', 'vn', 'id', 'my', 'sg', 'hk', 'tw', 'za', 'mx', 'ar', 'cl', 'nz', 'ie', 'il', 'ro', 'hu', 'sk', 'by', 'kz'];

/**
 * The common TLD one edit (insertion, deletion, substitution or swap of neighbours) away from `suffix`, if
 * any. A two-letter TLD counts only at the same length: one letter more makes most three-letter words.
 */
function commonTldOneEditAway(suffix: string): string | undefined {
  return COMMON_TLDS.find((tld) => (tld.length > 2 || suffix.length === 2) && isOneEditApart(suffix, tld));
}

function isOneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // neighbours swapped
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Public-suffix look-ups are the costliest host check and hosts repeat: remember recent answers. */
const suffixCache = new Map<string, { isIcann: boolean | null; isPrivate: boolean | null }>();

function suffixInfo(host: string): { isIcann: boolean | null; isPrivate: boolean | null } {
  let info = suffixCache.get(host);
  if (!info) {
    const parsed = parseDomain(host, { allowPrivateDomains: true });
    info = { isIcann: parsed.isIcann, isPrivate: parsed.isPrivate };
    if (suffixCache.size >= 4096) suffixCache.clear();
    suffixCache.set(host, info);
  }
  return info;
}

function invalidNameReason(name: string): string | undefined {
  if (name.length > 253) return `it is ${name.length} characters long (at most 253)`;
  const bad = /[^A-Za-z0-9._-]/.exec(name);
  if (bad) return `it contains ${JSON.stringify(bad[0])}`;
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return 'it has an empty label ("..", or a leading dot)';
  const long = labels.find((label) => label.length > 63);
  if (long) return `the label "${long.slice(0, 20)}…" is ${long.length} characters long (at most 63)`;
  const hyphen = labels.find((label) => label.startsWith('-') || label.endsWith('-'));
  if (hyphen) return `the label "${hyphen}" starts or ends with a hyphen`;
  return undefined;
}
