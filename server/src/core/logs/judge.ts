// The engine's verdict on a failing source: its host rules (uppercase, trailing dot, userinfo, …), the
// same findings the linter gives the code that builds it. No rule logic here: lintUrlSpan is core's.
import { lintUrlSpan } from '../url-findings.js';
import type { LintOptions } from '../types.js';
import type { RuleVerdict } from './types.js';

export function judgeSource(source: string, options: LintOptions): RuleVerdict[] {
  return lintUrlSpan({ url: source, start: 0, end: source.length }, options, '', 'Source').map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));
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
