// Offsets, positions and edits over a JS string, in UTF-16 code units (what LSP counts).
import type { OffsetEdit, Position, Range } from './types.js';

/**
 * The start of the line after the first line break at or after `from` (\n, \r\n or a lone \r, as in
 * LSP), or -1 when there is none. `hasCr`: whether the text holds any \r (without, indexOf does it).
 */
function nextLineStart(text: string, from: number, hasCr: boolean): number {
  if (!hasCr) {
    const at = text.indexOf('\n', from);
    return at === -1 ? -1 : at + 1;
  }
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) return i + 1;
    if (code === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
  }
  return -1;
}

/** Maps UTF-16 offsets to 0-based line/character and back. Lines end at \n, \r\n or a lone \r, as in LSP. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    const hasCr = text.includes('\r');
    for (let start = nextLineStart(text, 0, hasCr); start !== -1; start = nextLineStart(text, start, hasCr)) this.lineStarts.push(start);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[Math.max(0, position.line)];
    const nextLine = this.lineStarts[position.line + 1] ?? this.text.length;
    return Math.min(lineStart + Math.max(0, position.character), nextLine);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/**
 * The positions of `offsets` (any order), as LineIndex gives them, in one pass over the text up to the
 * last of them and without an index of every line: what a file with a few findings needs.
 */
export function positionsAt(text: string, offsets: readonly number[]): Position[] {
  const hasCr = text.includes('\r');
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const positions: Position[] = new Array(offsets.length);
  let line = 0;
  let lineStart = 0;
  let next = nextLineStart(text, 0, hasCr);
  for (const i of order) {
    const offset = Math.max(0, Math.min(offsets[i], text.length));
    while (next !== -1 && next <= offset) {
      line++;
      lineStart = next;
      next = nextLineStart(text, next, hasCr);
    }
    positions[i] = { line, character: offset - lineStart };
  }
  return positions;
}

/** Applies non-overlapping edits (any order) to text. Throws on overlap: a fix must never corrupt text. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/**
 * The edits to apply for "fix all": one per distinct range, dropping any edit that overlaps an earlier
 * one (several findings on one URL share a whole-URL fix; the next run picks up whatever remains).
 */
export function selectNonOverlapping(edits: readonly OffsetEdit[]): OffsetEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: OffsetEdit[] = [];
  let cursor = -1;
  for (const edit of sorted) {
    if (edit.start < cursor) continue;
    if (edit.start === cursor && edit.end === cursor && chosen.length > 0) continue;
    chosen.push(edit);
    cursor = edit.end;
  }
  return chosen;
}

/** The end of a sticky (`y`) pattern's match at `at` in `text`, or -1: no slicing, so linear in a long text. */
export function stickyMatchEnd(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** A path's (or URI's) last segment, with `/` or `\\` as separators: engine decisions go by the file name only. */
export function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
