// Inline suppressions, in any comment syntax (the engine never parses comments, it reads markers):
//   imgproxy-url-lint-disable-line [rule ...]        the findings on this line
//   imgproxy-url-lint-disable-next-line [rule ...]   the findings on the next line
//   imgproxy-url-lint-disable [rule ...]             the findings in the whole file
// With no rule ids, every rule; ids are separated by spaces or commas; an unknown id silences nothing.
import { isRuleId } from './rules.js';
import { LineIndex } from './text.js';
import type { Finding } from './types.js';

export const DISABLE_MARKER = 'imgproxy-url-lint-disable';

type RuleSet = Set<string> | 'all';

function add(map: Map<number, RuleSet>, line: number, rules: RuleSet): void {
  const existing = map.get(line);
  if (existing === 'all' || rules === 'all') map.set(line, 'all');
  else map.set(line, new Set([...(existing ?? []), ...rules]));
}

const covers = (rules: RuleSet | undefined, rule: string) => rules !== undefined && (rules === 'all' || rules.has(rule));

/** The findings not silenced by a marker in the text. */
export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (findings.length === 0 || !text.includes(DISABLE_MARKER)) return findings;
  const index = new LineIndex(text);
  const byLine = new Map<number, RuleSet>();
  let wholeFile: RuleSet | undefined;
  const marker = new RegExp(`${DISABLE_MARKER}(-next-line|-line)?\\b([^\\n]*)`, 'g');
  for (const match of text.matchAll(marker)) {
    // Words after the marker, less a comment's closing (`*/`, `-->`): none means every rule, and a
    // misspelt id silences nothing rather than everything.
    const words = match[2].split(/[\s,]+/).filter((w) => w !== '' && !/^(\*\/|-->|--\}\}|%>)$/.test(w));
    const rules: RuleSet = words.length === 0 ? 'all' : new Set(words.filter(isRuleId));
    const line = index.positionAt(match.index!).line;
    if (match[1] === '-line') add(byLine, line, rules);
    else if (match[1] === '-next-line') add(byLine, line + 1, rules);
    else wholeFile = wholeFile === 'all' || rules === 'all' ? 'all' : new Set([...(wholeFile ?? []), ...rules]);
  }
  return findings.filter((f) => !covers(wholeFile, f.rule) && !covers(byLine.get(index.positionAt(f.start).line), f.rule));
}
