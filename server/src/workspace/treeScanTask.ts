// One piece of a tree scan, run on a worker thread (or in process): list a folder and its subfolders
// with the walker's rules, and read, prefilter and lint every file in them, until a budget of files is
// spent; the subfolders left are handed back for another thread. Results come back in path order, as
// a few structured parts: counts, the findings and skips (few), and new cache entries.
import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { LintOptions } from '../core/index.js';
import { runOptions, type ContextNotice, type Env, type ProjectContext, type RunOverrides } from './context.js';
import { readBytesSync, scanBytes, type PositionedFinding } from './scanFile.js';
import { CacheView, contentHash, entryResult, isAmbiguous, makeEntry, optionsKey, type CacheEntry, type CachedResult } from './scanCache.js';
import { Walker, type DirTask, type PortableDirTask, type WalkSkip } from './walk.js';
import { nodeFsSync } from './fs.js';
import type { SkippedFile } from './read.js';

/** Everything a thread needs to scan its share: sent once, when the thread starts. */
export interface TreeScanSettings {
  /** Paths are sharded by their form relative to this folder. */
  cwd: string;
  env: Env;
  configFile?: string;
  /** The caller's exclude globs, relative to each root. */
  exclude: string[];
  /** Overrides every context's maxFileSize (the CLI's --max-file-size). */
  maxFileSize?: number;
  /** The CLI's --rule and --check-all-urls, over each config's options. */
  overrides: RunOverrides;
  /** Only files whose relative path hashes to `index` (0-based) of `count`. */
  shard?: { index: number; count: number };
  /** The cache file each thread opens (undefined: none yet, or unusable), and the tool version entries are keyed with. */
  cache?: { file: string | undefined; version: string };
  /** What the worker script's renderer needs (see FindingRenderer); the tree scan only carries it. */
  render?: unknown;
}

export type TreeTask = { dir: PortableDirTask } | { file: string };

export interface ResultPart {
  filesScanned: number;
  /** Files with findings, in path order, each with its findings in report order. */
  findings: [string, PositionedFinding[]][];
  skips: WalkSkip[];
  /** Files scanned afresh with --cache: their new entries. */
  cacheEntries: [string, CacheEntry][];
  /** Problems in discovered files of the contexts first met in this part (a root .env with a bad key). */
  notices: ContextNotice[];
  /** With a renderer: the text of this part's findings (then `findings` is empty). */
  rendered?: RenderedFindings;
}

export type TreePart = { results: ResultPart } | { pending: TreeTask };

/**
 * One file's findings as the caller will write them (the CLI's JSON or SARIF elements), made on the
 * thread that found them: what crosses threads is then one string per part, and the main thread only
 * copies it out. `render` in the settings is the caller's description of it, as plain data.
 */
export type FindingRenderer = (path: string, findings: readonly PositionedFinding[]) => RenderedFindings;

export interface RenderedFindings {
  /** The findings' text, each element preceded by its separator (the writer drops the first one's). */
  text: string;
  /** How many were rendered of each severity (what exit codes count). */
  bySeverity: Record<string, number>;
  /** How many of them have a fix (what a summary may tell). */
  fixable: number;
}

/** What rendered findings count, without their text. */
export type FindingCounts = Omit<RenderedFindings, 'text'>;

/** Adds `from`'s counts to `into`'s; returns how many findings that is. */
export function addCounts(into: FindingCounts, from: FindingCounts): number {
  let added = 0;
  for (const severity in from.bySeverity) {
    into.bySeverity[severity] = (into.bySeverity[severity] ?? 0) + from.bySeverity[severity];
    added += from.bySeverity[severity];
  }
  into.fixable += from.fixable;
  return added;
}

/** FNV-1a over the UTF-16 code units of the path: cheap, and the same on every machine. */
export function shardOf(relPath: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < relPath.length; i++) h = Math.imul(h ^ relPath.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

/** The order of findings in a report: position, then rule. */
function compareInFile(a: PositionedFinding, b: PositionedFinding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function emptyPart(): ResultPart {
  return { filesScanned: 0, findings: [], skips: [], cacheEntries: [], notices: [] };
}

export class TreeScanRunner {
  private readonly walker: Walker;
  /** Each file's options; a context first met hands its notices to the part being filled. */
  private readonly lintOptions: (context: ProjectContext, path: string) => LintOptions;
  private readonly notices: ContextNotice[] = [];
  private readonly cache: CacheView | undefined;

  /** `blocking`: file-system calls block (on a worker thread, or a main thread with nothing else to do meanwhile). */
  constructor(private readonly settings: TreeScanSettings, blocking = false, private readonly render?: FindingRenderer) {
    this.lintOptions = runOptions(settings.overrides, (context) => this.notices.push(...context.notices));
    this.walker = new Walker({ configFile: settings.configFile, env: settings.env, exclude: settings.exclude, maxFileSize: settings.maxFileSize, fs: blocking ? nodeFsSync : undefined, listAhead: !blocking });
    if (settings.cache) this.cache = CacheView.open(settings.cache.file, settings.cache.version);
  }

  /** Lets go of the cache file (the runner is not used after this). */
  close(): void {
    this.cache?.close();
  }

  /** Scans `task`, descending into subfolders here until `budget` files are scanned; the rest come back pending. */
  async run(task: TreeTask, budget: number): Promise<TreePart[]> {
    this.walker.forgetIgnoreLevels();
    const parts: TreePart[] = [];
    let current = emptyPart();
    let spent = 0;
    const close = () => {
      if (current.filesScanned || current.findings.length || current.rendered || current.skips.length || current.cacheEntries.length || current.notices.length) parts.push({ results: current });
      current = emptyPart();
    };
    const inShard = (path: string) => this.settings.shard === undefined || this.inShard(path);
    if ('file' in task) {
      if (inShard(task.file)) this.scanFile(task.file, await this.walker.contextFor(task.file), true, current);
      close();
      return parts;
    }
    // Folders are expanded here in the walker's own form; only those handed back become portable.
    const visit = async (dir: DirTask): Promise<void> => {
      for (const item of await this.walker.expandInPathOrder(dir)) {
        if ('file' in item) {
          if (!inShard(item.file)) continue;
          this.scanFile(item.file, item.context, false, current);
          spent++;
        } else if ('entry' in item) {
          if (inShard(item.entry.path)) current.skips.push(item.entry as WalkSkip);
        } else if (spent < budget) {
          await visit(item.dir);
        } else {
          close();
          parts.push({ pending: { dir: this.walker.toPortable(item.dir) } });
        }
      }
    };
    await visit(await this.walker.fromPortable(task.dir));
    close();
    return parts;
  }

  private inShard(path: string): boolean {
    const { shard, cwd } = this.settings;
    const rel = relative(cwd, path);
    return shardOf(sep === '/' ? rel : rel.split(sep).join('/'), shard!.count) === shard!.index;
  }

  private scanFile(path: string, context: ProjectContext, explicit: boolean, out: ResultPart): void {
    const options = this.lintOptions(context, path);
    if (this.notices.length > 0) out.notices.push(...this.notices.splice(0));
    const maxFileSize = this.settings.maxFileSize ?? context.maxFileSize;
    let result: CachedResult;
    if (this.cache === undefined) {
      const read = readBytesSync(path, maxFileSize);
      result = toCached('kind' in read ? read : scanBytes(path, read.data, options));
    } else {
      result = this.scanCached(path, options, maxFileSize, out);
    }
    if ('skip' in result) {
      out.skips.push({ kind: 'skip', path, explicit, reason: result.skip, detail: result.detail });
      return;
    }
    out.filesScanned++;
    if (result.findings.length === 0) return;
    const findings = result.findings.length > 1 ? [...result.findings].sort(compareInFile) : result.findings;
    if (this.render === undefined) {
      out.findings.push([path, findings]);
      return;
    }
    const rendered = this.render(path, findings);
    out.rendered ??= { text: '', bySeverity: {}, fixable: 0 };
    out.rendered.text += rendered.text;
    addCounts(out.rendered, rendered);
  }

  /** The cached result when size, mtime (and, if those are ambiguous, the content) match; else a fresh one, recorded. */
  private scanCached(path: string, options: LintOptions, maxFileSize: number, out: ResultPart): CachedResult {
    const key = optionsKey(options, maxFileSize, this.settings.cache!.version);
    const entry = this.cache!.get(path);
    if (entry !== undefined && entry[2] === key && entry[3] === null) {
      const stat = statQuietly(path);
      if (stat !== undefined && stat.size === entry[0] && stat.mtimeMs === entry[1]) return entryResult(entry);
    }
    const readAt = Date.now();
    const read = readBytesSync(path, maxFileSize);
    if ('kind' in read) {
      // A skip found without reading the bytes (too large, unreadable) depends on size and mtime only.
      const result = toCached(read);
      const stat = statQuietly(path);
      if (stat !== undefined && read.reason === 'too-large') out.cacheEntries.push([path, makeEntry(stat.size, stat.mtimeMs, key, null, result)]);
      return result;
    }
    const hash = entry !== undefined && entry[2] === key && entry[3] !== null && read.size === entry[0] && read.mtimeMs === entry[1] ? contentHash(read.data) : undefined;
    let result: CachedResult;
    if (hash !== undefined && hash === entry![3]) result = entryResult(entry!);
    else result = toCached(scanBytes(path, read.data, options));
    const ambiguous = isAmbiguous(read.mtimeMs, readAt);
    const stored = makeEntry(read.size, read.mtimeMs, key, ambiguous ? hash ?? contentHash(read.data) : null, result);
    if (entry === undefined || JSON.stringify(stored) !== JSON.stringify(entry)) out.cacheEntries.push([path, stored]);
    return result;
  }
}

function statQuietly(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function toCached(result: ReturnType<typeof scanBytes> | SkippedFile): CachedResult {
  return result.kind === 'skip' ? { skip: result.reason, detail: result.detail } : { findings: result.findings };
}
