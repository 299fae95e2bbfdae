// Findings for a URL written as such (checkAllUrls, a builder's argument, IMGPROXY_BASE_URL): the host
// rules, with one fix per URL that rewrites it in place. Shared so every caller fixes the same way.
import { fixPlainUrl, type Canonicalize } from './fix.js';
import { IMGPROXY_FACTS } from './dialects/imgproxy/facts.js';
import { checkSchemeAndHost, type ProxyFacts } from './host.js';
import { effectiveSeverity, type RuleId } from './rules.js';
import { parseSourceUrl } from './url.js';
import type { Finding, LintOptions } from './types.js';

/** Rules whose problem the canonicalising fix removes. */
export const FIXABLE_RULES: ReadonlySet<string> = new Set(['host-uppercase', 'scheme-uppercase', 'host-trailing-dot']);

/** The canonicalisations wanted: a rule turned off keeps its part of the URL as written. */
export function wantedFixes(options: LintOptions): Canonicalize {
  const on = (id: RuleId) => effectiveSeverity(id, options.rules) !== 'off';
  return { scheme: on('scheme-uppercase'), host: on('host-uppercase'), trailingDot: on('host-trailing-dot') };
}

export interface UrlSpan { url: string; start: number; end: number }

/** `url` with the wanted canonicalisations applied (unchanged when none applies). */
export function canonicalUrl(url: string, options: LintOptions): string {
  return fixPlainUrl(url, wantedFixes(options)) ?? url;
}

/**
 * Host findings for `span`. `where` follows the host in messages (" (passed to ImgProxy)"), `subject`
 * replaces their leading "Source", `fixed` is the URL the fix writes (a base URL adds its "/"), and `facts`
 * what is true of the proxy that fetches it (imgproxy's unless told).
 */
export function lintUrlSpan(span: UrlSpan, options: LintOptions, where = '', subject = 'URL', fixed = canonicalUrl(span.url, options), facts: ProxyFacts = IMGPROXY_FACTS): Finding[] {
  const parts = parseSourceUrl(span.url);
  if (!parts) return [];
  const fix = fixed === span.url ? null : { start: span.start, end: span.end, newText: fixed };
  const findings: Finding[] = [];
  for (const problem of checkSchemeAndHost(parts, where, facts)) {
    const severity = effectiveSeverity(problem.rule, options.rules);
    if (severity === 'off') continue;
    findings.push({
      rule: problem.rule, severity, message: problem.message.replace(/^Source /, `${subject} `),
      start: span.start, end: span.end, url: span.url, source: span.url, host: parts.host,
      fix: FIXABLE_RULES.has(problem.rule) ? fix : null,
    });
  }
  return findings;
}
