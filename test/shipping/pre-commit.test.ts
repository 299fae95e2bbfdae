// The pre-commit hook as a team uses it: Debian's pre-commit, a throwaway project whose
// .pre-commit-config.yaml points at a throwaway git copy of this repository (as a fresh clone has it), the
// hook installed into .git/hooks, and `git commit` of a staged bad file. pre-commit builds the hook's
// node environment itself (system Node through nodeenv; `npm install` of the repository, `npm pack`, whose
// prepack makes the release build, and `npm install -g` of the tarball) with npm offline: everything comes
// from the npm cache that `npm ci` filled, nothing from the network.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UPPER, CLEAN } from '../cli/helpers.js';
import { copyOfWorkingTree, offlineEnv, run, tempDir } from './helpers.js';

const PRE_COMMIT = '/usr/bin/pre-commit';
const env = offlineEnv({
  PRE_COMMIT_HOME: tempDir('pre-commit-home'),
  GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
});
const git = (cwd: string, ...args: string[]) => {
  const r = run('git', args, { cwd, env });
  assert.equal(r.code, 0, `git ${args.join(' ')}:\n${r.output}`);
  return r.stdout.trim();
};

let project: string;
before(() => {
  // The hook repository: pre-commit clones it at a commit, so the work in progress is committed in a copy.
  const hookRepo = copyOfWorkingTree('hook-repo');
  git(hookRepo, 'init', '-q');
  git(hookRepo, 'add', '-A');
  git(hookRepo, 'commit', '-q', '-m', 'hook repository under test');
  const rev = git(hookRepo, 'rev-parse', 'HEAD');

  project = tempDir('pre-commit-project');
  git(project, 'init', '-q');
  writeFileSync(join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: imgproxy-url-lint\n`);
  const install = run(PRE_COMMIT, ['install'], { cwd: project, env });
  assert.equal(install.code, 0, `pre-commit install (Debian package pre-commit, .ci/apt-packages.txt):\n${install.output}`);
  git(project, 'add', '.pre-commit-config.yaml');
});

test('git commit of a staged file with an uppercase source host fails with the finding; unstaged files are not linted', () => {
  writeFileSync(join(project, 'images.ts'), `export const a = '${UPPER}';\n`);
  // Not staged: the hook gets the staged file names only.
  writeFileSync(join(project, 'unstaged.ts'), `export const b = '${UPPER}';\n`);
  git(project, 'add', 'images.ts');
  const commit = run('git', ['commit', '-m', 'add images'], { cwd: project, env });
  assert.notEqual(commit.code, 0, `the commit went through:\n${commit.output}`);
  assert.match(commit.output, /imgproxy-url-lint\.+Failed/);
  assert.match(commit.output, /images\.ts/);
  assert.match(commit.output, /CDN\.Example\.com.*host-uppercase/);
  assert.doesNotMatch(commit.output, /unstaged\.ts/);
  assert.match(commit.output, /1 problem/);
});

test('after the fix the commit goes through', () => {
  writeFileSync(join(project, 'images.ts'), `export const a = '${CLEAN}';\n`);
  git(project, 'add', 'images.ts');
  const commit = run('git', ['commit', '-m', 'add images'], { cwd: project, env });
  assert.equal(commit.code, 0, commit.output);
  assert.match(commit.output, /imgproxy-url-lint\.+Passed/);
  assert.equal(git(project, 'log', '--format=%s', '-1'), 'add images');
});
