// Walking files and folders: ignore files, excludes, symlinks, deterministic order, bounded-concurrency
// reads. Yields the files to lint (with their project context and, by default, their text) and the
// files that were skipped for a reason worth telling the user (binary, too large, unreadable, ...).
import { dirname, join, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CONFIG_FILE_NAME, ConfigError } from '../core/index.js';
import { errorCode, type DirEntry, type WorkspaceFs } from './fs.js';
import { globMatcher, ProjectContexts, relativeInside, type Env, type ProjectContext } from './context.js';
import { readTextFile, skipForError, type SkipReason, type TextFile } from './read.js';

/** Folders never entered, at any depth, whatever the ignore files say (unless given as a root). */
export const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

export interface WalkOptions {
  /** Shared context cache (the language server keeps one); default a new one built from the options below. */
  contexts?: ProjectContexts;
  /** The CLI's --config: one config file for every path. Ignored when `contexts` is given. */
  configFile?: string;
  /** Process environment for signing variables. Ignored when `contexts` is given. */
  env?: Env;
  /** Default nodeFs (or the `contexts`' fs). */
  fs?: WorkspaceFs;
  /**
   * Extra exclude globs from the caller (VS Code's files.exclude / search.exclude, as picomatch globs),
   * matched against the path relative to the root folder being walked. Never applied to file roots.
   */
  exclude?: string[];
  /** Read each file and attach its text (default true). With false, entries carry no text: call readTextFile. */
  read?: boolean;
  /** Overrides every context's maxFileSize for the reads made by the walk (the CLI's --max-file-size). */
  maxFileSize?: number;
  /** Files read at once (default 16). */
  concurrency?: number;
  /**
   * List a folder's subfolders while the caller works on the folder (default true). Pointless with a
   * blocking fs (nothing overlaps), and wasted when another thread may take the subfolders.
   */
  listAhead?: boolean;
  /** A bad config file below a root: 'throw' (default) rejects the walk with the ConfigError; 'skip' reports it and skips its folder. */
  onConfigError?: 'throw' | 'skip';
  /** Stops the walk early (the iteration ends; nothing is thrown). */
  signal?: AbortSignal;
}

export interface WalkFile {
  kind: 'file';
  /** Absolute path, as reached (through symlinks, not resolved). */
  path: string;
  /** Named by the caller rather than found in a folder. */
  explicit: boolean;
  context: ProjectContext;
  /** The file's text; present unless the walk was made with `read: false`. */
  file?: TextFile;
}

export interface WalkSkip {
  kind: 'skip';
  path: string;
  explicit: boolean;
  reason: SkipReason | 'config-error';
  detail: string;
  /** For 'config-error' (only with onConfigError: 'skip'). */
  error?: ConfigError;
}

export type WalkEntry = WalkFile | WalkSkip;

/** One folder's ignore rules (.git/info/exclude, then .gitignore, then .ignore: later wins), chained upward. */
interface IgnoreLevel {
  base: string;
  /** The patterns compiled into `ig` (what crosses threads: an Ignore does not). */
  text: string;
  ig: Ignore;
  parent: IgnoreLevel | undefined;
}

function isIgnored(level: IgnoreLevel | undefined, path: string, isDirectory: boolean): boolean {
  for (; level !== undefined; level = level.parent) {
    const rel = relativeInside(level.base, path);
    if (rel === undefined || rel === '') continue;
    const result = level.ig.test(isDirectory ? rel + '/' : rel);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

function portableChain(level: IgnoreLevel | undefined): { base: string; text: string }[] {
  const levels: { base: string; text: string }[] = [];
  for (; level !== undefined; level = level.parent) levels.unshift({ base: level.base, text: level.text });
  return levels;
}

/** Something found by the traversal: ready to yield, or a file still to read. */
type Found = { entry: WalkEntry } | { toRead: { path: string; explicit: boolean; context: ProjectContext } };

/** The task of a root folder named by the caller: nothing inherited but the ignore rules above it. */
function rootTask({ root, real, chain }: { root: string; real: string; chain: IgnoreLevel | undefined }): DirTask {
  return { root, dir: root, real, realAncestors: new Set([real]), chain, context: undefined, explicit: true };
}

/** A folder still to expand, with what it inherits from its parent (opaque outside the walker). */
export interface DirTask {
  root: string;
  dir: string;
  /** Its real path (resolved through symlinks), for loop detection. */
  real: string;
  /** Real paths of the folders that contain it (itself included). */
  realAncestors: Set<string>;
  chain: IgnoreLevel | undefined;
  context: ProjectContext | undefined;
  explicit: boolean;
}

/** Listings read ahead at most (each is one folder's names: small). */
const MAX_PREFETCHED_LISTINGS = 256;

function compareNames(a: DirEntry, b: DirEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A folder still to expand, in a form that crosses threads (the tree scan's workers): its ignore chain
 * as the patterns of each level (outermost first), its context as the config that governs it.
 */
export interface PortableDirTask {
  root: string;
  dir: string;
  real: string;
  realAncestors: string[];
  chain: { base: string; text: string }[];
  /** Absent for a root (found from the listing and upward); `configFile` absent: defaults from `baseDir`. */
  context?: { configFile?: string; baseDir: string };
  explicit: boolean;
}

/** What expanding a folder gives, in path order: a file to scan, a skip to report, a folder to expand. */
export type TreeItem = { file: string; context: ProjectContext } | { entry: WalkEntry } | { dir: DirTask };

/** A root as the tree scan starts it: a folder to expand, a file to scan, or a skip. */
export type PortableRoot = { dir: PortableDirTask } | { file: string } | { entry: WalkEntry };

/**
 * The sort key that makes a depth-first walk visit files in the order of their paths as strings (the
 * report's order): a folder sorts as its name followed by `/`, so `a/x` comes after `a-b/y`, as in a
 * plain comparison of the two paths.
 */
function pathOrderKey(item: Found | { dir: DirTask }): string {
  const path = 'dir' in item ? item.dir.dir + '/' : 'toRead' in item ? item.toRead.path : item.entry.path;
  return path.slice(path.lastIndexOf(sep, path.length - 2) + 1);
}

export class Walker {
  private readonly fs: WorkspaceFs;
  private readonly contexts: ProjectContexts;
  private readonly excludes: (rel: string) => boolean;
  private readonly seen = new Set<string>();
  /** Ignore rules read for a folder outside any walked tree (the ancestors of a root), by folder. */
  private readonly ancestorLevels = new Map<string, Promise<string>>();

  constructor(private readonly options: WalkOptions) {
    this.contexts = options.contexts ?? new ProjectContexts({ configFile: options.configFile, env: options.env, fs: options.fs });
    this.fs = options.fs ?? this.contexts.fs;
    this.excludes = globMatcher(options.exclude ?? []);
  }

  private async readOptional(path: string): Promise<string> {
    try {
      const { data } = await this.fs.readFile(path, { maxBytes: 4 * 1024 * 1024 });
      return data === undefined ? '' : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EACCES' || code === 'ELOOP') return '';
      throw error;
    }
  }

  /** The ignore patterns of a folder, reading only the files its listing shows (or all three when unknown). */
  private async ignoreText(dir: string, names: Set<string> | undefined): Promise<string> {
    const parts: string[] = [];
    if (names === undefined || names.has('.git')) parts.push(await this.readOptional(join(dir, '.git', 'info', 'exclude')));
    if (names === undefined || names.has('.gitignore')) parts.push(await this.readOptional(join(dir, '.gitignore')));
    if (names === undefined || names.has('.ignore')) parts.push(await this.readOptional(join(dir, '.ignore')));
    return parts.filter((p) => p !== '').join('\n');
  }

  private level(dir: string, text: string, parent: IgnoreLevel | undefined): IgnoreLevel | undefined {
    return text.trim() === '' ? parent : { base: dir, text, ig: ignore({ allowRelativePaths: true }).add(text), parent };
  }

  /**
   * The ignore rules above a root folder: those of every folder from the enclosing git repository's
   * top (a folder holding `.git`) down to the root's parent. Outside a git repository, none.
   */
  private async ancestorChain(root: string): Promise<IgnoreLevel | undefined> {
    const ancestors: string[] = [];
    let repoTop: string | undefined;
    for (let dir = root; ; ) {
      try {
        await this.fs.lstat(join(dir, '.git'));
        repoTop = dir;
        break;
      } catch {
        // not here
      }
      const up = dirname(dir);
      if (up === dir) break;
      ancestors.push(up);
      dir = up;
    }
    if (repoTop === undefined || repoTop === root) return undefined;
    let chain: IgnoreLevel | undefined;
    for (const dir of ancestors.reverse()) {
      let text = this.ancestorLevels.get(dir);
      if (text === undefined) {
        text = this.ignoreText(dir, dir === repoTop ? new Set(['.git', '.gitignore', '.ignore']) : new Set(['.gitignore', '.ignore']));
        this.ancestorLevels.set(dir, text);
      }
      chain = this.level(dir, await text, chain);
    }
    return chain;
  }

  /**
   * How a root named by the caller starts: a file, a skip, or a folder with its real path and the
   * ignore chain above it (dropped when that chain ignores it: a folder named explicitly is walked).
   */
  private async rootStart(rootArg: string): Promise<{ file: string } | { entry: WalkEntry } | { root: string; real: string; chain: IgnoreLevel | undefined }> {
    const root = resolve(rootArg);
    let stat;
    try {
      stat = await this.fs.stat(root);
    } catch (error) {
      return { entry: { ...skipForError(root, error), explicit: true } };
    }
    if (stat.isFile) return { file: root };
    if (!stat.isDirectory) return { entry: { kind: 'skip', path: root, explicit: true, reason: 'unreadable', detail: 'not a regular file or folder' } };
    let chain = await this.ancestorChain(root);
    if (isIgnored(chain, root, true)) chain = undefined;
    try {
      return { root, real: await this.fs.realpath(root), chain };
    } catch (error) {
      return { entry: { ...skipForError(root, error), explicit: true } };
    }
  }

  async *found(roots: string[]): AsyncGenerator<Found> {
    for (const rootArg of roots) {
      const start = await this.rootStart(rootArg);
      if ('entry' in start) {
        yield { entry: start.entry };
      } else if ('file' in start) {
        const root = start.file;
        if (this.seen.has(root)) continue;
        this.seen.add(root);
        let context: ProjectContext;
        try {
          context = await this.contexts.forPath(root);
        } catch (error) {
          const skip = this.configErrorSkip(error);
          if (skip === undefined) throw error;
          yield { entry: skip };
          continue;
        }
        yield { toRead: { path: root, explicit: true, context } };
      } else {
        yield* this.walkTree(rootTask(start));
      }
    }
  }

  /** Listings started ahead of time (children of folders already expanded), consumed once. */
  private readonly prefetched = new Map<string, Promise<DirEntry[]>>();

  private list(dir: string): Promise<DirEntry[]> {
    const early = this.prefetched.get(dir);
    if (early !== undefined) {
      this.prefetched.delete(dir);
      return early;
    }
    return this.fs.readdir(dir);
  }

  private prefetch(dir: string): void {
    if (this.prefetched.size >= MAX_PREFETCHED_LISTINGS || this.prefetched.has(dir)) return;
    const listing = this.fs.readdir(dir);
    listing.catch(() => undefined); // reported when consumed; never an unhandled rejection
    this.prefetched.set(dir, listing);
  }

  /**
   * Depth first with an explicit stack (no generator per folder), each folder's entries in name order.
   * The listings of a folder's subfolders are started as soon as the folder is expanded, so the disk
   * is never idle while the caller lints.
   */
  private async *walkTree(top: DirTask): AsyncGenerator<Found> {
    const stack: { items: (Found | { dir: DirTask })[]; next: number }[] = [{ items: await this.expand(top), next: 0 }];
    while (stack.length > 0) {
      if (this.options.signal?.aborted) return;
      const frame = stack[stack.length - 1];
      if (frame.next >= frame.items.length) {
        stack.pop();
        continue;
      }
      const item = frame.items[frame.next++];
      if ('dir' in item) stack.push({ items: await this.expand(item.dir), next: 0 });
      else yield item;
    }
  }

  /** Lists one folder and decides each entry: a file to read, a skip to report, a subfolder to enter. */
  private async expand(task: DirTask): Promise<(Found | { dir: DirTask })[]> {
    const { root, dir, real, realAncestors, explicit } = task;
    let entries: DirEntry[];
    try {
      entries = await this.list(dir);
    } catch (error) {
      return [{ entry: { ...skipForError(dir, error), explicit } }];
    }
    entries.sort(compareNames);
    const names = new Set(entries.map((e) => e.name));
    const hasConfig = entries.some((e) => e.name === CONFIG_FILE_NAME && (e.type === 'file' || e.type === 'symlink'));
    let context: ProjectContext;
    try {
      context = await this.contexts.forDirectory(dir, task.context, hasConfig);
    } catch (error) {
      const skip = this.configErrorSkip(error);
      if (skip === undefined) throw error;
      return [{ entry: skip }];
    }
    const needsIgnore = names.has('.gitignore') || names.has('.ignore') || names.has('.git');
    const chain = needsIgnore ? this.level(dir, await this.ignoreText(dir, names), task.chain) : task.chain;

    const items: (Found | { dir: DirTask })[] = [];
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      let type = entry.type;
      let target: 'file' | 'directory' | undefined;
      if (type === 'other') {
        // Some file systems do not report types in listings: ask.
        try {
          const st = await this.fs.lstat(path);
          type = st.isFile ? 'file' : st.isDirectory ? 'directory' : st.isSymbolicLink ? 'symlink' : 'other';
        } catch {
          continue; // vanished
        }
      }
      if (type === 'symlink') {
        try {
          const st = await this.fs.stat(path);
          target = st.isFile ? 'file' : st.isDirectory ? 'directory' : undefined;
        } catch (error) {
          if (this.isExcluded(root, path, false, chain, context)) continue;
          items.push({
            entry: errorCode(error) === 'ENOENT'
              ? { kind: 'skip', path, explicit: false, reason: 'not-found', detail: 'broken symbolic link' }
              : { ...skipForError(path, error), explicit: false },
          });
          continue;
        }
      } else if (type === 'file' || type === 'directory') {
        target = type;
      }
      if (target === undefined) continue; // sockets, FIFOs, devices: never opened (a FIFO would block a read)
      const isDirectory = target === 'directory';
      if (this.isExcluded(root, path, isDirectory, chain, context)) continue;

      if (isDirectory) {
        let childReal: string;
        if (type === 'symlink') {
          try {
            childReal = await this.fs.realpath(path);
          } catch (error) {
            items.push({ entry: { ...skipForError(path, error), explicit: false } });
            continue;
          }
          if (realAncestors.has(childReal)) {
            items.push({ entry: { kind: 'skip', path, explicit: false, reason: 'symlink-loop', detail: `symbolic link to ${childReal}, a folder that contains it` } });
            continue;
          }
        } else {
          childReal = join(real, entry.name);
        }
        items.push({ dir: { root, dir: path, real: childReal, realAncestors: new Set(realAncestors).add(childReal), chain, context, explicit: false } });
      } else {
        if (!this.portable) {
          // A file reached twice (overlapping roots) is yielded once. The tree scan's roots never
          // overlap, and a set of every path would grow with the tree on each thread.
          if (this.seen.has(path)) continue;
          this.seen.add(path);
        }
        items.push({ toRead: { path, explicit: false, context } });
      }
    }
    if (this.options.listAhead !== false) for (const item of items) if ('dir' in item) this.prefetch(item.dir.dir);
    return items;
  }

  /** How the tree scan starts a root (the same decisions as `found`, for one root). */
  async portableRoot(rootArg: string): Promise<PortableRoot> {
    const start = await this.rootStart(rootArg);
    if ('entry' in start || 'file' in start) return start;
    return { dir: this.toPortable(rootTask(start)) };
  }

  /** The context of a file named by the caller. */
  contextFor(path: string): Promise<ProjectContext> {
    return this.contexts.forPath(path);
  }

  /** Expanding folders one at a time for the tree scan (expandInPathOrder): no `seen` set. */
  private portable = false;

  /**
   * Ignore levels rebuilt from their patterns, each compiled once per task. Dropped between tasks: an
   * `Ignore` remembers every path it was asked about, so a long-lived one grows with the tree.
   */
  private readonly levelsByChain = new Map<string, IgnoreLevel | undefined>();

  /** Forgets the compiled ignore levels (between two tasks of the tree scan). */
  forgetIgnoreLevels(): void {
    this.levelsByChain.clear();
  }

  private chainOf(levels: { base: string; text: string }[]): IgnoreLevel | undefined {
    let chain: IgnoreLevel | undefined;
    let key = '';
    for (const { base, text } of levels) {
      key += '\0' + base;
      let level = this.levelsByChain.get(key);
      if (level === undefined) this.levelsByChain.set(key, (level = this.level(base, text, chain)));
      chain = level;
    }
    return chain;
  }

  /** A folder task that came from another thread, ready to expand here (its ignore levels compiled, its context loaded). */
  async fromPortable(task: PortableDirTask): Promise<DirTask> {
    this.portable = true;
    const context = task.context === undefined ? undefined : await this.contexts.forConfigFile(task.context.configFile, task.context.baseDir);
    return { ...task, realAncestors: new Set(task.realAncestors), chain: this.chainOf(task.chain), context };
  }

  /** A folder task in the form that crosses threads (for one handed to another thread). */
  toPortable(dir: DirTask): PortableDirTask {
    return { ...dir, realAncestors: [...dir.realAncestors], chain: portableChain(dir.chain), context: dir.context && { configFile: dir.context.configFile, baseDir: dir.context.baseDir } };
  }

  /** Expands one folder for the tree scan; items in path order (see pathOrderKey). */
  async expandInPathOrder(task: DirTask): Promise<TreeItem[]> {
    this.portable = true;
    const keyed = (await this.expand(task)).map((item) => [pathOrderKey(item), item] as const);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return keyed.map(([, item]): TreeItem => ('toRead' in item ? { file: item.toRead.path, context: item.toRead.context } : item));
  }

  /** With onConfigError 'skip', the skip reporting a config error (once per config file); else undefined. */
  private configErrorSkip(error: unknown): WalkSkip | undefined {
    if (!(error instanceof ConfigError) || this.options.onConfigError !== 'skip') return undefined;
    return { kind: 'skip', path: error.file, explicit: false, reason: 'config-error', detail: error.message, error };
  }

  private isExcluded(root: string, path: string, isDirectory: boolean, chain: IgnoreLevel | undefined, context: ProjectContext): boolean {
    const rel = relativeInside(root, path);
    if (rel !== undefined && this.excludes(rel)) return true;
    if (!context.isIncluded(path, isDirectory)) return true;
    return isIgnored(chain, path, isDirectory);
  }
}

/**
 * Walks `roots` (files and folders; relative to the cwd) and yields, in a deterministic order (roots in
 * the order given, each folder's entries sorted by name, depth first), every file to lint and every
 * skip worth reporting. Files named in `roots` are always linted, even when ignored or excluded.
 * Ignored and excluded files are not reported. Throws ConfigError for a bad config (see onConfigError).
 */
export async function* walkFiles(roots: string[], options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const walker = new Walker(options);
  const read = options.read ?? true;
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const fs = options.fs ?? options.contexts?.fs;
  const pending: Promise<WalkEntry>[] = [];
  for await (const found of walker.found(roots)) {
    if ('entry' in found) {
      pending.push(Promise.resolve(found.entry));
    } else {
      const { path, explicit, context } = found.toRead;
      pending.push(
        read
          ? readTextFile(path, options.maxFileSize ?? context.maxFileSize, fs).then((file): WalkEntry =>
              file.kind === 'text' ? { kind: 'file', path, explicit, context, file } : { ...file, explicit })
          : Promise.resolve({ kind: 'file', path, explicit, context }),
      );
    }
    while (pending.length >= concurrency) {
      yield await pending.shift()!;
      if (options.signal?.aborted) return;
    }
  }
  while (pending.length > 0) {
    yield await pending.shift()!;
    if (options.signal?.aborted) return;
  }
}
