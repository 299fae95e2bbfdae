// The file system as the workspace code sees it: a small interface, so tests can run on an in-memory
// tree that counts calls (memoryFs.ts), and a node implementation for the CLI and the language server.
import fs, { promises as fsp } from 'node:fs';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
  size: number;
  mtimeMs: number;
  /** Permission bits and file type, as node's Stats.mode. */
  mode: number;
}

export type DirEntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  name: string;
  type: DirEntryType;
}

/** A whole file read through one open handle: its stat, and its bytes unless it was over maxBytes. */
export interface FileRead {
  stat: FileStat;
  /** Absent when the file is larger than the maxBytes asked for (nothing beyond the stat was read). */
  data?: Uint8Array;
}

/**
 * Errors are node-style: an Error with `code` ('ENOENT', 'ENOTDIR', 'EACCES', 'ELOOP', 'EISDIR', ...).
 * Paths are absolute, in the platform's form.
 */
export interface WorkspaceFs {
  /** Reads a file, following symlinks. With maxBytes, a larger file is not read: only its stat is returned. */
  readFile(path: string, options?: { maxBytes?: number }): Promise<FileRead>;
  /** Follows symlinks. */
  stat(path: string): Promise<FileStat>;
  /** Does not follow a final symlink. */
  lstat(path: string): Promise<FileStat>;
  /** Entries of a directory with their types (a symlink is reported as 'symlink', not followed). Unsorted. */
  readdir(path: string): Promise<DirEntry[]>;
  realpath(path: string): Promise<string>;
}

/** The error code of a node-style error, or undefined. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function call<T>(start: (callback: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

function toStat(s: import('node:fs').Stats): FileStat {
  return {
    isFile: s.isFile(),
    isDirectory: s.isDirectory(),
    isSymbolicLink: s.isSymbolicLink(),
    size: s.size,
    mtimeMs: s.mtimeMs,
    mode: s.mode,
  };
}

/** Throws for an open file that is never read: a folder, a FIFO or a socket. */
export function assertReadable(raw: import('node:fs').Stats, path: string): void {
  if (raw.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR', path });
  if (raw.isFIFO() || raw.isSocket()) throw Object.assign(new Error(`not a regular file (a FIFO or socket): '${path}'`), { path });
}

/** The stat of an open file to read (see assertReadable). */
function readableStat(raw: import('node:fs').Stats, path: string): FileStat {
  assertReadable(raw, path);
  return toStat(raw);
}

function toDirEntry(d: import('node:fs').Dirent): DirEntry {
  return { name: d.name, type: d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other' };
}

/** The real file system (node:fs/promises). */
export const nodeFs: WorkspaceFs = {
  async readFile(path, options) {
    // The callback API with one exact-size read is about twice as fast as FileHandle.readFile on many
    // small files (measured on 20,000 files: 450 ms against 985 ms).
    // O_NONBLOCK: a path that became a FIFO after it was listed would otherwise block open() until some
    // writer appears (forever, holding a libuv thread); it has no effect on regular files.
    const fd = await call<number>((cb) => fs.open(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0), cb));
    try {
      const stat = readableStat(await call<import('node:fs').Stats>((cb) => fs.fstat(fd, cb)), path);
      if (options?.maxBytes !== undefined && stat.size > options.maxBytes) return { stat };
      // Reads the size fstat gave: a file growing meanwhile is read as it was (its version then no longer
      // matches, so writeFileAtomic refuses to overwrite it).
      const data = Buffer.allocUnsafe(stat.size);
      let filled = 0;
      while (filled < data.length) {
        const n = await call<number>((cb) => fs.read(fd, data, filled, data.length - filled, filled, cb));
        if (n === 0) break; // shrank meanwhile
        filled += n;
      }
      return { stat, data: filled === data.length ? data : data.subarray(0, filled) };
    } finally {
      await call<void>((cb) => fs.close(fd, cb));
    }
  },
  async stat(path) {
    return toStat(await fsp.stat(path));
  },
  async lstat(path) {
    return toStat(await fsp.lstat(path));
  },
  async readdir(path) {
    return (await fsp.readdir(path, { withFileTypes: true })).map(toDirEntry);
  },
  async realpath(path) {
    return fsp.realpath(path);
  },
};

/**
 * Reads `length` bytes at `position` of `fd` into `buffer`, read after read until they are all there or
 * the file ends (it may have shrunk meanwhile): the bytes read, a view of `buffer`.
 */
export function readAtSync(fd: number, buffer: Buffer, length: number, position: number): Buffer {
  let n = 0;
  for (let got = -1; n < length && got !== 0; n += got) got = fs.readSync(fd, buffer, n, length - n, position + n);
  return buffer.subarray(0, n);
}

/** nodeFs.readFile's checks and result, through blocking calls. */
function readFileSync(path: string, maxBytes: number | undefined): FileRead {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = readableStat(fs.fstatSync(fd), path);
    if (maxBytes !== undefined && stat.size > maxBytes) return { stat };
    return { stat, data: readAtSync(fd, Buffer.allocUnsafe(stat.size), stat.size, 0) };
  } finally {
    fs.closeSync(fd);
  }
}

function attempt<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The real file system through synchronous calls: for a worker thread, where blocking costs nothing and
 * a trip through libuv's thread pool per folder listing costs a lot (the pool is shared by all threads).
 */
export const nodeFsSync: WorkspaceFs = {
  readFile: (path, options) => attempt(() => readFileSync(path, options?.maxBytes)),
  stat: (path) => attempt(() => toStat(fs.statSync(path))),
  lstat: (path) => attempt(() => toStat(fs.lstatSync(path))),
  readdir: (path) => attempt(() => fs.readdirSync(path, { withFileTypes: true }).map(toDirEntry)),
  realpath: (path) => attempt(() => fs.realpathSync(path)),
};
