// `imgproxyUrlLint.scanWorkspace` and `clearScanResults`: the files a scan published diagnostics for are
// the scan's ("owned") until the next complete scan, a clear, or they are opened; a settings change
// re-lints them from disk, and a closed document the scan owns is re-linted from disk too.
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, MessageType, ResponseError, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver';
import { lintText, type Finding, type TextAnalysis } from '../../core/index.js';
import { readTextFile } from '../../workspace/index.js';
import { stack, type ServerLog } from '../log.js';
import type { ScanArguments, ScanSummary } from '../protocol.js';
import type { ServerState } from '../serverState.js';
import type { DocumentSettings } from '../settings.js';
import { uriKey, uriToPath } from '../uri.js';
import { startProgress, type ProgressContext } from './progress.js';
import { scanFolders } from './scanFolders.js';

export interface ScanContext extends ProgressContext {
  state: Pick<ServerState, 'documents' | 'folders' | 'contexts' | 'settingsFor' | 'resolveFor' | 'openDocumentAt' | 'isOpen' | 'init'>;
  log: ServerLog;
  /** Publishes a file's findings as diagnostics without a version ([] clears them). */
  publish(uri: string, findings: readonly Finding[], text: string): void;
  /** probe.enable: the probe findings for a scanned file's sources; undefined when the probe is not allowed. */
  probe(analysis: TextAnalysis, settings: DocumentSettings): Promise<Finding[]> | undefined;
}

function parseScanArguments(args: unknown[] | undefined): ScanArguments {
  const first = args?.[0];
  if (first === undefined || first === null) return {};
  if (typeof first === 'string') return { folders: args!.filter((a): a is string => typeof a === 'string') };
  if (typeof first !== 'object' || Array.isArray(first)) throw new ResponseError(ErrorCodes.InvalidParams, 'scanWorkspace takes { folders?: string[], exclude?: string[] }');
  const { folders: f, exclude } = first as ScanArguments;
  if (f !== undefined && (!Array.isArray(f) || !f.every((x) => typeof x === 'string'))) throw new ResponseError(ErrorCodes.InvalidParams, 'folders must be an array of URIs');
  if (exclude !== undefined && (!Array.isArray(exclude) || !exclude.every((x) => typeof x === 'string'))) throw new ResponseError(ErrorCodes.InvalidParams, 'exclude must be an array of globs');
  return { folders: f, exclude };
}

export class WorkspaceScan {
  /** Files (by uriKey) the last scan published diagnostics for, with the URI used. */
  private readonly owned = new Map<string, string>();
  private running: AbortController | undefined;
  /** Bumped by each scan and by clear(): a background probe of an older scan publishes nothing. */
  private generation = 0;

  constructor(private readonly ctx: ScanContext) {}

  async run(params: ExecuteCommandParams, token: CancellationToken): Promise<ScanSummary> {
    const { state, log } = this.ctx;
    const args = parseScanArguments(params.arguments);
    const rootUris = args.folders ?? state.folders.map((f) => f.uri);
    const roots: { uri: string; path: string }[] = [];
    for (const uri of rootUris) {
      const path = uriToPath(uri);
      if (path === undefined) log.info(`Scan: skipping ${uri}: only file: folders can be scanned`);
      else roots.push({ uri, path });
    }
    if (rootUris.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'no workspace folder to scan; open a folder or pass { folders: [uri] }');

    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.generation++;
    const progress = await startProgress(this.ctx, params, token, controller);
    progress.begin('imgproxy URL Lint: scanning', 0, 'Listing files…', true);

    let lastReport = 0;
    const rootByPath = new Map(roots.map((r) => [r.path, r.uri]));
    const newlyOwned = new Map<string, string>();
    let summary: ScanSummary;
    try {
      summary = await scanFolders(roots.map((r) => r.path), {
        contexts: state.contexts,
        signal: controller.signal,
        exclude: args.exclude ?? [],
        settingsFor: (context, root) => state.resolveFor(rootByPath.get(root), context, root),
        openText: (path) => state.openDocumentAt(path)?.getText(),
        onFile: (path, analysis, text, open, settings) => {
          const { findings } = analysis;
          if (open) {
            // The live diagnostics of an open document stay; the scan owns the file once it is closed.
            const document = state.openDocumentAt(path);
            if (findings.length > 0 && document) newlyOwned.set(path, document.uri);
            return;
          }
          const uri = this.owned.get(path) ?? pathToFileURL(path).href;
          if (findings.length > 0) {
            newlyOwned.set(path, uri);
            this.ctx.publish(uri, findings, text);
          } else if (this.owned.has(path)) {
            this.ctx.publish(uri, [], '');
          }
          this.probeInBackground(uri, text, analysis, settings);
        },
        onProgress: (done, total, phase) => {
          const now = Date.now();
          if (now - lastReport < 100 && done !== total) return;
          lastReport = now;
          if (phase === 'listing') progress.report(`Listing files… ${total} found`);
          else progress.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${done}/${total} files`);
        },
        log: (text) => log.info(text),
        cacheFile: state.init.storagePath && join(state.init.storagePath, 'scan-cache'),
      });
    } finally {
      progress.done();
      if (this.running === controller) this.running = undefined;
    }
    if (!summary.cancelled) {
      // A complete scan replaces the last one: files that no longer have findings (fixed, deleted,
      // excluded since) lose what the last scan published for them.
      for (const [key, uri] of this.owned) {
        if (newlyOwned.has(key) || !roots.some((r) => key === r.path || key.startsWith(r.path.endsWith(sep) ? r.path : r.path + sep))) continue;
        this.owned.delete(key);
        if (!state.isOpen(key)) this.ctx.publish(uri, [], '');
      }
    }
    for (const [key, uri] of newlyOwned) this.owned.set(key, uri);
    const text = `Scan ${summary.cancelled ? 'cancelled' : 'done'}: ${summary.filesScanned} files, ${summary.findings} findings in ${summary.filesWithFindings} files, ${summary.durationMs} ms` +
      (Object.keys(summary.byRule).length ? ` (${Object.entries(summary.byRule).map(([r, n]) => `${r}: ${n}`).join(', ')})` : '');
    log.info(text);
    for (const problem of summary.configErrors) log.reportOnce(`config:${problem}`, problem, MessageType.Warning);
    return summary;
  }

  /** probe.enable in a workspace scan: a scanned file's hosts are probed and its diagnostics republished. */
  private probeInBackground(uri: string, text: string, analysis: TextAnalysis, settings: DocumentSettings): void {
    const generation = this.generation;
    this.ctx.probe(analysis, settings)
      ?.then((probed) => {
        if (probed.length === 0 || generation !== this.generation || this.ctx.state.isOpen(uriKey(uri))) return;
        this.ctx.publish(uri, [...analysis.findings, ...probed], text);
      })
      .catch((error) => this.ctx.log.error(`Probing ${uri} failed: ${stack(error)}`));
  }

  clear(): { cleared: number } {
    this.generation++;
    let cleared = 0;
    for (const [key, uri] of this.owned) {
      if (!this.ctx.state.isOpen(key)) {
        this.ctx.publish(uri, [], '');
        cleared++;
      }
    }
    this.owned.clear();
    return { cleared };
  }

  /** A document closed: true when the scan owns its file (its diagnostics then come from the disk again). */
  documentClosed(uri: string): boolean {
    if (!this.owned.has(uriKey(uri))) return false;
    void this.lintClosedFile(uri);
    return true;
  }

  /** After a settings or config change: re-lint the files the scan published for, from disk. */
  async refresh(): Promise<void> {
    for (const [key, uri] of [...this.owned]) {
      if (this.ctx.state.documents.get(uri) || this.ctx.state.isOpen(key)) continue;
      await this.lintClosedFile(uri);
    }
  }

  private async lintClosedFile(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (path === undefined) return;
    try {
      const settings = await this.ctx.state.settingsFor(uri);
      const read = await readTextFile(path, settings.maxFileSize);
      if (read.kind === 'skip' || !settings.isIncluded(path)) {
        this.ctx.publish(uri, [], '');
        this.owned.delete(uriKey(uri));
        return;
      }
      const findings = lintText(read.text, settings.options, path);
      this.ctx.publish(uri, findings, read.text);
      if (findings.length === 0) this.owned.delete(uriKey(uri));
    } catch (error) {
      this.ctx.log.error(`Re-linting ${uri} failed: ${stack(error)}`);
      this.ctx.publish(uri, [], '');
    }
  }

  abort(): void {
    this.running?.abort();
  }
}
