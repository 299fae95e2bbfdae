// Files and folders that change while the walker is between its steps, made deterministic by a file
// system that changes the real disk at the worst moment: deleted after listing, replaced by a folder or a
// FIFO, a folder removed before it is listed, a file growing or shrinking during the read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeFs, walkFiles, type WalkEntry, type WorkspaceFs } from '../../server/src/workspace/index.js';
import { tempTree, UPPER_URL } from './helpers.js';

async function collect(roots: string[], fs: WorkspaceFs, root: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of walkFiles(roots, { fs, env: {} }) as AsyncGenerator<WalkEntry>) {
    const rel = relative(root, entry.path);
    out.push(entry.kind === 'file' ? `${rel}${entry.file ? ` (${entry.file.text.length})` : ''}` : `${rel} [${entry.reason}]`);
  }
  return out;
}

test('the walker meets files that change between listing and reading: each is a skip or its text, never a throw', async (t) => {
  const body = `"${UPPER_URL}"\n`;
  const { root, cleanup } = tempTree({ 'a-deleted.ts': body, 'b-folder.ts': body, 'c-fifo.ts': body, 'd-grows.ts': body, 'e-shrinks.ts': body, 'f-ok.ts': body, 'sub/g.ts': body });
  t.after(cleanup);
  const fs: WorkspaceFs = {
    ...nodeFs,
    async readFile(path, options) {
      const name = relative(root, path);
      if (name === 'a-deleted.ts') unlinkSync(path);
      if (name === 'b-folder.ts') {
        unlinkSync(path);
        mkdirSync(path);
      }
      if (name === 'c-fifo.ts') {
        unlinkSync(path);
        execFileSync('mkfifo', [path]);
      }
      const read = await nodeFs.readFile(path, options);
      if (name === 'd-grows.ts') appendFileSync(path, 'more');
      if (name === 'e-shrinks.ts') truncateSync(path, 3);
      return read;
    },
    async readdir(path) {
      const list = await nodeFs.readdir(path);
      if (relative(root, path) === '') rmSync(join(root, 'sub'), { recursive: true, force: true }); // listed, then gone
      return list;
    },
  };
  const listing = await Promise.race([collect([root], fs, root), new Promise<string[]>((_, reject) => setTimeout(() => reject(new Error('the walk hangs (a FIFO opened?)')), 10_000))]);
  assert.deepEqual(listing, [
    'a-deleted.ts [not-found]',
    'b-folder.ts [unreadable]',
    'c-fifo.ts [unreadable]',
    `d-grows.ts (${body.length})`,
    `e-shrinks.ts (${body.length})`,
    `f-ok.ts (${body.length})`,
    'sub [not-found]',
  ]);
});

test('a root that is deleted, or replaced by a file, after the walk starts', async (t) => {
  const { root, cleanup } = tempTree({ 'x/a.ts': 'a', 'y/b.ts': 'b' });
  t.after(cleanup);
  const fs: WorkspaceFs = {
    ...nodeFs,
    async readdir(path) {
      if (relative(root, path) === 'y') {
        rmSync(path, { recursive: true });
        writeFileSync(path, 'now a file');
      }
      return nodeFs.readdir(path);
    },
  };
  const listing = await collect([join(root, 'x'), join(root, 'y')], fs, root);
  assert.deepEqual(listing, ['x/a.ts (1)', 'y [unreadable]']);
});

// The scan pool's reader (scanFileSync, in the worker threads of a read-only CLI run) meets the same race:
// a path listed as a file that is a FIFO by the time it is opened. openSync(path, 'r') would block its
// worker forever. Run in a child process so that a hang is a failure, not a stuck test run.
test('the scan pool reader never blocks on a path that became a FIFO', async (t) => {
  const { spawnSync } = await import('node:child_process');
  const { root, cleanup } = tempTree({});
  t.after(cleanup);
  const fifo = join(root, 'became-a-fifo.ts');
  execFileSync('mkfifo', [fifo]);
  const script = `import { scanFileSync } from ${JSON.stringify(join(process.cwd(), 'server/src/workspace/index.ts'))};
import { defaultLintOptions } from ${JSON.stringify(join(process.cwd(), 'server/src/core/index.ts'))};
console.log(JSON.stringify(scanFileSync(${JSON.stringify(fifo)}, 1 << 20, defaultLintOptions())));`;
  const { writeFileSync: write } = await import('node:fs');
  write(join(root, 'scan.mts'), script);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scan.mts')], { encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' });
  assert.equal(result.signal, null, 'scanFileSync blocked on a FIFO (killed after 15 s)');
  const scanned = JSON.parse(result.stdout.trim().split('\n').pop()!);
  assert.equal(scanned.kind, 'skip', result.stdout);
});
