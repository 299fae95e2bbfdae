// The CLI's work: walk the paths, lint each file with its project context, apply --fix atomically,
// run the opt-in probe, and gather one report. Output and exit codes are main.ts's.
import { LineIndex, analyzeText, applyEdits, selectNonOverlapping, type Finding, type LintOptions, type SourceRef } from '../core/index.js';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ScanCache, cacheFilePath, runOptions, scanTree, shardOf, walkFiles, writeFileAtomic, type ContextNotice, type TextFile } from '../workspace/index.js';
import { Prober, runProbes } from '../probe/index.js';
import { compareFindings, displayPath, emptyReport, reportFinding, reportScanned, type RunReport } from './report.js';
import { UsageError, type CliOptions } from './args.js';
import type { FindingSpool } from './spool.js';
import { findingRenderer, type RenderSpec } from './findingText.js';
import { version } from '../../../package.json';

interface ProbeWork { file: string; index: LineIndex; sources: SourceRef[]; options: LintOptions }

/**
 * `spool`: where a read-only scan puts its findings' text instead of `report.findings` (they arrive in
 * report order); `color`: whether that text is painted (stylish on a terminal).
 */
export async function runLint(cli: CliOptions, cwd: string, env: Readonly<Record<string, string | undefined>>, spool?: FindingSpool, color = false): Promise<RunReport> {
  const report = emptyReport();
  const noticed = new Set<string>();
  // Problems in files the tool found by itself (a discovered .env): each told once, the run goes on.
  const notice = (n: ContextNotice) => {
    const text = `note: ${displayPath(n.file, cwd)}:${n.line}: ${n.message}`;
    if (noticed.has(text)) return;
    noticed.add(text);
    report.notes.push(text);
  };
  const optionsFor = runOptions({ rules: cli.rules, checkAllUrls: cli.checkAllUrls }, (context) => context.notices.forEach(notice));
  if (!cli.fix && !cli.probe && !rootsOverlap(cli.paths, cwd)) return scanOnly(cli, cwd, env, report, spool, color, notice);
  if (cli.cache && (cli.fix || cli.probe)) report.notes.push('--cache is not used with --fix or --probe: every file is read');
  const probeWork: ProbeWork[] = [];

  for await (const entry of walkFiles(cli.paths, { configFile: cli.config, env, exclude: cli.exclude, maxFileSize: cli.maxFileSize })) {
    const file = displayPath(entry.path, cwd);
    if (entry.kind === 'skip') {
      if (entry.explicit && entry.reason === 'not-found') throw new UsageError(`${file}: no such file or folder`);
      if (cli.shard && shardOf(file, cli.shard.count) !== cli.shard.index - 1) continue;
      report.skipped.push({ file, reason: entry.reason, detail: entry.detail });
      continue;
    }
    if (cli.shard && shardOf(file, cli.shard.count) !== cli.shard.index - 1) continue;
    const read = entry.file!;
    report.filesScanned++;
    const options = optionsFor(entry.context, entry.path);
    let text = read.text;
    // One reading gives the findings and, for --probe, the sources the probe connects to.
    let analysis = analyzeText(text, options, entry.path);
    if (cli.fix) {
      const fixed = await fixFile(read, analysis.findings, file, report);
      if (fixed !== undefined) {
        text = fixed;
        analysis = analyzeText(text, options, entry.path);
      }
    }
    if (analysis.findings.length === 0 && !cli.probe) continue;
    const index = new LineIndex(text);
    for (const finding of analysis.findings) {
      if (!cli.quiet || finding.severity === 'error') report.findings.push(reportFinding(file, finding, index));
    }
    if (cli.probe && analysis.sources.length > 0) probeWork.push({ file, index, sources: analysis.sources, options });
  }

  if (probeWork.length > 0) await probe(cli, probeWork, report);
  report.findings.sort(compareFindings);
  return report;
}

/**
 * A read-only run: the tree scan lists, reads and lints on worker threads, and hands back findings and
 * skips in path order (the report's order), so the report is the same whatever the threads did.
 */
async function scanOnly(cli: CliOptions, cwd: string, env: Readonly<Record<string, string | undefined>>, report: RunReport, spool: FindingSpool | undefined, color: boolean, notice: (n: ContextNotice) => void): Promise<RunReport> {
  const note = (message: string) => report.notes.push(message);
  const cache = cli.cache ? ScanCache.load(cacheFilePath(cli.cacheLocation, cwd), version, note) : undefined;
  const render: RenderSpec | undefined = spool && { format: cli.format, cwd, separator: spool.separator, quiet: cli.quiet, color };
  await scanTree(cli.paths, {
    cwd,
    env,
    configFile: cli.config,
    exclude: cli.exclude,
    maxFileSize: cli.maxFileSize,
    overrides: { rules: cli.rules, checkAllUrls: cli.checkAllUrls },
    shard: cli.shard && { index: cli.shard.index - 1, count: cli.shard.count },
    cache: cache && { file: cache.readable, version },
    script: scanWorkerScript(),
    ...scanThreads(cli.concurrency, cache),
    render,
    renderer: render && findingRenderer(render),
  }, (part) => {
    report.filesScanned += part.filesScanned;
    if (part.rendered) spool!.add(part.rendered);
    for (const [path, findings] of part.findings) {
      const file = displayPath(path, cwd);
      for (const finding of findings) {
        if (cli.quiet && finding.severity !== 'error') continue;
        report.findings.push(reportScanned(file, finding));
      }
    }
    for (const skip of part.skips) {
      const file = displayPath(skip.path, cwd);
      if (skip.explicit && skip.reason === 'not-found') throw new UsageError(`${file}: no such file or folder`);
      report.skipped.push({ file, reason: skip.reason, detail: skip.detail });
    }
    if (cache) for (const [path, entry] of part.cacheEntries) cache.set(path, entry);
    part.notices.forEach(notice);
  });
  cache?.save(note);
  return report;
}

/**
 * A cache file below this size comes from a tree one thread scans sooner than worker threads start
 * (on two cores: 9,127 files leave 0.76 MB, and a warm run takes 0.66 s in process against 1.01 s with
 * workers; 20,195 files leave 2.2 MB, and workers are faster). See test/bench/README.md.
 */
export const SMALL_TREE_CACHE_BYTES = 1 << 20;

/** The tree scan's worker threads: --concurrency's, or with `auto` none for a tree a warm cache says is small (default otherwise). */
export function scanThreads(concurrency: number | 'auto', cache: { usable: boolean; bytes: number } | undefined): { workers?: number } {
  if (concurrency !== 'auto') return { workers: concurrency };
  return cache?.usable && cache.bytes < SMALL_TREE_CACHE_BYTES ? { workers: 0 } : {};
}

/** The scan's worker script beside this module: dist/scan-worker.js beside the bundle, or scanWorker.ts from source (tsx). */
export function scanWorkerScript(): string | undefined {
  if (typeof __dirname === 'undefined') return undefined; // an ESM build: no threads, scanned in process
  return [join(__dirname, 'scan-worker.js'), join(__dirname, 'scanWorker.ts')].find((candidate) => existsSync(candidate));
}

/** True when one root is inside (or is) another: their files would be scanned twice by the tree scan. */
function rootsOverlap(paths: string[], cwd: string): boolean {
  const roots = paths.map((p) => resolve(cwd, p));
  return roots.some((a, i) => roots.some((b, j) => i !== j && (a === b || a.startsWith(b.endsWith(sep) ? b : b + sep))));
}

/** Writes the fixed text atomically; returns it, or undefined when nothing was (or could be) written. */
async function fixFile(read: TextFile, findings: readonly Finding[], file: string, report: RunReport): Promise<string | undefined> {
  const edits = selectNonOverlapping(findings.flatMap((f) => (f.fix ? [f.fix] : [])));
  if (edits.length === 0) return undefined;
  const fixed = applyEdits(read.text, edits);
  try {
    await writeFileAtomic(read.path, fixed, read);
    report.fixedFiles.push(file);
    return fixed;
  } catch (error) {
    report.errors.push(`${file}: not fixed: ${(error as Error).message.replace(`${read.path}: `, '')}`);
    return undefined;
  }
}

async function probe(cli: CliOptions, work: ProbeWork[], report: RunReport): Promise<void> {
  const prober = new Prober({
    timeout: cli.probeTimeout,
    allowPrivateAddresses: cli.probeAllowPrivate,
    connectTo: cli.probeConnectTo,
  });
  await Promise.all(work.map(async ({ file, index, sources, options }) => {
    const { findings } = await runProbes(sources, prober, { rules: options.rules, includeHttp: cli.probeIncludeHttp });
    for (const finding of findings) {
      if (!cli.quiet || finding.severity === 'error') report.findings.push(reportFinding(file, finding, index));
    }
  }));
}
