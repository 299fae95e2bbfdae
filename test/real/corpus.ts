// The real-code corpus: repos.json (which repositories, pinned commits, which files), expectations.json
// (a verdict for every finding), and where the files come from. The files themselves are not committed
// (third-party code stays out of this repository's history): they are laid out from git snapshots of
// the repositories, or read from test/real/corpus/ when someone has laid them out there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const HERE = resolve('test/real');
export const DEFAULT_CORPUS = join(HERE, 'corpus');
export const DEFAULT_MIRROR = process.env.IMGPROXY_URL_LINT_MIRROR ?? '/work/.mirror';

export interface CorpusRepo { repo: string; commit: string; license: string; covers: string; files: string[] }
export interface Expectation { file: string; line: number; rule: string; verdict: boolean; class?: number | string; reason: string }

export const REPOS: CorpusRepo[] = JSON.parse(readFileSync(join(HERE, 'repos.json'), 'utf8'));
export const EXPECTATIONS: Record<string, Expectation[]> = JSON.parse(readFileSync(join(HERE, 'expectations.json'), 'utf8'));

/** The folder name of a repository in the corpus: owner__name. */
export const corpusName = (repo: string) => repo.replace('/', '__');

/**
 * The git directory holding a snapshot of repo, if there is one. The fetch tool lays a snapshot out
 * either bare (`repo` is the git directory) or as a clone without a work tree (`repo/.git`).
 */
export function snapshotDir(repo: string, mirror = DEFAULT_MIRROR): string | undefined {
  const dir = join(mirror, repo.replace('/', '+'), 'repo');
  if (existsSync(join(dir, 'HEAD'))) return dir;
  return existsSync(join(dir, '.git', 'HEAD')) ? join(dir, '.git') : undefined;
}

/** True when every listed file of entry is under root (a laid-out corpus folder). */
export function isComplete(entry: CorpusRepo, root: string): boolean {
  return entry.files.every((file) => existsSync(join(root, file)));
}

/**
 * Writes entry's files, at its pinned commit, into out/<owner>__<name>/<path>. Returns that folder, or
 * undefined when there is no snapshot of the repository. Throws when the snapshot lacks the commit or a file.
 */
export function materialiseRepo(entry: CorpusRepo, out: string, mirror = DEFAULT_MIRROR): string | undefined {
  const gitDir = snapshotDir(entry.repo, mirror);
  if (gitDir === undefined) return undefined;
  const root = join(out, corpusName(entry.repo));
  // One `git cat-file --batch` for all files: "<oid> blob <size>\n<bytes>\n" per request, in order.
  const batch = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], {
    input: entry.files.map((file) => `${entry.commit}:${file}\n`).join(''),
    maxBuffer: 1 << 28,
  });
  let at = 0;
  for (const file of entry.files) {
    const eol = batch.indexOf(10, at);
    const header = batch.subarray(at, eol).toString();
    const size = /^[0-9a-f]{40,64} blob (\d+)$/.exec(header)?.[1];
    if (size === undefined) throw new Error(`${entry.repo}@${entry.commit}: cannot read ${file} from ${gitDir}: ${header}`);
    const target = join(root, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, batch.subarray(eol + 1, eol + 1 + Number(size)));
    at = eol + 1 + Number(size) + 1;
  }
  return root;
}
