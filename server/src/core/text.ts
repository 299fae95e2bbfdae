// Offsets, positions and edits over a JS string, in UTF-16 code units (what LSP counts).
import type { OffsetEdit, Position, Range } from './types.js';

/** Maps UTF-16 offsets to 0-based line/character and back. Lines end at \n, \r\n or a lone \r, as in LSP. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) this.lineStarts.push(i + 1);
    }
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
