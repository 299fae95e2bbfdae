// The workspace scan: list the files of the folders with the workspace walker (.gitignore, config and
// editor excludes, binary and size skips), then read and lint them a few at a time, reporting progress.
// The LSP plumbing (progress tokens, publishing) is the caller's: this module only calls its hooks.
import { analyzeText, type TextAnalysis } from '../../core/index.js';
import { ScanCache, isAmbiguous, makeEntry, optionsKey, readTextFile, walkFiles, type ProjectContext, type ProjectContexts } from '../../workspace/index.js';
import { version } from '../../../../package.json';
import type { ScanSummary } from '../protocol.js';
import type { DocumentSettings } from '../settings.js';

export interface ScanHooks {
  contexts: ProjectContexts;
  signal: AbortSignal;
  /** Extra exclude globs (the editor's files.exclude), relative to each root. */
  exclude: string[];
  /** Settings for files under `root` governed by `context` (editor settings of that folder over the config). */
  settingsFor(context: ProjectContext, root: string): Promise<DocumentSettings>;
  /** The text of the file if it is open in the editor (the editor's text is newer than the disk's). */
  openText(path: string): string | undefined;
  /** One file linted (its findings, and the sources it names, for the probe). `open`: the text came from the editor. */
  onFile(path: string, analysis: TextAnalysis, text: string, open: boolean, settings: DocumentSettings): void;
  onProgress(done: number, total: number, phase: 'listing' | 'linting'): void;
  log(message: string): void;
  /**
   * The scan cache (the CLI's --cache format, kept in the extension's storage): a file unchanged since
   * a scan found nothing in it is not read again. Files with findings are always read (their text makes
   * the diagnostics), and nothing is skipped while the probe is on (it needs every file's sources).
   */
  cacheFile?: string;
}

const CONCURRENCY = 8;

export async function scanFolders(roots: string[], hooks: ScanHooks): Promise<ScanSummary> {
  const started = performance.now();
  const summary: ScanSummary = {
    folders: roots,
    filesScanned: 0,
    filesWithFindings: 0,
    findings: 0,
    byRule: {},
    skipped: {},
    configErrors: [],
    durationMs: 0,
    cancelled: false,
  };
  const skip = (reason: string) => { summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1; };

  // Phase 1: list. Per root, so each file knows the root its editor settings come from.
  const files: { path: string; context: ProjectContext; root: string }[] = [];
  for (const root of roots) {
    for await (const entry of walkFiles([root], { contexts: hooks.contexts, exclude: hooks.exclude, read: false, onConfigError: 'skip', signal: hooks.signal })) {
      if (entry.kind === 'skip') {
        if (entry.reason === 'config-error') {
          summary.configErrors.push(entry.detail);
          hooks.log(`Scan: skipped the folder of ${entry.path}: ${entry.detail}`);
        } else {
          skip(entry.reason);
        }
        continue;
      }
      files.push({ path: entry.path, context: entry.context, root });
      if (files.length % 500 === 0) hooks.onProgress(0, files.length, 'listing');
    }
    if (hooks.signal.aborted) break;
  }

  // Settings once per (config context, root): compiling globs per file would cost more than linting.
  const settingsCache = new Map<ProjectContext, Map<string, Promise<DocumentSettings>>>();
  const settingsFor = (context: ProjectContext, root: string): Promise<DocumentSettings> => {
    let byRoot = settingsCache.get(context);
    if (!byRoot) settingsCache.set(context, (byRoot = new Map()));
    let settings = byRoot.get(root);
    if (!settings) byRoot.set(root, (settings = hooks.settingsFor(context, root)));
    return settings;
  };

  const cache = hooks.cacheFile === undefined ? undefined : ScanCache.load(hooks.cacheFile, version, (note) => hooks.log(`Scan: ${note}`));
  /** True when the cache says the file, unchanged, has nothing to report. */
  const unchangedClean = async (path: string, key: string): Promise<boolean> => {
    const entry = cache?.get(path);
    if (entry === undefined || entry[2] !== key || entry[3] !== null || entry[4] !== 0) return false;
    try {
      const stat = await hooks.contexts.fs.stat(path);
      return stat.size === entry[0] && stat.mtimeMs === entry[1];
    } catch {
      return false;
    }
  };

  // Phase 2: read and lint.
  let done = 0;
  let next = 0;
  hooks.onProgress(0, files.length, 'linting');
  const worker = async (): Promise<void> => {
    while (!hooks.signal.aborted && next < files.length) {
      const { path, context, root } = files[next++];
      try {
        const settings = await settingsFor(context, root);
        if (!settings.isIncluded(path)) { skip('excluded'); continue; }
        let text = hooks.openText(path);
        const open = text !== undefined;
        const key = cache && !settings.probe.enable ? optionsKey(settings.optionsFor(path), settings.maxFileSize, version) : undefined;
        let fromDisk;
        if (text === undefined) {
          if (key !== undefined && (await unchangedClean(path, key))) { summary.filesScanned++; continue; }
          const readAt = Date.now();
          const read = await readTextFile(path, settings.maxFileSize, hooks.contexts.fs);
          if (read.kind === 'skip') { skip(read.reason); continue; }
          text = read.text;
          fromDisk = { ...read.version, readAt };
        }
        if (hooks.signal.aborted) break;
        const analysis = analyzeText(text, settings.optionsFor(path), path);
        const { findings } = analysis;
        // Only clean files are recorded, and only when size and mtime will tell a change.
        if (key !== undefined && fromDisk && findings.length === 0 && !isAmbiguous(fromDisk.mtimeMs, fromDisk.readAt)) {
          cache!.set(path, makeEntry(fromDisk.size, fromDisk.mtimeMs, key, null, { findings: [] }));
        }
        summary.filesScanned++;
        if (findings.length > 0) summary.filesWithFindings++;
        summary.findings += findings.length;
        for (const f of findings) summary.byRule[f.rule] = (summary.byRule[f.rule] ?? 0) + 1;
        hooks.onFile(path, analysis, text, open, settings);
      } catch (error) {
        skip('error');
        hooks.log(`Scan: ${path}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      } finally {
        done++;
        hooks.onProgress(done, files.length, 'linting');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, Math.max(1, files.length)) }, worker));
  cache?.save((note) => hooks.log(`Scan: ${note}`));
  summary.cancelled = hooks.signal.aborted;
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}
