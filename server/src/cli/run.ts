// The CLI's work: walk the paths, lint each file with its project context, apply --fix atomically,
// run the opt-in probe, and gather one report. Output and exit codes are main.ts's.
import { LineIndex, analyzeText, applyEdits, selectNonOverlapping, type Finding, type LintOptions, type SourceRef } from '../core/index.js';
import { ScanPool, scanFileSync, walkFiles, writeFileAtomic, type ProjectContext, type ScanResult, type TextFile, type WalkSkip } from '../workspace/index.js';
import { Prober, runProbes } from '../probe/index.js';
import { compareFindings, displayPath, reportFinding, reportScanned, type RunReport } from './report.js';
import { UsageError, type CliOptions } from './args.js';

interface ProbeWork { file: string; index: LineIndex; sources: SourceRef[]; options: LintOptions }

export async function runLint(cli: CliOptions, cwd: string, env: Readonly<Record<string, string | undefined>>): Promise<RunReport> {
  const report: RunReport = { filesScanned: 0, findings: [], skipped: [], fixedFiles: [], errors: [], notices: [] };
  const optionsFor = cachedOptions(cli, (context) => {
    for (const n of context.notices) report.notices.push(`${displayPath(n.file, cwd)}:${n.line}: ${n.message}`);
  });
  if (!cli.fix && !cli.probe) return scanOnly(cli, cwd, env, report, optionsFor);
  const probeWork: ProbeWork[] = [];

  for await (const entry of walkFiles(cli.paths, { configFile: cli.config, env, exclude: cli.exclude, maxFileSize: cli.maxFileSize })) {
    const file = displayPath(entry.path, cwd);
    if (entry.kind === 'skip') {
      if (entry.explicit && entry.reason === 'not-found') throw new UsageError(`${file}: no such file or folder`);
      report.skipped.push({ file, reason: entry.reason, detail: entry.detail });
      continue;
    }
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

/** Files (or walk skips) handed to the pool and not yet taken into the report: bounds memory, keeps order. */
const SCAN_WINDOW = 512;
/** A walk of at most this many files is scanned on this thread: starting threads would cost more. */
const THREADS_FROM_FILES = 64;

interface WindowItem {
  file: string;
  skip?: WalkSkip;
  job?: { path: string; maxFileSize: number; options: LintOptions };
  result?: Promise<ScanResult>;
}

/**
 * A read-only run: the walk stays on this thread; reading and linting go to the scan pool's worker
 * threads, which send back findings with their ranges (never file contents). Results are taken in walk
 * order, so skips are reported in the same order as the sequential path. Until the walk has found more
 * than THREADS_FROM_FILES files nothing is started; a walk that ends before is scanned in process.
 */
async function scanOnly(cli: CliOptions, cwd: string, env: Readonly<Record<string, string | undefined>>, report: RunReport, optionsFor: (context: ProjectContext, path: string) => LintOptions): Promise<RunReport> {
  const pool = new ScanPool({ inProcessFirst: 0 });
  const window: WindowItem[] = [];
  let files = 0;
  let threaded = false;
  const start = (item: WindowItem) => {
    if (item.job && !item.result) item.result = pool.scan(item.job.path, item.job.maxFileSize, item.job.options);
  };
  const take = async () => {
    const { file, skip, job, result } = window.shift()!;
    const scanned = skip ?? (result ? await result : scanFileSync(job!.path, job!.maxFileSize, job!.options));
    if (scanned.kind === 'skip') {
      report.skipped.push({ file, reason: scanned.reason, detail: scanned.detail });
      return;
    }
    report.filesScanned++;
    for (const finding of scanned.findings) {
      if (!cli.quiet || finding.severity === 'error') report.findings.push(reportScanned(file, finding));
    }
  };
  try {
    for await (const entry of walkFiles(cli.paths, { configFile: cli.config, env, exclude: cli.exclude, read: false })) {
      const file = displayPath(entry.path, cwd);
      if (entry.kind === 'skip') {
        if (entry.explicit && entry.reason === 'not-found') throw new UsageError(`${file}: no such file or folder`);
        window.push({ file, skip: entry });
      } else {
        const item: WindowItem = { file, job: { path: entry.path, maxFileSize: cli.maxFileSize ?? entry.context.maxFileSize, options: optionsFor(entry.context, entry.path) } };
        window.push(item);
        if (threaded) start(item);
        else if (++files > THREADS_FROM_FILES) {
          threaded = true;
          window.forEach(start);
        }
      }
      if (window.length >= SCAN_WINDOW) await take();
    }
    while (window.length > 0) await take();
  } finally {
    // Files still in the window after an error: their answers are not wanted, and must not be unhandled.
    for (const { result } of window) result?.catch(() => undefined);
    await pool.close();
  }
  report.findings.sort(compareFindings);
  return report;
}

/**
 * Project contexts are shared by many files: build each one's LintOptions (with CLI overrides) once,
 * and hand each new context to `onNew` (its notices are reported once).
 */
function cachedOptions(cli: CliOptions, onNew: (context: ProjectContext) => void): (context: ProjectContext, path: string) => LintOptions {
  const seen = new Set<ProjectContext>();
  // Keyed by the context's options for the file (one object per combination of its overrides).
  const cache = new Map<LintOptions, LintOptions>();
  return (context, path) => {
    if (!seen.has(context)) {
      seen.add(context);
      onNew(context);
    }
    const base = context.optionsFor(path);
    let options = cache.get(base);
    if (!options) {
      options = { ...base, rules: { ...base.rules, ...cli.rules }, checkAllUrls: cli.checkAllUrls ?? base.checkAllUrls };
      cache.set(base, options);
    }
    return options;
  };
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
