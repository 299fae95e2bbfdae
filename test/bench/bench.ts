// `npm run bench`: the CLI scan against ripgrep on a generated tree, scaling, and the language server's
// latencies. Prints a table and writes the figures as JSON next to the tree. Not part of `npm test`:
// timings are measured and reported here, never asserted.
//
//   npm run bench -- [--scale 1[,2,4]] [--shape dense,sparse] [--seed 42] [--runs 3] [--dir DIR] [--only scan|lsp|logs|generate] [--log-mb 500]
//                    [--cli [NAME=]dist/cli.js[,NAME=OTHER.js]] [--server dist/server.js] [--label NAME]
//                    [--lsp-cases lines,bundle,typed,fixall] [--server-cpu-prof DIR] [--tree DIR[,DIR]]
//
// --tree also scans existing folders as they are (real repositories: see the README for the one the
// figures use), beside the generated trees (`--shape ''` for none).
//
// --server-cpu-prof runs the language server under `node --cpu-prof` (the profile lands in DIR; read it
// with test/bench/profileSummary.mjs); --lsp-cases picks the language-server cases, e.g. `typed` alone.
//
// Several CLIs (e.g. before=/tmp/cli-before.js,after=dist/cli.js) are run alternately in the same runs,
// so a change in the machine's load hits them alike.
//
// The tree is generated under DIR (default: $TMPDIR/imgproxy-url-lint-bench), deterministically from
// the seed, and reused while its manifest matches. `--scale 0.1` is a quick smoke run.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { generateTree, lspDocuments, writeProjectConfig, type TreeManifest, type TreeShape } from './generate.js';
import { generateLog } from './logs.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    shape: { type: 'string', default: 'dense,sparse' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string' },
    only: { type: 'string' },
    cli: { type: 'string', default: 'dist/cli.js' },
    server: { type: 'string', default: 'dist/server.js' },
    label: { type: 'string', default: '' },
    'log-mb': { type: 'string', default: '500' },
    'server-cpu-prof': { type: 'string' },
    'lsp-cases': { type: 'string', default: 'lines,bundle,typed,fixall' },
    tree: { type: 'string' },
  },
});

const scales = values.scale!.split(',').map(Number);
if (scales.some((s) => !(s > 0))) throw new Error(`--scale: positive numbers, comma-separated, not ${values.scale}`);
const shapes = values.shape!.split(',').filter(Boolean) as TreeShape[];
const folders = (values.tree ?? '').split(',').filter(Boolean).map((dir) => resolve(dir));
if (shapes.some((s) => s !== 'dense' && s !== 'sparse')) throw new Error(`--shape: dense and/or sparse, comma-separated, not ${values.shape}`);
const seed = Number(values.seed);
const runs = Math.max(1, Number(values.runs));
const base = resolve(values.dir ?? join(tmpdir(), 'imgproxy-url-lint-bench'));
const clis = values.cli!.split(',').map((spec, i) => {
  const eq = spec.indexOf('=');
  return eq > 0 ? { name: spec.slice(0, eq), path: resolve(spec.slice(eq + 1)) } : { name: i === 0 ? 'cli' : `cli${i + 1}`, path: resolve(spec) };
});
if (values.only !== undefined && !['scan', 'lsp', 'logs', 'generate'].includes(values.only)) throw new Error(`--only: scan, lsp, logs or generate, not ${values.only}`);
const lspCases = new Set(values['lsp-cases']!.split(','));
if ([...lspCases].some((c) => !['lines', 'bundle', 'typed', 'fixall'].includes(c))) throw new Error(`--lsp-cases: lines, bundle, typed and/or fixall, comma-separated, not ${values['lsp-cases']}`);
const doScan = values.only === undefined || values.only === 'scan';
const doLsp = values.only === undefined || values.only === 'lsp';
const doLogs = values.only === undefined || values.only === 'logs';

function log(line: string): void {
  process.stderr.write(line + '\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

interface Run {
  wallMs: number;
  /** User + system CPU time of the process (all its threads): what the work costs, whatever the load. */
  cpuMs: number;
  peakRssMb: number;
  exitCode: number;
}

/** Runs a command under /usr/bin/time for its peak RSS, stdout to `stdoutPath` (default /dev/null). */
function timed(command: string, args: string[], cwd: string, stdoutPath = '/dev/null'): Promise<Run> {
  const timeFile = join(base, '.time');
  const out = openSync(stdoutPath, 'w');
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', timeFile, command, ...args], { cwd, stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr += chunk; });
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      closeSync(out);
      const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
      const [kb, user, sys] = lines[lines.length - 1].split(' ').map(Number);
      if (code !== 0 && code !== 1) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolveRun({ wallMs, cpuMs: (user + sys) * 1000, peakRssMb: kb / 1024, exitCode: code ?? -1 });
    });
  });
}

const RG_ARGS = ['-c', '--hidden', '--glob', '!.git', 'https?://', '.'];
const CLI_ARGS = ['--format', 'json', '.'];
const READ_LOOP = resolve('test/bench/readLoop.mjs');

interface Summary { wallMs: number[]; medianMs: number; minMs: number; cpuMs: number[]; medianCpuMs: number; filesPerSec: number; mbPerSec: number; peakRssMb: number }

/** The first CLI's other runs: warm --cache, one shard of two; and the plain Node read loop. */
interface Variant { name: string; summary: Summary; ratio: number; cpuRatio: number }

interface ScanResult {
  scale: number;
  /** The generated tree's shape, or an existing folder's name (--tree). */
  shape: TreeShape | string;
  tree: string;
  /** Generated trees only. */
  manifest?: TreeManifest;
  size: TreeSize;
  filesScanned: number;
  findings: number;
  findingsByRule: Record<string, number>;
  rgFilesMatched: number;
  /** The first CLI given (the one the scaling figures are about). */
  cli: Summary;
  /** Every CLI given, by name, with its ratios to rg. */
  clis: { name: string; path: string; summary: Summary; ratio: number; cpuRatio: number }[];
  rg: Summary;
  ratio: number;
  /** `cli --cache` (warm), `cli --shard 1/2`, `node read loop`, `node stat walk`, each with its ratio to rg. */
  variants: Variant[];
  /** The first CLI's median wall time over the plain Node read loop's. */
  loopRatio: number;
}

interface TreeSize { files: number; bytes: number }

/** Files and bytes of an existing folder, as the read loop walks it (its stat walk counts them). */
function folderSize(dir: string): TreeSize {
  const run = spawnSync(process.execPath, [READ_LOOP, '--stat', dir], { encoding: 'utf8' });
  const counted = /^(\d+) files, (\d+) bytes/.exec(run.stdout);
  if (run.status !== 0 || !counted) throw new Error(`cannot size ${dir} with ${READ_LOOP}: ${run.stderr || run.stdout}`);
  return { files: Number(counted[1]), bytes: Number(counted[2]) };
}

/** A generated tree (made or reused) or, with `folder`, an existing one, scanned. */
async function scan(scale: number, shape: TreeShape | string, folder?: string): Promise<ScanResult> {
  const tree = folder ?? join(base, `tree-${shape}-s${scale}-seed${seed}`);
  const t0 = performance.now();
  const manifest = folder === undefined ? generateTree({ dir: tree, scale, seed, shape: shape as TreeShape }, log) : undefined;
  const size: TreeSize = manifest ?? folderSize(tree);
  log(`tree ${tree}: ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB${manifest ? `, ${manifest.imgproxyUrls} imgproxy URLs (${manifest.problemUrls} with problems)` : ''}, ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Warm-up (page cache, and the outputs checked once): the CLI's JSON and rg's counts.
  const jsonPath = join(base, `scan-${shape}-s${scale}.json`);
  let output: string | undefined;
  let report: { filesScanned: number; findings: { rule: string }[] } | undefined;
  for (const { name, path } of clis) {
    await timed(process.execPath, [path, ...CLI_ARGS], tree, jsonPath);
    const text = readFileSync(jsonPath, 'utf8');
    const parsed = JSON.parse(text) as { filesScanned: number; findings: { rule: string }[] };
    if (report && JSON.stringify(parsed) !== JSON.stringify(report)) log(`  WARNING: ${name}'s output differs from ${clis[0].name}'s`);
    report ??= parsed;
    output ??= text;
  }
  // The cache, primed by a cold run; the warm run's output must be the same bytes.
  const cacheFile = join(base, `cache-${shape}-s${scale}`);
  rmSync(cacheFile, { force: true });
  const cacheArgs = ['--format', 'json', '--cache', '--cache-location', cacheFile, '.'];
  for (let i = 0; i < 2; i++) {
    await timed(process.execPath, [clis[0].path, ...cacheArgs], tree, jsonPath);
    if (readFileSync(jsonPath, 'utf8') !== output) log(`  WARNING: the output with --cache (${i === 0 ? 'cold' : 'warm'}) differs from the output without`);
  }
  const findingsByRule: Record<string, number> = {};
  for (const f of report!.findings) findingsByRule[f.rule] = (findingsByRule[f.rule] ?? 0) + 1;
  rmSync(jsonPath, { force: true });
  const rgOut = spawnSync('rg', RG_ARGS, { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 28 });
  const rgFilesMatched = rgOut.stdout.split('\n').filter(Boolean).length;

  const variants = [
    { name: `${clis[0].name} --cache (warm)`, command: process.execPath, args: [clis[0].path, ...cacheArgs] },
    { name: `${clis[0].name} --shard 1/2`, command: process.execPath, args: [clis[0].path, '--format', 'json', '--shard', '1/2', '.'] },
    { name: 'node read loop', command: process.execPath, args: [READ_LOOP, '.'] },
    { name: 'node stat walk', command: process.execPath, args: [READ_LOOP, '--stat', '.'] },
  ];
  const cliRuns: Run[][] = clis.map(() => []);
  const variantRuns: Run[][] = variants.map(() => []);
  const rgRuns: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const parts: string[] = [];
    for (const [c, { name, path }] of clis.entries()) {
      const run = await timed(process.execPath, [path, ...CLI_ARGS], tree);
      cliRuns[c].push(run);
      parts.push(`${name} ${run.wallMs.toFixed(0)} ms (cpu ${run.cpuMs.toFixed(0)} ms, ${run.peakRssMb.toFixed(0)} MB)`);
    }
    for (const [v, { name, command, args }] of variants.entries()) {
      const run = await timed(command, args, tree);
      variantRuns[v].push(run);
      parts.push(`${name} ${run.wallMs.toFixed(0)} ms`);
    }
    rgRuns.push(await timed('rg', RG_ARGS, tree));
    log(`  run ${i + 1}/${runs}: ${parts.join(', ')}, rg ${rgRuns[i].wallMs.toFixed(0)} ms (cpu ${rgRuns[i].cpuMs.toFixed(0)} ms), load ${loadavg()[0].toFixed(2)}`);
  }
  const summarize = (rs: Run[]): Summary => {
    const medianMs = median(rs.map((r) => r.wallMs));
    return {
      wallMs: rs.map((r) => Math.round(r.wallMs)),
      medianMs: Math.round(medianMs),
      minMs: Math.round(Math.min(...rs.map((r) => r.wallMs))),
      cpuMs: rs.map((r) => Math.round(r.cpuMs)),
      medianCpuMs: Math.round(median(rs.map((r) => r.cpuMs))),
      filesPerSec: Math.round(size.files / (medianMs / 1000)),
      mbPerSec: Math.round(size.bytes / 1e6 / (medianMs / 1000)),
      peakRssMb: Math.round(Math.max(...rs.map((r) => r.peakRssMb))),
    };
  };
  const rgSummary = summarize(rgRuns);
  const against = (summary: Summary) => ({ ratio: Number((summary.medianMs / rgSummary.medianMs).toFixed(2)), cpuRatio: Number((summary.medianCpuMs / rgSummary.medianCpuMs).toFixed(2)) });
  const cliResults = clis.map(({ name, path }, c) => {
    const summary = summarize(cliRuns[c]);
    return { name, path, summary, ...against(summary) };
  });
  const variantResults = variants.map(({ name }, v) => {
    const summary = summarize(variantRuns[v]);
    return { name, summary, ...against(summary) };
  });
  return {
    scale, shape, tree, manifest, size,
    filesScanned: report!.filesScanned,
    findings: report!.findings.length,
    findingsByRule,
    rgFilesMatched,
    cli: cliResults[0].summary,
    clis: cliResults,
    rg: rgSummary,
    ratio: cliResults[0].ratio,
    variants: variantResults,
    loopRatio: Number((cliResults[0].summary.medianMs / variantResults[2].summary.medianMs).toFixed(2)),
  };
}

interface LatencyResult {
  what: string;
  samples: number;
  /** The fastest sample: what the code costs when nothing else on the machine gets in the way. */
  minMs: number;
  medianMs: number;
  p90Ms: number;
  findings: number;
  target: string;
  /** The server process's CPU time (user + system) and minor page faults per sample, from /proc (Linux). */
  serverCpuMs?: number;
  serverFaults?: number;
}

/** CPU milliseconds (user + system) and minor page faults of a process so far, from /proc; undefined elsewhere. */
function processUsage(pid: number | undefined): { cpuMs: number; faults: number } | undefined {
  try {
    // Fields after the command's closing parenthesis: state is field 3, minflt 10, utime 14, stime 15 (clock ticks).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { cpuMs: (ticks * 1000) / 100, faults: Number(fields[7]) };
  } catch {
    return undefined;
  }
}

/** Per-sample server CPU and faults between two processUsage readings (none when /proc could not be read). */
function perSample(before: ReturnType<typeof processUsage>, after: ReturnType<typeof processUsage>, samples: number): Pick<LatencyResult, 'serverCpuMs' | 'serverFaults'> {
  if (!before || !after) return {};
  return { serverCpuMs: round((after.cpuMs - before.cpuMs) / samples), serverFaults: Math.round((after.faults - before.faults) / samples) };
}

async function lsp(): Promise<LatencyResult[]> {
  // The test client (a real protocol client over stdio) is reused; it spawns `dist/server.js` from the cwd.
  const { TestClient, fileUri } = await import('../lsp/client.js');
  const { CodeActionRequest } = await import('vscode-languageserver-protocol/node');
  // The bench folder may not exist yet (a fresh machine running `--only lsp`: only the scan half made it).
  mkdirSync(base, { recursive: true });
  const workspace = mkdtempSync(join(base, 'lsp-'));
  writeProjectConfig(workspace);
  const docs = lspDocuments(seed);
  // The server under test: the working tree's build, or another one (--server) run the same way.
  const nodeArgs = values['server-cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(values['server-cpu-prof'])}`];
  const started = await TestClient.start({ workspace, initializationOptions: { debounceMs: 0 }, nodeArgs, serverPath: resolve(values.server!) });
  const { client } = started;
  const results: LatencyResult[] = [];
  try {
    const edit = async (name: string, text: string, samples: number, target: string) => {
      const uri = fileUri(join(workspace, name));
      const opened = await client.open(uri, text, name.endsWith('.js') ? 'javascript' : 'typescript');
      const times: number[] = [];
      const usage = processUsage(client.process.pid);
      for (let i = 0; i < samples; i++) {
        // Each edit changes the text (a comment at the end), so nothing can be served from a cache.
        const changed = `${text}// edit ${i}\n`;
        const started = performance.now();
        const next = client.nextDiagnostics(uri, client.version(uri) + 1, 60000);
        await client.change(uri, changed);
        await next;
        times.push(performance.now() - started);
      }
      const server = perSample(usage, processUsage(client.process.pid), samples);
      await client.close(uri);
      results.push({ what: `diagnostics after didChange: ${name}`, samples, minMs: round(Math.min(...times)), medianMs: round(median(times)), p90Ms: round(percentile(times, 90)), findings: opened.diagnostics.length, target, ...server });
    };
    if (lspCases.has('lines')) await edit('two-thousand-lines.ts', docs.twoThousandLines, 21, '< 10 ms');
    if (lspCases.has('bundle')) await edit('bundle-5mb.min.js', docs.bundle5mb, 7, '< 100 ms');

    // The same bundle edited as VS Code sends a keystroke: a ranged change (the server asks for
    // incremental sync), so the 5 MB text crosses the pipe once, at open, not with every edit.
    if (lspCases.has('typed')) {
      const name = 'bundle-5mb.min.js';
      const uri = fileUri(join(workspace, `typed-${name}`));
      const opened = await client.open(uri, docs.bundle5mb, 'javascript');
      const lines = docs.bundle5mb.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      const times: number[] = [];
      const usage = processUsage(client.process.pid);
      for (let i = 0; i < 21; i++) {
        const started = performance.now();
        const next = client.nextDiagnostics(uri, client.version(uri) + 1, 60000);
        await client.edit(uri, { start: end, end }, String(i % 10));
        end.character++;
        await next;
        times.push(performance.now() - started);
      }
      const server = perSample(usage, processUsage(client.process.pid), times.length);
      await client.close(uri);
      results.push({ what: `diagnostics after a typed character (ranged didChange): ${name}`, samples: times.length, minMs: round(Math.min(...times)), medianMs: round(median(times)), p90Ms: round(percentile(times, 90)), findings: opened.diagnostics.length, target: '< 100 ms', ...server });
    }

    if (!lspCases.has('fixall')) return results;
    const uri = fileUri(join(workspace, 'thousand-findings.ts'));
    const opened = await client.open(uri, docs.thousandFindings, 'typescript');
    const times: number[] = [];
    let edits = 0;
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      const actions = await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 2000, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.imgproxyUrlLint'] },
      });
      times.push(performance.now() - started);
      const action = (actions ?? [])[0] as { edit?: { documentChanges?: { edits: unknown[] }[]; changes?: Record<string, unknown[]> } } | undefined;
      edits = action?.edit?.documentChanges?.[0]?.edits.length ?? Object.values(action?.edit?.changes ?? {})[0]?.length ?? 0;
    }
    results.push({ what: `fix-all (codeAction ${'source.fixAll.imgproxyUrlLint'}), ${edits} edits`, samples: times.length, minMs: round(Math.min(...times)), medianMs: round(median(times)), p90Ms: round(percentile(times, 90)), findings: opened.diagnostics.length, target: '< 200 ms' });

    // The engine's fix-all path alone, in this process (what the code action costs without JSON-RPC).
    const { computeFixAll } = await import('../../server/src/lsp/commands/fixAll.js');
    const { loadProjectContext } = await import('../../server/src/workspace/index.js');
    const context = await loadProjectContext(join(workspace, 'thousand-findings.ts'), { env: {} });
    const engine: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      computeFixAll(docs.thousandFindings, context.options);
      engine.push(performance.now() - started);
    }
    results.push({ what: 'fix-all, engine only (lint + computeFixAll, in this process: the working tree\'s engine)', samples: engine.length, minMs: round(Math.min(...engine)), medianMs: round(median(engine)), p90Ms: round(percentile(engine, 90)), findings: opened.diagnostics.length, target: '< 200 ms' });
  } finally {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
  return results;
}

interface LogsResult { file: string; mb: number; runs: Run[]; medianMs: number; mbPerSec: number; peakRssMb: number; medianCpuMs: number; failures: number; groups: number }

/** `logs` on a generated log (test/bench/logs.ts): MB/s and peak RSS, the code search left out. */
async function logs(): Promise<LogsResult> {
  const file = join(base, `proxy-${values['log-mb']}mb-seed${seed}.log`);
  const bytes = generateLog(file, Number(values['log-mb']), seed, log);
  const cli = clis[0].path;
  const args = [cli, 'logs', file, '--format', 'json', '--no-locate'];
  const jsonPath = join(base, 'logs.json');
  await timed(process.execPath, args, base, jsonPath); // warm-up: page cache
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as { failures: number; groups: unknown[] };
  rmSync(jsonPath, { force: true });
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await timed(process.execPath, args, base);
    results.push(run);
    log(`  logs run ${i + 1}/${runs}: ${run.wallMs.toFixed(0)} ms (cpu ${run.cpuMs.toFixed(0)} ms, ${run.peakRssMb.toFixed(0)} MB)`);
  }
  const medianMs = median(results.map((r) => r.wallMs));
  return {
    file, mb: bytes / 1e6, runs: results, medianMs, mbPerSec: round(bytes / 1e6 / (medianMs / 1000)),
    peakRssMb: round(Math.max(...results.map((r) => r.peakRssMb))), medianCpuMs: median(results.map((r) => r.cpuMs)),
    failures: report.failures, groups: report.groups.length,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => (typeof cell === 'number' ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const rgVersion = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (doScan && rgVersion.status !== 0) throw new Error('ripgrep (rg) is needed: apt-get install -y ripgrep');
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemMb: Math.round(totalmem() / 1048576),
    freeMemMb: Math.round(freemem() / 1048576),
    node: process.version,
    ripgrep: rgVersion.stdout?.split('\n')[0] ?? 'absent',
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
  log(`bench: scales ${scales.join(', ')}, seed ${seed}, ${runs} runs, ${machine.cpus} CPUs, under ${base}`);
  if (values.only === 'generate') {
    for (const shape of shapes) {
      for (const scale of scales) {
        const manifest = generateTree({ dir: join(base, `tree-${shape}-s${scale}-seed${seed}`), scale, seed, shape }, log);
        log(`tree-${shape}-s${scale}-seed${seed}: ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB, digest ${manifest.digest.slice(0, 16)}`);
      }
    }
    return;
  }
  const scansResults: ScanResult[] = [];
  if (doScan) for (const shape of shapes) for (const scale of scales) scansResults.push(await scan(scale, shape));
  if (doScan) for (const folder of folders) scansResults.push(await scan(1, basename(folder), folder));
  const lspResults = doLsp ? await lsp() : [];
  const logsResult = doLogs ? await logs() : undefined;

  const out: string[] = [];
  if (scansResults.length > 0) {
    out.push(`Scan (median of ${runs}; ${clis.map((c) => `${c.name}: node ${c.path} ${CLI_ARGS.join(' ')} > /dev/null`).join('; ')}; the same with --cache (warm) and --shard 1/2; rg ${RG_ARGS.join(' ')}; node test/bench/readLoop.mjs [--stat] .; cwd: the tree)`);
    const rows: (string | number)[][] = [['tree', 'scale', 'files', 'MB', 'tool', 'wall ms', 'min wall', 'files/s', 'MB/s', 'peak RSS MB', 'cpu ms', '/rg wall', '/rg cpu']];
    for (const s of scansResults) {
      const row = (name: string, summary: Summary, ratio: number | string, cpuRatio: number | string) => rows.push([s.shape, s.scale, s.size.files, Math.round(s.size.bytes / 1e6), name, summary.medianMs, summary.minMs, summary.filesPerSec, summary.mbPerSec, summary.peakRssMb, summary.medianCpuMs, ratio, cpuRatio]);
      for (const c of s.clis) row(c.name, c.summary, c.ratio, c.cpuRatio);
      for (const v of s.variants) row(v.name, v.summary, v.ratio, v.cpuRatio);
      row('rg', s.rg, '', '');
    }
    out.push(table(rows));
    for (const s of scansResults) {
      out.push(`${s.shape} scale ${s.scale}: CLI scanned ${s.filesScanned} files, ${s.findings} findings (${Object.entries(s.findingsByRule).map(([k, v]) => `${k} ${v}`).join(', ')}); rg matched ${s.rgFilesMatched} files; cli / node read loop, wall: ${s.loopRatio}; warm --cache / node stat walk, wall: ${(s.variants[0].summary.medianMs / s.variants[3].summary.medianMs).toFixed(2)}`);
    }
    for (const shape of shapes) {
      const ofShape = scansResults.filter((s) => s.shape === shape);
      if (ofShape.length < 2) continue;
      const first = ofShape[0];
      out.push(`Scaling, ${shape} tree (against scale ${first.scale}; linear = the scale ratio):`);
      for (const s of ofShape.slice(1)) {
        const expected = s.scale / first.scale;
        const cliRatio = s.cli.medianMs / first.cli.medianMs;
        const rgRatio = s.rg.medianMs / first.rg.medianMs;
        const cpuRatio = s.cli.medianCpuMs / first.cli.medianCpuMs;
        out.push(`  x${expected}: cli wall ${cliRatio.toFixed(2)} (${(((cliRatio / expected) - 1) * 100).toFixed(1)}% off linear), cli cpu ${cpuRatio.toFixed(2)} (${(((cpuRatio / expected) - 1) * 100).toFixed(1)}% off), peak RSS ${first.cli.peakRssMb} -> ${s.cli.peakRssMb} MB, rg wall ${rgRatio.toFixed(2)}`);
      }
    }
  }
  if (lspResults.length > 0) {
    out.push(`Language server (${values.server} --stdio, debounceMs 0; the default 150 ms debounce comes on top in an editor):`);
    out.push(table([['what', 'samples', 'min ms', 'median ms', 'p90 ms', 'server CPU ms', 'server faults', 'findings', 'target'], ...lspResults.map((l) => [l.what, l.samples, l.minMs, l.medianMs, l.p90Ms, l.serverCpuMs ?? '', l.serverFaults ?? '', l.findings, l.target])]));
  }
  if (logsResult) {
    out.push(`Logs (median of ${runs}; node ${clis[0].path} logs ${logsResult.file} --format json --no-locate > /dev/null):`);
    out.push(table([['MB', 'wall ms', 'MB/s', 'cpu ms', 'MB/s of cpu', 'peak RSS MB', 'failures', 'groups'], [round(logsResult.mb), round(logsResult.medianMs), logsResult.mbPerSec, round(logsResult.medianCpuMs), round(logsResult.mb / (logsResult.medianCpuMs / 1000)), logsResult.peakRssMb, logsResult.failures, logsResult.groups]]));
  }
    out.push(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.ripgrep}, load ${machine.loadAverage.join(' ')} at the start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
  const text = out.join('\n');
  process.stdout.write(text + '\n');

  const label = values.label ? `-${values.label}` : '';
  const jsonFile = join(base, `bench${label}-s${scales.join('_')}-seed${seed}.json`);
  writeFileSync(jsonFile, JSON.stringify({
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    scans: scansResults.map(({ manifest, ...rest }) => ({ ...rest, manifest })),
    lsp: lspResults,
    logs: logsResult,
  }, null, 2) + '\n');
  log(`results: ${jsonFile}`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
