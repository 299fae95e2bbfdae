// The engine's verdict on a failing source: its host rules (uppercase, trailing dot, userinfo, …), the
// same findings the linter gives the code that builds it, said of the proxy that wrote the log (its
// facts: Go or tornado, its allow-lists). No rule logic here: lintUrlSpan is core's.
import { IMGPROXY_FACTS } from '../dialects/imgproxy/facts.js';
import { IMAGEPROXY_FACTS } from '../dialects/imageproxy/index.js';
import { thumborFacts } from '../dialects/thumbor/facts.js';
import type { ProxyFacts } from '../host.js';
import { canonicalUrl, lintUrlSpan } from '../url-findings.js';
import type { LintOptions } from '../types.js';
import type { Proxy, RuleVerdict } from './types.js';

/** What is true of each logging proxy when it fetched `source`. */
const FACTS: Readonly<Record<Proxy, (source: string) => ProxyFacts>> = {
  imgproxy: () => IMGPROXY_FACTS,
  imagor: (url) => thumborFacts(['imagor'], { url }),
  thumbor: (url) => thumborFacts(['thumbor'], { url }),
  imageproxy: () => IMAGEPROXY_FACTS,
};

export function judgeSource(source: string, options: LintOptions, proxy: Proxy): RuleVerdict[] {
  return lintUrlSpan({ url: source, start: 0, end: source.length }, options, '', 'Source', canonicalUrl(source, options), FACTS[proxy](source))
    .map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));
}

/** Verdicts from several readings of one failure, each rule once (the first reading's message: the path's, which says how the source was encoded). */
export function mergeVerdicts(...lists: RuleVerdict[][]): RuleVerdict[] {
  const seen = new Set<string>();
  const merged: RuleVerdict[] = [];
  for (const verdict of lists.flat()) {
    const key = verdict.rule;
    if (!seen.has(key)) {
      seen.add(key);
      merged.push(verdict);
    }
  }
  return merged;
}
