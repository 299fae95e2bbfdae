// The scan cache (the CLI's --cache, the language server's workspace scan): what scanning each file
// gave, keyed by its path, checked against its size and mtime (and its content hash when those two
// cannot tell), and against a key of everything that shapes the result (lint options, size limit).
// One file, written atomically; a foreign file is ignored with a note (and left alone), a damaged one
// rebuilt where it is damaged; never a crash.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { LintOptions } from '../core/index.js';
import type { SkipReason } from './read.js';
import type { PositionedFinding } from './scanFile.js';
import { readAtSync } from './fs.js';

/** What a file gave: its findings (with ranges), or why it was skipped. */
export type CachedResult = { findings: PositionedFinding[] } | { skip: SkipReason; detail: string };

/** [size, mtimeMs, options key, content hash (only when size and mtime were ambiguous) or null, result; 0: no findings] */
export type CacheEntry = [number, number, string, string | null, CachedResult | 0];

const TOOL = 'imgproxy-url-lint';
/** Bumped when the layout changes. */
const FORMAT = 2;

/**
 * The file: a header line, then one line per folder, `"<folder as JSON>"<TAB>{"<name>": entry, ...}`.
 * The file is read once into memory the threads share; each notes where each folder's line is and
 * parses only the folders it visits; a save rewrites
 * only the lines of folders that changed and copies the others.
 */
function header(version: string): string {
  return `${TOOL} cache ${FORMAT} ${JSON.stringify(version)}\n`;
}

/**
 * A file whose mtime is this close to the moment it was read could change again within the file
 * system's timestamp granularity with its size kept (git's "racy" files): its entry keeps a content hash.
 */
const AMBIGUOUS_MS = 2000;

/** The cache file ESLint's way: a folder (existing, or written with a trailing `/`) holds a file named after the cwd. */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  const spec = location ?? (existsSync(join(cwd, 'node_modules')) ? 'node_modules/.cache/imgproxy-url-lint/' : '.imgproxy-url-lint-cache');
  const path = resolve(cwd, spec);
  let isFolder = /[\\/]$/.test(spec);
  if (!isFolder) {
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // not there yet: a file
    }
  }
  return isFolder ? join(path, `cache-${createHash('sha256').update(cwd).digest('hex').slice(0, 12)}`) : path;
}

function stable(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (Array.isArray(value)) return value.map(stable);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  }
  return value;
}

const optionKeys = new WeakMap<LintOptions, Map<number, string>>();

/**
 * A digest of everything that shapes a file's result besides its bytes: the lint options (config,
 * signing key, imgproxy settings, rule overrides) and the size limit. A digest, so no secret is stored.
 */
export function optionsKey(options: LintOptions, maxFileSize: number, version: string): string {
  let byLimit = optionKeys.get(options);
  if (!byLimit) optionKeys.set(options, (byLimit = new Map()));
  let key = byLimit.get(maxFileSize);
  if (key === undefined) {
    key = createHash('sha256').update(`${TOOL} ${version} ${maxFileSize}\n`).update(JSON.stringify(stable(options))).digest('base64url').slice(0, 22);
    byLimit.set(maxFileSize, key);
  }
  return key;
}

export function contentHash(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('base64url');
}

/** Whether size and mtime alone cannot prove an entry recorded at `readAtMs` still holds. */
export function isAmbiguous(mtimeMs: number, readAtMs: number): boolean {
  return readAtMs - mtimeMs < AMBIGUOUS_MS;
}

/** The result an entry holds. */
export function entryResult(entry: CacheEntry): CachedResult {
  return entry[4] === 0 ? { findings: [] } : entry[4];
}

/** An entry for a result (no findings stored as 0: most files). */
export function makeEntry(size: number, mtimeMs: number, key: string, hash: string | null, result: CachedResult): CacheEntry {
  return [size, mtimeMs, key, hash, 'findings' in result && result.findings.length === 0 ? 0 : result];
}

type Folder = Record<string, CacheEntry>;

/** How much of the cache file is read at a time to index it. */
const INDEX_CHUNK = 1 << 20;
/** How much is read at once for a folder's line (and the lines after it). */
const READ_AHEAD = 64 * 1024;

/**
 * The entries of a cache file, read folder by folder on demand: opening it notes where each folder's
 * line is (the file streamed once, not held: its size grows with the findings, and every thread of a
 * run has a view), and a folder's line is read and parsed when a file of it is looked up. Each thread
 * holds the index and the folders in use. Holds the file open until `close`.
 */
export class CacheView {
  /** Folder key (the folder as JSON) → where its entries' JSON is in the file, or its entries once read or added. */
  private readonly lines = new Map<string, [number, number] | Folder>();
  private fd: number | undefined;
  private buffer = Buffer.alloc(0);
  /** The part of the file read last (in `buffer`), and where it starts. */
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  /** The last folder looked up: lookups come folder by folder, and a folder is visited once per scan. */
  private last: [string, Folder] | undefined;

  /** An empty view (no file, or one unusable). */
  constructor() {}

  /**
   * A view of the cache file, empty when it cannot be read or does not start with the header of `version`.
   * Never throws. `chunk`: how much is read at a time to index it (tests make lines straddle chunks).
   */
  static open(file: string | undefined, version: string, chunk = INDEX_CHUNK): CacheView {
    const view = new CacheView();
    if (file === undefined) return view;
    try {
      view.fd = openSync(file, 'r');
      view.index(Buffer.from(header(version)), chunk);
    } catch {
      view.close();
      view.lines.clear(); // unreadable midway: nothing from it
    }
    return view;
  }

  private index(head: Buffer, chunkSize: number): void {
    const fd = this.fd!;
    const buffer = Buffer.allocUnsafe(Math.max(chunkSize, head.length));
    if (!readAtSync(fd, buffer, head.length, 0).equals(head)) return this.close();
    // Per line `key<TAB>entries<LF>`: the key is kept (its bytes may straddle two chunks), the entries' place noted.
    let keyParts: Buffer[] = [];
    let key: string | undefined;
    let entriesAt = 0;
    for (let position = head.length; ; ) {
      const chunk = readAtSync(fd, buffer, buffer.length, position);
      if (chunk.length === 0) return;
      for (let at = 0; at < chunk.length; ) {
        if (key === undefined) {
          const tab = chunk.indexOf(0x09, at);
          const end = chunk.indexOf(0x0a, at);
          if (end !== -1 && (tab === -1 || end < tab)) {
            keyParts = []; // a line without entries: damaged, skipped
            at = end + 1;
          } else if (tab === -1) {
            keyParts.push(Buffer.from(chunk.subarray(at)));
            at = chunk.length;
          } else {
            keyParts.push(chunk.subarray(at, tab));
            key = Buffer.concat(keyParts).toString('utf8');
            keyParts = [];
            entriesAt = position + tab + 1;
            at = tab + 1;
          }
        } else {
          const end = chunk.indexOf(0x0a, at);
          if (end === -1) break;
          this.lines.set(key, [entriesAt, position + end - entriesAt]);
          key = undefined;
          at = end + 1;
        }
      }
      position += chunk.length;
    }
  }

  /** A folder's entries by file name (empty for an unknown folder or a damaged line; `add`: kept, to be filled). */
  folder(dir: string, add = false): Folder {
    const key = JSON.stringify(dir);
    if (this.last?.[0] === key) {
      if (add) this.lines.set(key, this.last[1]);
      return this.last[1];
    }
    const line = this.lines.get(key);
    let folder: Folder = {};
    if (line === undefined) {
      if (add) this.lines.set(key, folder);
    } else if (!Array.isArray(line)) {
      folder = line;
    } else {
      try {
        const value = JSON.parse(this.read(line).toString('utf8'));
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) folder = value as Folder;
      } catch {
        // a damaged line (or a file that cannot be read any more): that folder is scanned afresh and its line rewritten
      }
      if (add) this.lines.set(key, folder);
    }
    this.last = [key, folder];
    return folder;
  }

  /**
   * The bytes of a line's entries (none once closed), from a window of the file read ahead: folders are
   * looked up in about the order the file has them, so one read serves many (a `pread` per folder cost
   * ~4% of a warm run on the sparse tree). Valid until the next read.
   */
  private read([position, length]: [number, number]): Buffer {
    if (this.fd === undefined) return Buffer.alloc(0);
    const offset = position - this.windowStart;
    if (offset < 0 || offset + length > this.window.length) {
      if (this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.max(length, READ_AHEAD));
      this.window = readAtSync(this.fd, this.buffer, this.buffer.length, position);
      this.windowStart = position;
      return this.window.subarray(0, length);
    }
    return this.window.subarray(offset, offset + length);
  }

  get(path: string): CacheEntry | undefined {
    return this.folder(dirname(path))[basename(path)];
  }

  /** Writes every folder line (those not read: copied from the file) to `fd` after the header. */
  writeTo(fd: number, version: string): void {
    writeSync(fd, header(version));
    for (const [key, line] of this.lines) {
      if (!Array.isArray(line)) {
        writeSync(fd, `${key}\t${JSON.stringify(line)}\n`);
        continue;
      }
      const entries = this.read(line);
      if (entries.length < line[1]) continue; // the file shrank under us: that folder is scanned afresh next time
      writeSync(fd, `${key}\t`);
      writeSync(fd, entries);
      writeSync(fd, '\n');
    }
  }

  /** Closes the file: the view then answers only from the folders already read or added. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    this.fd = undefined;
  }
}

/** What the first bytes of a cache file say: ours (this version or not), or a foreign file. */
function kindOf(head: string, version: string): 'current' | 'other-version' | 'foreign' | 'empty' {
  if (head === '') return 'empty';
  if (head.startsWith(header(version))) return 'current';
  if (head.startsWith(`${TOOL} cache `)) return 'other-version';
  return 'foreign';
}

/**
 * The cache as a run uses it. Each thread of the scan opens its own view of the file (`readable`: the
 * file to open, when it is usable); entries added are saved once at the end, by the main thread.
 */
export class ScanCache {
  private view: CacheView | undefined;
  private readonly added = new Map<string, CacheEntry>();

  /** `bytes`: the usable file's size (0 when not usable): what the previous run of the tree left, a hint of its size. */
  private constructor(readonly file: string, readonly version: string, readonly usable: boolean, private readonly writable: boolean, readonly bytes = 0) {}

  /** Checks the cache file; a problem with it goes to `note` and leaves an empty cache. Never throws. */
  static load(file: string, version: string, note: (message: string) => void): ScanCache {
    let head = '';
    let complete = true;
    let size = 0;
    try {
      const fd = openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(256);
        head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
        // Every save ends with a newline: a file cut short was damaged after it was written.
        size = fstatSync(fd).size;
        complete = size === 0 || (readSync(fd, buffer, 0, 1, size - 1) === 1 && buffer[0] === 0x0a);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') note(`cannot read the cache file ${file} (${code ?? (error as Error).message}); scanning without it`);
      return new ScanCache(file, version, false, code === 'ENOENT');
    }
    const kind = kindOf(head, version);
    if (kind === 'foreign') note(`ignoring the cache file ${file}: not an imgproxy-url-lint cache; it is left as it is and nothing is cached`);
    else if (!complete) note(`ignoring the cache file ${file}: it is cut short (damaged); it will be rebuilt`);
    // Another tool version or layout: start afresh, silently (as after an upgrade).
    const usable = kind === 'current' && complete;
    return new ScanCache(file, version, usable, kind !== 'foreign', usable ? size : 0);
  }

  /** The file for a thread's CacheView, or undefined when it is not usable. */
  get readable(): string | undefined {
    return this.usable ? this.file : undefined;
  }

  /** The file's entries (indexed on first use: a run whose threads do the lookups never indexes them here). */
  private entries(): CacheView {
    this.view ??= CacheView.open(this.readable, this.version);
    return this.view;
  }

  /** Lets go of the file (`save` does it too). */
  close(): void {
    this.view?.close();
  }

  get(path: string): CacheEntry | undefined {
    return this.added.get(path) ?? this.entries().get(path);
  }

  set(path: string, entry: CacheEntry): void {
    this.added.set(path, entry);
  }

  /**
   * Writes the cache when entries were added: to a temporary file beside it, then renamed over it, so a
   * reader never sees half a file. Entries of files not scanned this time are kept (another shard's).
   */
  save(note: (message: string) => void): void {
    try {
      this.write(note);
    } finally {
      this.close();
    }
  }

  private write(note: (message: string) => void): void {
    if (this.added.size === 0 || !this.writable) return;
    const view = this.entries();
    for (const [path, entry] of this.added) view.folder(dirname(path), true)[basename(path)] = entry;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const fd = openSync(temp, 'w');
      try {
        view.writeTo(fd, this.version);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.file);
    } catch (error) {
      rmSync(temp, { force: true });
      note(`cannot write the cache file ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the results are right, the next run will not be faster`);
    }
  }
}
