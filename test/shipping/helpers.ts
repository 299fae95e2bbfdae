import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO = resolve('.');

/** Runs a command; never throws on a non-zero exit (the caller asserts on it). */
export function run(cmd: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  return { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `iul-${prefix}-`));
}

/**
 * A copy of the repository as a fresh clone of it (with the work in progress) would have it: the files
 * git tracks or would track, without dist/, node_modules/ or anything else git ignores. The packaging
 * tests build in it, so the repository's own dist/ (other tests are using it) is never rewritten.
 * With `linkNodeModules`, node_modules is the repository's (a symlink), as after `npm ci`.
 */
export function copyOfWorkingTree(prefix: string, { linkNodeModules = false } = {}): string {
  const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO });
  if (listed.code !== 0) throw new Error(`git ls-files failed in ${REPO} (the packaging tests need a git checkout): ${listed.stderr}`);
  const root = tempDir(prefix);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(REPO, file))) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(root, file));
  }
  if (linkNodeModules) symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/** The environment for npm and the tools it runs: no network (npm answers from its cache or fails). */
export function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
  // Under `npm test`, npm_* variables of the outer run (its package, its lifecycle event) would leak in.
  for (const key of Object.keys(env)) if (/^npm_(package|lifecycle)_/i.test(key)) delete env[key];
  return env;
}
