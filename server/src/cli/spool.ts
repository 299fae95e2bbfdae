// Findings kept on disk, not in memory, for the JSON and SARIF outputs of a large scan: their text comes
// already formatted, indented and separated as it will be written (findingText.ts, made on the scan's
// threads, in report order), and is appended to a temporary file; at the end the formatter's own output
// for an empty list is split where the list goes and the file's bytes are copied in between. The bytes
// are exactly the formatter's (a test checks it); memory stays flat however many findings there are.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { severityRank, type SeveritySetting } from '../core/index.js';
import type { RenderedFindings } from '../workspace/index.js';

/** A marker no formatted finding can contain (JSON escapes control characters). */
const SLOT = '\u0000findings\u0000';

export class FindingSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'imgproxy-url-lint-'));
  private readonly fd = openSync(join(this.dir, 'findings'), 'w+');
  private pending: string[] = [];
  private pendingBytes = 0;
  private added = 0;
  private readonly bySeverity = new Map<string, number>();

  /**
   * `layout`: the format's output with the one-element list `[SLOT]` where the findings go (for any
   * report: only the indentation of the list's elements is used, which the findings' text must have).
   */
  constructor(layout: string) {
    this.indent = slotPlace(layout).indent;
  }

  /** The indentation of the findings list's elements: what the renderer must indent them with. */
  readonly indent: string;

  get count(): number {
    return this.added;
  }

  /** Findings at or above `failOn`: all errors, and the others (what --max-warnings counts). */
  failing(failOn: SeveritySetting): { errors: number; others: number } {
    let errors = 0;
    let others = 0;
    for (const [severity, n] of this.bySeverity) {
      if (severityRank(severity as SeveritySetting) < severityRank(failOn)) continue;
      if (severity === 'error') errors += n;
      else others += n;
    }
    return { errors, others };
  }

  /** Appends findings rendered with this spool's indent, each preceded by its separator (the very first's is dropped). */
  add({ text, bySeverity }: RenderedFindings): void {
    if (text === '') return;
    const written = this.added === 0 ? text.slice(`,\n${this.indent}`.length) : text;
    for (const severity in bySeverity) {
      this.bySeverity.set(severity, (this.bySeverity.get(severity) ?? 0) + bySeverity[severity]);
      this.added += bySeverity[severity];
    }
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

  /**
   * Writes `whole` (the format's output with the one-element list `[SLOT]` where the findings go) with
   * the findings in place of the slot, as bytes copied from the file; then removes the file.
   */
  pipe(whole: string, write: (chunk: string | Uint8Array) => void): void {
    this.flush();
    const { at, indent } = slotPlace(whole);
    if (indent !== this.indent) throw new Error(`the findings list is indented ${JSON.stringify(indent)} in the output, ${JSON.stringify(this.indent)} in the spool`);
    write(whole.slice(0, at));
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = 0; ; ) {
      const n = readSync(this.fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
      write(Buffer.from(buffer.subarray(0, n))); // a copy: the writer may keep the chunk
    }
    write(whole.slice(at + JSON.stringify(SLOT).length));
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

/** Where the slot stands in a format's output, and the indentation of its line. */
function slotPlace(whole: string): { at: number; indent: string } {
  const at = whole.indexOf(JSON.stringify(SLOT));
  if (at === -1) throw new Error('the format wrote no slot for the findings');
  return { at, indent: whole.slice(whole.lastIndexOf('\n', at) + 1, at) };
}
