// Reading one file for linting: size cap, binary detection, UTF-8 decoding with the BOM kept aside.
import { isUtf8 } from 'node:buffer';
import { errorCode, nodeFs, type WorkspaceFs } from './fs.js';

/** How much of a file's start is searched for a NUL byte (ripgrep and git use the same idea). */
export const BINARY_SNIFF_BYTES = 8192;

export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'symlink-loop' | 'not-found';

/** The version of a file as read: what writeFileAtomic checks before replacing it. */
export interface FileVersion {
  mtimeMs: number;
  size: number;
}

export interface TextFile {
  kind: 'text';
  path: string;
  /** The decoded text, without the BOM. */
  text: string;
  /** The file started with a UTF-8 BOM (EF BB BF); a writer must put it back. */
  bom: boolean;
  /**
   * The bytes were not valid UTF-8: `text` has U+FFFD where they were. Findings are still right (URLs are
   * ASCII), but the file must not be rewritten from `text`: that would destroy the original bytes.
   */
  invalidUtf8: boolean;
  /** Size and mtime at read time, for writeFileAtomic's change check. */
  version: FileVersion;
  /** Permission bits at read time. */
  mode: number;
}

export interface SkippedFile {
  kind: 'skip';
  path: string;
  reason: SkipReason;
  /** A human-readable sentence: why, and for too-large how big and what the limit is. */
  detail: string;
}

export type ReadResult = TextFile | SkippedFile;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

/** A skip for a file-system error on `path`. */
export function skipForError(path: string, error: unknown): SkippedFile {
  const code = errorCode(error);
  if (code === 'ENOENT') return { kind: 'skip', path, reason: 'not-found', detail: 'no such file (deleted, or a broken symbolic link)' };
  if (code === 'ELOOP') return { kind: 'skip', path, reason: 'symlink-loop', detail: 'symbolic link loop' };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'skip', path, reason: 'unreadable', detail: `cannot read: ${code ?? message}` };
}

/** The skip for a file whose first 8 KiB hold a NUL byte (binary, or UTF-16), or undefined for text. */
export function binarySkip(path: string, data: Uint8Array): SkippedFile | undefined {
  const head = data.subarray(0, BINARY_SNIFF_BYTES);
  if (head.indexOf(0) === -1) return undefined;
  const utf16 = (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff);
  return {
    kind: 'skip',
    path,
    reason: 'binary',
    detail: utf16 ? 'UTF-16 text (only UTF-8 is linted)' : `binary (a NUL byte in the first ${BINARY_SNIFF_BYTES / 1024} KiB)`,
  };
}

/** The skip for a file of `size` bytes over `maxFileSize`. */
export function tooLargeSkip(path: string, size: number, maxFileSize: number): SkippedFile {
  return { kind: 'skip', path, reason: 'too-large', detail: `${formatBytes(size)}, over the maxFileSize limit of ${formatBytes(maxFileSize)}` };
}

/** Decides binary / text and decodes. Exported for adapters that already hold the bytes. */
export function decodeFile(path: string, data: Uint8Array, version: FileVersion, mode: number): ReadResult {
  const binary = binarySkip(path, data);
  if (binary) return binary;
  const bom = data.length >= 3 && data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2];
  const body = bom ? data.subarray(3) : data;
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const invalidUtf8 = !isUtf8(buffer);
  return { kind: 'text', path, text: buffer.toString('utf8'), bom, invalidUtf8, version, mode };
}

/**
 * Reads a file to lint: a skip (binary, too-large, unreadable, not-found, symlink-loop) or its text.
 * Never throws for a file-system problem.
 */
export async function readTextFile(path: string, maxFileSize: number, fs: WorkspaceFs = nodeFs): Promise<ReadResult> {
  let read;
  try {
    read = await fs.readFile(path, { maxBytes: maxFileSize });
  } catch (error) {
    return skipForError(path, error);
  }
  const { stat, data } = read;
  if (data === undefined || data.length > maxFileSize) return tooLargeSkip(path, data?.length ?? stat.size, maxFileSize);
  // The version is the one read: if the file grew during the read, its size no longer matches stat.
  return decodeFile(path, data, { mtimeMs: stat.mtimeMs, size: data.length }, stat.mode);
}

/** Encodes text for writing, with the BOM put back when the original had one (never twice). */
export function encodeText(text: string, bom: boolean): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  return bom && text.charCodeAt(0) !== 0xfeff ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
}
