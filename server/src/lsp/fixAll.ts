// "Fix all in file": the engine's fixes, deduplicated, applied in passes until nothing fixable is left
// (a URL with two problems whose fixes overlap needs a second pass). Pure: text and options in, edits out.
import { applyEdits, lintText, selectNonOverlapping, type Finding, type LintOptions, type OffsetEdit } from '../core/index.js';

const MAX_PASSES = 10;

export function fixableEdits(findings: readonly Finding[]): OffsetEdit[] {
  return selectNonOverlapping(findings.flatMap((f) => (f.fix ? [f.fix] : [])));
}

/**
 * The edits that fix everything fixable in `text`, as offsets of `text`. `path` is what the engine is told
 * the file is (it lints imgproxy's own config files by name). With `firstPass` the findings of `text`
 * already computed (saves one lint). Returns [] when nothing is fixable.
 */
export function computeFixAll(text: string, options: LintOptions, firstPass?: readonly Finding[], path?: string): OffsetEdit[] {
  const first = fixableEdits(firstPass ?? lintText(text, options, path));
  if (first.length === 0) return [];
  let current = applyEdits(text, first);
  let passes = 1;
  for (; passes < MAX_PASSES; passes++) {
    const more = fixableEdits(lintText(current, options, path));
    if (more.length === 0) break;
    const next = applyEdits(current, more);
    if (next === current) break;
    current = next;
  }
  if (passes === 1) return first;
  return [minimalEdit(text, current)];
}

/** One edit turning `before` into `after`: the span between their common prefix and common suffix. */
export function minimalEdit(before: string, after: string): OffsetEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) tail++;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}
