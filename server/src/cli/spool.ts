// Findings kept on disk, not in memory, for the output of a large read-only scan: their text comes
// already formatted as it will be written (findingText.ts, made on the scan's threads, in report order:
// JSON or SARIF elements, indented, or stylish file blocks), each preceded by the format's separator, and
// is appended to a temporary file; at the end the output is written around a copy of the file's bytes.
// The bytes are exactly the formatter's (a test checks it); memory stays flat however many findings.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { severityRank, type SeveritySetting } from '../core/index.js';
import { addCounts, type FindingCounts, type RenderedFindings } from '../workspace/index.js';

/** A marker no formatted finding can contain (JSON escapes control characters). */
const SLOT = '\u0000findings\u0000';

export class FindingSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'imgproxy-url-lint-'));
  private readonly fd = openSync(join(this.dir, 'findings'), 'w+');
  private pending: string[] = [];
  private pendingBytes = 0;
  private added = 0;
  private wrote = false;
  /** What the spooled findings add to the report's summary. */
  readonly counts: FindingCounts = { bySeverity: {}, fixable: 0 };

  /** `separator`: what the format writes between two elements (dropped before the first). */
  constructor(readonly separator: string) {}

  /**
   * The separator of the JSON list in `layout` (a format's output with the one-element list `[SLOT]`
   * where the findings go): a comma, a newline and the elements' indentation.
   */
  static listSeparator(layout: string): string {
    return separatorFor(slotPlace(layout).indent);
  }

  /** `whole` (a format's output with the list `[SLOT]`) cut where the findings go; checks the list is indented as `separator` says. */
  static aroundSlot(whole: string, separator: string): { head: string; tail: string } {
    const { at, indent } = slotPlace(whole);
    if (separatorFor(indent) !== separator) throw new Error(`the findings list is indented ${JSON.stringify(indent)} in the output, not as the spool's separator ${JSON.stringify(separator)}`);
    return { head: whole.slice(0, at), tail: whole.slice(at + JSON.stringify(SLOT).length) };
  }

  get count(): number {
    return this.added;
  }

  /** Findings at or above `failOn`: all errors, and the others (what --max-warnings counts). */
  failing(failOn: SeveritySetting): { errors: number; others: number } {
    let errors = 0;
    let others = 0;
    for (const [severity, n] of Object.entries(this.counts.bySeverity)) {
      if (severityRank(severity as SeveritySetting) < severityRank(failOn)) continue;
      if (severity === 'error') errors += n;
      else others += n;
    }
    return { errors, others };
  }

  /** Appends findings rendered with this spool's separator before each element (the very first one's is dropped). */
  add(rendered: RenderedFindings): void {
    const { text } = rendered;
    if (text === '') return;
    const written = this.wrote ? text : text.slice(this.separator.length);
    this.wrote = true;
    this.added += addCounts(this.counts, rendered);
    this.pending.push(written);
    this.pendingBytes += written.length;
    if (this.pendingBytes > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Writes `head`, the findings' bytes copied from the file, then `tail`; then removes the file. */
  pipe(head: string, tail: string, write: (chunk: string | Uint8Array) => void): void {
    this.flush();
    write(head);
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = 0; ; ) {
      const n = readSync(this.fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
      write(Buffer.from(buffer.subarray(0, n))); // a copy: the writer may keep the chunk
    }
    write(tail);
    this.close();
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  static readonly SLOT = SLOT;
}

/** What JSON.stringify writes between two elements of a list indented `indent`. */
function separatorFor(indent: string): string {
  return `,\n${indent}`;
}

/** Where the slot stands in a format's output, and the indentation of its line. */
function slotPlace(whole: string): { at: number; indent: string } {
  const at = whole.indexOf(JSON.stringify(SLOT));
  if (at === -1) throw new Error('the format wrote no slot for the findings');
  return { at, indent: whole.slice(whole.lastIndexOf('\n', at) + 1, at) };
}
