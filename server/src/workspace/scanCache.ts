// The scan cache (the CLI's --cache, the language server's workspace scan): what scanning each file
// gave, keyed by its path, checked against its size and mtime (and its content hash when those two
// cannot tell), and against a key of everything that shapes the result (lint options, size limit).
// One JSON file, written atomically; a corrupt or foreign file is ignored with a note, never a crash.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LintOptions } from '../core/index.js';
import type { SkipReason } from './read.js';
import type { PositionedFinding } from './scanFile.js';

/** What a file gave: its findings (with ranges), or why it was skipped. */
export type CachedResult = { findings: PositionedFinding[] } | { skip: SkipReason; detail: string };

/** [size, mtimeMs, options key, content hash (only when size and mtime were ambiguous) or null, result] */
export type CacheEntry = [number, number, string, string | null, CachedResult];

const TOOL = 'imgproxy-url-lint';
/** Bumped when the entry layout changes. */
const FORMAT = 1;
const HEADER = `{"tool":"${TOOL}"`;

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
  return isFolder ? join(path, `cache-${createHash('sha256').update(cwd).digest('hex').slice(0, 12)}.json`) : path;
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

/** The entries of a cache file's text, or why it cannot be used (undefined: no file, nothing to say). */
export function parseCache(text: string, version: string): { files: Record<string, CacheEntry> } | { problem: string; foreign: boolean } {
  if (text === '') return { files: {} };
  if (!text.startsWith(HEADER)) return { problem: 'not an imgproxy-url-lint cache; it is left as it is and nothing is cached', foreign: true };
  let parsed: { format?: unknown; version?: unknown; files?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message}); it will be rebuilt`, foreign: false };
  }
  if (typeof parsed.files !== 'object' || parsed.files === null || Array.isArray(parsed.files)) return { problem: 'no file entries; it will be rebuilt', foreign: false };
  // Another tool version or layout: start afresh, silently (as after an upgrade).
  if (parsed.format !== FORMAT || parsed.version !== version) return { files: {} };
  return { files: parsed.files as Record<string, CacheEntry> };
}

/** The cache as a run uses it: loaded once, added to, saved once if anything changed. */
export class ScanCache {
  private files: Record<string, CacheEntry> | undefined;
  private readonly added = new Map<string, CacheEntry>();
  /** The file's text when it is usable (handed to worker threads, which parse it themselves). */
  readonly text: string;
  private readonly writable: boolean;

  private constructor(readonly file: string, readonly version: string, text: string, writable: boolean) {
    this.text = text;
    this.writable = writable;
  }

  /** Reads the cache file; a problem with it goes to `note` and leaves an empty cache. Never throws. */
  static load(file: string, version: string, note: (message: string) => void): ScanCache {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') note(`cannot read the cache file ${file} (${code ?? (error as Error).message}); scanning without it`);
      return new ScanCache(file, version, '', code === 'ENOENT');
    }
    const parsed = parseCache(text, version);
    if ('problem' in parsed) {
      note(`ignoring the cache file ${file}: ${parsed.problem}`);
      return new ScanCache(file, version, '', !parsed.foreign);
    }
    const cache = new ScanCache(file, version, text, true);
    return cache;
  }

  /** An entry, parsed on first use (a run whose workers do the lookups never parses it here). */
  get(path: string): CacheEntry | undefined {
    this.files ??= this.text === '' ? {} : (parseCache(this.text, this.version) as { files: Record<string, CacheEntry> }).files;
    return this.added.get(path) ?? this.files[path];
  }

  set(path: string, entry: CacheEntry): void {
    this.added.set(path, entry);
  }

  /**
   * Writes the cache when entries were added: to a temporary file beside it, then renamed over it, so a
   * reader never sees half a file. Entries of files not scanned this time are kept (another shard's).
   */
  save(note: (message: string) => void): void {
    if (this.added.size === 0 || !this.writable) return;
    this.files ??= this.text === '' ? {} : (parseCache(this.text, this.version) as { files: Record<string, CacheEntry> }).files;
    for (const [path, entry] of this.added) this.files[path] = entry;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temp, `${HEADER},"format":${FORMAT},"version":${JSON.stringify(this.version)},"files":${JSON.stringify(this.files)}}\n`);
      renameSync(temp, this.file);
    } catch (error) {
      rmSync(temp, { force: true });
      note(`cannot write the cache file ${this.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the results are right, the next run will not be faster`);
    }
  }
}
