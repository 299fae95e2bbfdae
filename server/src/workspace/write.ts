// Writing a fixed file back: only if it is still the version that was read, through a temp file in the
// same folder and a rename, so the file is always either wholly old or wholly new; mode kept.
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { errorCode } from './fs.js';
import { encodeText, type FileVersion, type TextFile } from './read.js';

/** The file is not the version the caller read: it was modified or deleted since. Nothing was written. */
export class FileChangedError extends Error {
  readonly code = 'EFILECHANGED';
  constructor(readonly path: string, readonly reason: 'modified' | 'deleted') {
    super(`${path}: not written, the file was ${reason} since it was read; run again to lint the current version`);
    this.name = 'FileChangedError';
  }
}

/** What the caller read: the version (size and mtime, from readTextFile) and/or the exact original bytes. */
export type Expected = FileVersion | { content: Uint8Array | string } | (FileVersion & { content: Uint8Array | string });

async function matches(path: string, expected: Expected): Promise<'ok' | 'modified' | 'deleted'> {
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'deleted';
    throw error;
  }
  if ('size' in expected && (stat.size !== expected.size || stat.mtimeMs !== expected.mtimeMs)) return 'modified';
  if ('content' in expected) {
    const want = typeof expected.content === 'string' ? Buffer.from(expected.content, 'utf8') : Buffer.from(expected.content);
    if (stat.size !== want.length) return 'modified';
    const have = await fsp.readFile(path);
    if (!have.equals(want)) return 'modified';
  }
  return 'ok';
}

/**
 * Replaces `path`'s content with `content` (a string is written as UTF-8; with `{ bom: true }`, or when
 * `expected` is the TextFile read with a BOM, a BOM is put first unless the text starts with one; line
 * endings are the caller's) if the file still matches `expected`, else throws
 * FileChangedError. Writes a temp file next to the real file (through symlinks: the link stays a link),
 * with the original mode (and owner, where permitted), fsyncs it and renames it over the file. On any
 * failure the temp file is removed and the original is untouched. Returns the new version.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  expectedOrFile: Expected | TextFile,
  options: { bom?: boolean } = {},
): Promise<FileVersion> {
  let expected: Expected;
  let bom = options.bom ?? false;
  if ('kind' in expectedOrFile) {
    // The TextFile as read: its version, and its BOM put back.
    if (expectedOrFile.invalidUtf8) {
      throw new Error(`${path}: not written, the file is not valid UTF-8 and rewriting its decoded text would change bytes outside the fix`);
    }
    // Size and mtime, and the bytes themselves: a same-size edit within the mtime granularity (1-2 s on
    // FAT, HFS+, SMB) must not be overwritten. Valid UTF-8 re-encodes to exactly the bytes read.
    expected = { ...expectedOrFile.version, content: encodeText(expectedOrFile.text, expectedOrFile.bom) };
    bom = options.bom ?? expectedOrFile.bom;
  } else {
    expected = expectedOrFile;
  }
  let real: string;
  try {
    real = await fsp.realpath(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new FileChangedError(path, 'deleted');
    throw error;
  }
  const before = await matches(real, expected);
  if (before !== 'ok') throw new FileChangedError(path, before);
  const original = await fsp.stat(real);
  const data = typeof content === 'string' ? encodeText(content, bom) : content;
  const temp = join(dirname(real), `.${basename(real)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: import('node:fs/promises').FileHandle | undefined;
  try {
    handle = await fsp.open(temp, 'wx', original.mode & 0o7777);
    await handle.writeFile(data);
    if (process.platform !== 'win32') {
      await handle.chown(original.uid, original.gid).catch(() => undefined); // only root may give files away
    }
    // After chown, which clears the setuid and setgid bits; open's mode is filtered by the umask.
    await handle.chmod(original.mode & 0o7777);
    await handle.sync();
    await handle.close();
    handle = undefined;
    // Check again just before the rename: the window left for a concurrent writer is this one step.
    const after = await matches(real, expected);
    if (after !== 'ok') throw new FileChangedError(path, after);
    await fsp.rename(temp, real);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fsp.unlink(temp).catch(() => undefined);
    throw error;
  }
  const stat = await fsp.stat(real);
  return { mtimeMs: stat.mtimeMs, size: stat.size };
}
