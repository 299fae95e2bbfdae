// Helpers for the hostile-input tests: the built CLI run with a deadline, temp trees, secrets to grep for.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { removeTempDir, tempDir } from '../helpers/tempDir.js';

export const CLI = resolve('dist/cli.js');

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/** Runs the built CLI; a run past `timeoutMs` is killed and reported with signal SIGKILL (a hang). */
export function cli(args: string[], cwd: string, options: { env?: Record<string, string>; timeoutMs?: number; prefix?: string[]; cliPath?: string } = {}): CliResult {
  const started = Date.now();
  const command = options.prefix ? options.prefix[0] : process.execPath;
  const cliPath = options.cliPath ?? CLI;
  const argv = options.prefix ? [...options.prefix.slice(1), process.execPath, cliPath, ...args] : [cliPath, ...args];
  const result = spawnSync(command, argv, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...options.env },
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ms: Date.now() - started };
}

/** The same, asynchronously (the event loop stays free for work done during the run). */
export function cliAsync(args: string[], cwd: string, env: Record<string, string> = {}): { child: ReturnType<typeof spawn>; done: Promise<CliResult> } {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => { stdout += c; });
  child.stderr!.on('data', (c) => { stderr += c; });
  const done = new Promise<CliResult>((resolveDone) => child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr, ms: Date.now() - started })));
  return { child, done };
}

/** A fresh temp folder (realpath'd) holding `files`; `cleanup` removes it. */
export function tempTree(files: Record<string, string | Buffer> = {}): { root: string; cleanup: () => void } {
  const root = tempDir('iul-rob-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { root, cleanup: () => removeTempDir(root) };
}

/** The CLI did not crash: a normal exit code, no stack trace, no "this is a bug". */
export function assertNoCrash(result: CliResult, what: string): void {
  if (result.signal) throw new Error(`${what}: killed by ${result.signal} after ${result.ms} ms (a hang?)\nstderr: ${result.stderr.slice(0, 2000)}`);
  if (result.code === null || result.code > 2) throw new Error(`${what}: exit code ${result.code}\nstderr: ${result.stderr.slice(0, 2000)}`);
  if (/This is a bug|\n\s+at .+:\d+:\d+\)?\n/.test(result.stderr)) throw new Error(`${what}: crashed with a stack trace:\n${result.stderr.slice(0, 2000)}`);
}

export const UPPER_URL = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
export const FIXED_URL = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';
