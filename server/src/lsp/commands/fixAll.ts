// "Fix all in file": the engine's fixes, deduplicated, applied in passes until nothing fixable is left
// (a URL with two problems whose fixes overlap needs a second pass); computeFixAll is pure (text and
// options in, edits out) and serves the fix-all code action too. The command applies them through
// `workspace/applyEdit`.
import { ErrorCodes, ResponseError, type ClientCapabilities, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, lintText, selectNonOverlapping, type Finding, type LintOptions, type OffsetEdit } from '../../core/index.js';
import { documentEdit } from '../edits.js';
import type { LintedDocument } from '../features/diagnostics.js';
import type { ServerState } from '../serverState.js';
import { enginePath } from '../uri.js';

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

export interface FixAllContext {
  state: Pick<ServerState, 'documents' | 'capabilities'>;
  connection: Pick<Connection, 'workspace'>;
  current(document: TextDocument): Promise<LintedDocument | undefined>;
}

/** The fix-all edits of a document's current reading. */
export function fixAllEdits(linted: LintedDocument, uri: string): OffsetEdit[] {
  return linted.settings ? computeFixAll(linted.text, linted.settings.options, linted.analysis.findings, enginePath(uri)) : [];
}

/** `imgproxyUrlLint.fixAll` `{ uri }` (or the URI alone). */
export async function fixAllCommand(ctx: FixAllContext, args: unknown[] | undefined): Promise<{ applied: boolean; edits: number }> {
  const arg = args?.[0];
  const uri = typeof arg === 'string' ? arg : (arg as { uri?: unknown } | undefined)?.uri;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'fixAll takes a document URI or { uri }');
  const document = ctx.state.documents.get(uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `the document ${uri} is not open`);
  const linted = await ctx.current(document);
  if (!linted?.settings) return { applied: false, edits: 0 };
  const edits = fixAllEdits(linted, document.uri);
  if (edits.length === 0) return { applied: false, edits: 0 };
  const capabilities: ClientCapabilities = ctx.state.capabilities;
  const result = await ctx.connection.workspace.applyEdit({ label: 'Fix all imgproxy-url-lint problems', edit: documentEdit(capabilities, document, edits, linted.text) });
  return { applied: result.applied, edits: edits.length };
}
