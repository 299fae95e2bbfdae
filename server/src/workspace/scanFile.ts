// One file scanned for a read-only lint (the CLI without --fix/--probe, a workspace scan): read with
// synchronous calls (it runs on a worker thread, where blocking is free and a promise per call is not),
// the same skips as readTextFile, then a byte-level prefilter before any decoding, then the engine.
// Findings come back with their LSP ranges already computed, so the text never leaves this function.
import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { lintText, mayHaveFindings, positionsAt, type Finding, type LintOptions, type Range } from '../core/index.js';
import { binarySkip, decodeFile, skipForError, tooLargeSkip, type SkippedFile, type TextFile } from './read.js';
import { assertReadable, readAtSync } from './fs.js';

/** A finding with its range (and its fix's range) as 0-based line / UTF-16 character positions. */
export interface PositionedFinding extends Finding {
  range: Range;
  fixRange: Range | null;
}

export interface ScannedFile {
  kind: 'scanned';
  path: string;
  findings: PositionedFinding[];
}

export type ScanResult = ScannedFile | SkippedFile;

/** Lints bytes already read (binary sniffing, BOM and UTF-8 as readTextFile). */
export function scanBytes(path: string, data: Uint8Array, options: LintOptions): ScanResult {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // The binary sniff first: a binary file is reported whether or not it holds the mark.
  const binary = binarySkip(path, bytes);
  if (binary) return binary;
  // The engine's own predicate, on the bytes: a file that cannot have findings is done without decoding.
  if (!mayHaveFindings(path, (mark) => bytes.includes(mark))) return { kind: 'scanned', path, findings: [] };
  const decoded = decodeFile(path, bytes, { mtimeMs: 0, size: bytes.length }, 0) as TextFile;
  const findings = lintText(decoded.text, options, path);
  if (findings.length === 0) return { kind: 'scanned', path, findings: [] };
  // Ranges of the findings' offsets (and their fixes'), in one pass: no index of every line of the file.
  const offsets: number[] = [];
  for (const { start, end, fix } of findings) offsets.push(start, end, fix?.start ?? start, fix?.end ?? end);
  const positions = positionsAt(decoded.text, offsets);
  return {
    kind: 'scanned',
    path,
    findings: findings.map((finding, i) => ({
      ...finding,
      range: { start: positions[4 * i], end: positions[4 * i + 1] },
      fixRange: finding.fix ? { start: positions[4 * i + 2], end: positions[4 * i + 3] } : null,
    })),
  };
}

const REUSED_BUFFER_MAX = 8 * 1024 * 1024;
let readBuffer = Buffer.allocUnsafe(256 * 1024);

/** A file read whole, with the size and mtime fstat gave when it was opened. */
export interface ReadBytes {
  data: Buffer;
  size: number;
  mtimeMs: number;
}

/**
 * Reads `path` whole with synchronous calls (not at all when over `maxFileSize`): its bytes, or the skip
 * readTextFile would report. The bytes live in a buffer reused by the next call: use them before that.
 */
export function readBytesSync(path: string, maxFileSize: number): ReadBytes | SkippedFile {
  let fd: number;
  try {
    // O_NONBLOCK: a path that became a FIFO after it was listed would otherwise block this worker until
    // some writer appears (forever); it has no effect on regular files.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return skipForError(path, error);
  }
  try {
    const stat = fstatSync(fd);
    assertReadable(stat, path); // a folder, FIFO or socket: thrown, and skipped below as readTextFile does
    if (stat.size > maxFileSize) return tooLargeSkip(path, stat.size, maxFileSize);
    // One buffer reused from file to file (the text is decoded out of it: nothing keeps a reference);
    // a file larger than REUSED_BUFFER_MAX gets its own, so a huge file leaves no huge buffer behind.
    let data: Buffer;
    if (stat.size > REUSED_BUFFER_MAX) data = Buffer.allocUnsafe(stat.size);
    else {
      if (readBuffer.length < stat.size) readBuffer = Buffer.allocUnsafe(Math.min(REUSED_BUFFER_MAX, Math.max(stat.size, readBuffer.length * 2)));
      data = readBuffer.subarray(0, stat.size);
    }
    return { data: readAtSync(fd, data, data.length, 0), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (error) {
    return skipForError(path, error);
  } finally {
    closeSync(fd);
  }
}

/** Reads `path` (not at all when over `maxFileSize`) and lints it. Never throws for a file-system problem. */
export function scanFileSync(path: string, maxFileSize: number, options: LintOptions): ScanResult {
  const read = readBytesSync(path, maxFileSize);
  return 'kind' in read ? read : scanBytes(path, read.data, options);
}
