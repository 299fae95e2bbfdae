// Findings kept on disk, not in memory, for the JSON and SARIF outputs of a large scan: each finding is
// formatted as it arrives (already in report order) and appended to a temporary file; at the end the
// formatter's own output for an empty list is split where the list goes and the file is copied in
// between. The bytes are exactly the formatter's (a test checks it); memory stays flat however many
// findings there are.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { severityRank, type SeveritySetting } from '../core/index.js';
import type { ReportedFinding } from './report.js';

/** A marker no formatted finding can contain (JSON escapes control characters). */
const SLOT = '\u0000findings\u0000';

export class FindingSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'imgproxy-url-lint-'));
  private readonly fd = openSync(join(this.dir, 'findings'), 'w+');
  private pending: string[] = [];
  private pendingBytes = 0;
  private written = 0;
  private readonly bySeverity = new Map<string, number>();

  /** `element`: one finding as the format writes it inside its list, without indentation. */
  constructor(private readonly element: (finding: ReportedFinding) => unknown) {}

  get count(): number {
    return this.written + this.pending.length;
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

  add(finding: ReportedFinding): void {
    this.bySeverity.set(finding.severity, (this.bySeverity.get(finding.severity) ?? 0) + 1);
    this.pending.push(JSON.stringify(this.element(finding), null, 2));
    this.pendingBytes += this.pending[this.pending.length - 1].length;
    if (this.pendingBytes > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    // Each element is stored with a leading NUL, so the reader can re-indent it (NUL never occurs in JSON text).
    writeSync(this.fd, this.pending.map((text) => '\u0000' + text).join(''));
    this.written += this.pending.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * Writes `whole` (the format's output with the one-element list `[SLOT]` where the findings go) with
   * the findings in place of the slot, indented as JSON.stringify indents them; then removes the file.
   */
  pipe(whole: string, write: (chunk: string) => void): void {
    this.flush();
    const at = whole.indexOf(JSON.stringify(SLOT));
    const lineStart = whole.lastIndexOf('\n', at) + 1;
    const indent = whole.slice(lineStart, at);
    write(whole.slice(0, at));
    const buffer = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder('utf8'); // a character split between two reads stays whole
    let carry = '';
    let first = true;
    const emit = (text: string) => {
      write((first ? '' : `,\n${indent}`) + text.replaceAll('\n', `\n${indent}`));
      first = false;
    };
    for (let position = 0; ; ) {
      const n = readSync(this.fd, buffer, 0, buffer.length, position);
      if (n === 0) break;
      position += n;
      const parts = (carry + decoder.write(buffer.subarray(0, n))).split('\u0000');
      carry = parts.pop()!;
      for (const part of parts) if (part !== '') emit(part);
    }
    if (carry !== '') emit(carry);
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
