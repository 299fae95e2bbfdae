// The one registry of rules: id, default severity, a one-line summary and the documentation page.
// Adding a rule means adding it here and writing docs/rules/<id>.md; every adapter reads this list.
import type { Severity, SeveritySetting } from './types.js';

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  /** One line, shown in SARIF rule metadata, the README table and hover. */
  summary: string;
  /** True for rules whose verdict comes from the live TLS probe rather than the text. */
  probe?: boolean;
}

export const RULES = [
  { id: 'host-uppercase', defaultSeverity: 'warning', summary: 'The source host has uppercase letters; Go clients such as imgproxy send it verbatim as the TLS SNI, which case-sensitive servers reject.' },
  { id: 'scheme-uppercase', defaultSeverity: 'warning', summary: 'The source scheme has uppercase letters; imgproxy then escapes %, ? and # and fetches a different path.' },
  { id: 'host-trailing-dot', defaultSeverity: 'warning', summary: 'The source host ends with a dot.' },
  { id: 'host-userinfo', defaultSeverity: 'warning', summary: 'The source URL has user information: the host fetched is not the one a reader sees first.' },
  { id: 'host-loopback', defaultSeverity: 'warning', summary: 'The source host is a loopback address, which imgproxy refuses by default.' },
  { id: 'host-link-local', defaultSeverity: 'warning', summary: 'The source host is a link-local address, which imgproxy refuses by default.' },
  { id: 'host-invalid', defaultSeverity: 'error', summary: 'The source host is not a valid host name (empty label, label over 63 characters, bad characters).' },
  { id: 'host-unknown-suffix', defaultSeverity: 'warning', summary: 'The source host ends in a suffix that is in no public suffix list (a typo such as .cmo?).' },
  { id: 'host-non-ascii', defaultSeverity: 'hint', summary: 'The source host has non-ASCII characters; consider writing its punycode (A-label) form.' },
  { id: 'host-default-port', defaultSeverity: 'hint', summary: 'The source URL names the default port of its scheme (:443 on https, :80 on http).' },
  { id: 'plain-source-unescaped', defaultSeverity: 'warning', summary: 'A plain source has an unescaped ? or #, a second @, or a bad % escape; imgproxy reads it differently than intended.' },
  { id: 'source-undecodable', defaultSeverity: 'error', summary: 'The source cannot be decoded as imgproxy would (bad base64, not a URL, two extensions).' },
  { id: 'signature-missing', defaultSeverity: 'error', summary: 'The URL has no signature where the proxy needs one: imgproxy\'s first path segment is a processing option (imgproxy 4 answers 403), or an Imaginary or picfit URL has no sign= / sig= while the key is known.' },
  { id: 'signature-mismatch', defaultSeverity: 'error', summary: 'A signing key and salt are known and the URL\'s signature does not match.' },
  { id: 'option-unknown', defaultSeverity: 'warning', summary: 'A processing option name imgproxy does not know.' },
  { id: 'base-url-trailing-slash', defaultSeverity: 'warning', summary: 'IMGPROXY_BASE_URL does not end with "/"; imgproxy concatenates it with sources, so paths join wrongly.' },
  { id: 'allowed-sources-uppercase', defaultSeverity: 'warning', summary: 'A source allow-list entry (IMGPROXY_ALLOWED_SOURCES, imagor\'s HTTP_LOADER_ALLOWED_SOURCES, imageproxy\'s -allowHosts, thumbor\'s ALLOWED_SOURCES) has an uppercase host; the proxy matches case-sensitively, so it never matches a lowercase source.' },
  { id: 'allowed-sources-open-prefix', defaultSeverity: 'warning', summary: 'A source allow-list entry matched as a prefix (IMGPROXY_ALLOWED_SOURCES, a thumbor re.compile() pattern) does not end its host with "/", so https://example.com@evil.net/ passes too.' },
  { id: 'signing-key-invalid', defaultSeverity: 'error', summary: 'IMGPROXY_KEY or IMGPROXY_SALT is not even-length hex, or their entry counts differ.' },
  { id: 'signature-size-invalid', defaultSeverity: 'error', summary: 'IMGPROXY_SIGNATURE_SIZE is not a whole number from 1 to 32.' },
  { id: 'tls-sni-case-sensitive', defaultSeverity: 'error', summary: 'Live probe: the server rejects the TLS handshake for the host as written and accepts it lowercased.', probe: true },
  { id: 'tls-sni-case-certificate', defaultSeverity: 'warning', summary: 'Live probe: the host as written and lowercased get different certificates.', probe: true },
  { id: 'tls-cert-expired', defaultSeverity: 'error', summary: 'Live probe: the server\'s certificate has expired or is not yet valid (a warning when it expires within 14 days).', probe: true },
  { id: 'tls-cert-name-mismatch', defaultSeverity: 'warning', summary: 'Live probe: the server\'s certificate is not valid for the host.', probe: true },
  { id: 'tls-cert-untrusted', defaultSeverity: 'warning', summary: 'Live probe: the server\'s certificate chain is self-signed or not trusted.', probe: true },
  { id: 'tls-unreachable', defaultSeverity: 'info', summary: 'Live probe: the host could not be reached over TLS (DNS, refused, reset, timeout, not TLS).', probe: true },
] as const satisfies readonly RuleMeta[];

export type RuleId = (typeof RULES)[number]['id'];

const byId: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): RuleMeta | undefined {
  return byId.get(id);
}

export function isRuleId(id: string): id is RuleId {
  return byId.has(id);
}

/** Replaced at build time (scripts/build.mjs, esbuild `define`); absent when running from source. */
declare const __DOCS_BASE_URL__: string | undefined;

/**
 * The public URL of the folder of rule pages (a page is `${DOCS_BASE_URL}<id>.md`), set at build time
 * from the DOCS_BASE_URL environment variable; '' while the project has no public home.
 */
export const DOCS_BASE_URL: string = typeof __DOCS_BASE_URL__ === 'string' ? __DOCS_BASE_URL__ : '';

/** A rule's page by its path in the package (the npm package and the .vsix both ship docs/). */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** Where to read a rule's page: its public URL once DOCS_BASE_URL is set, else its path in the package. */
export function ruleDocUrl(id: string): string {
  return DOCS_BASE_URL ? `${DOCS_BASE_URL}${id}.md` : ruleDocPath(id);
}

/** The severity a rule has under the given overrides, or 'off'. */
export function effectiveSeverity(id: RuleId, overrides: Partial<Record<string, SeveritySetting>>): SeveritySetting {
  return overrides[id] ?? byId.get(id)!.defaultSeverity;
}

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

/** Orders severities so thresholds (--max-warnings, failing severity) can compare them. */
export function severityRank(severity: SeveritySetting): number {
  return SEVERITY_SETTINGS.indexOf(severity);
}
