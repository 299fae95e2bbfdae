import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, chmodSync, lstatSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FileChangedError, readTextFile, writeFileAtomic } from '../../../server/src/workspace/index.js';
import { makeTree } from './helpers.js';

async function readText(path: string) {
  const file = await readTextFile(path, 1 << 20);
  assert.ok(file.kind === 'text');
  return file;
}

test('writes the new text, keeps mode, BOM and the caller\'s line endings, leaves no temp file', async () => {
  const { root, cleanup } = makeTree({ 'run.sh': '\uFEFFecho HTTPS://A\r\n' });
  const path = join(root, 'run.sh');
  try {
    chmodSync(path, 0o777); // wider than the umask lets open() create: only an explicit chmod keeps it
    const file = await readText(path);
    const version = await writeFileAtomic(path, file.text.replace('HTTPS://A', 'https://a'), file);
    assert.equal(readFileSync(path, 'utf8'), '\uFEFFecho https://a\r\n');
    assert.equal(statSync(path).mode & 0o7777, 0o777);
    assert.deepEqual(readdirSync(root), ['run.sh']);
    assert.equal(version.size, statSync(path).size);
    // The returned version allows a second write without re-reading.
    await writeFileAtomic(path, 'second\n', version);
    assert.equal(readFileSync(path, 'utf8'), 'second\n');
  } finally {
    cleanup();
  }
});

test('refuses a file modified since it was read (same size, other mtime) and leaves it alone', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': 'one' });
  const path = join(root, 'a.ts');
  try {
    const file = await readText(path);
    writeFileSync(path, 'two');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    await assert.rejects(writeFileAtomic(path, 'fixed', file), (error: unknown) => {
      assert.ok(error instanceof FileChangedError);
      assert.equal(error.reason, 'modified');
      assert.match(error.message, /a\.ts: not written, the file was modified since it was read/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), 'two');
    assert.deepEqual(readdirSync(root), ['a.ts']);
  } finally {
    cleanup();
  }
});

test('by content: refuses a change that kept size and mtime; accepts an untouched file', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': 'one' });
  const path = join(root, 'a.ts');
  try {
    const before = statSync(path);
    writeFileSync(path, 'two');
    utimesSync(path, before.atime, before.mtime);
    await assert.rejects(writeFileAtomic(path, 'fixed', { content: 'one' }), FileChangedError);
    assert.equal(readFileSync(path, 'utf8'), 'two');
    await writeFileAtomic(path, 'fixed', { content: Buffer.from('two') });
    assert.equal(readFileSync(path, 'utf8'), 'fixed');
  } finally {
    cleanup();
  }
});

test('refuses a deleted file and does not recreate it', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': 'one' });
  const path = join(root, 'a.ts');
  try {
    const file = await readText(path);
    unlinkSync(path);
    await assert.rejects(writeFileAtomic(path, 'fixed', file), (e: unknown) => e instanceof FileChangedError && e.reason === 'deleted');
    assert.deepEqual(readdirSync(root), []);
  } finally {
    cleanup();
  }
});

test('writing through a symlink replaces the target and keeps the link', async () => {
  const { root, cleanup } = makeTree({ 'real.ts': 'one', 'link.ts': { symlink: 'real.ts' } });
  try {
    const file = await readText(join(root, 'link.ts'));
    await writeFileAtomic(join(root, 'link.ts'), 'two', file);
    assert.ok(lstatSync(join(root, 'link.ts')).isSymbolicLink());
    assert.equal(readFileSync(join(root, 'real.ts'), 'utf8'), 'two');
  } finally {
    cleanup();
  }
});

test('refuses to rewrite a file read as invalid UTF-8', async () => {
  const { root, cleanup } = makeTree({ 'a.txt': Buffer.from([0x61, 0xff, 0x62]) });
  const path = join(root, 'a.txt');
  try {
    const file = await readText(path);
    await assert.rejects(writeFileAtomic(path, file.text, file), /not valid UTF-8/);
    assert.deepEqual(readFileSync(path), Buffer.from([0x61, 0xff, 0x62]));
  } finally {
    cleanup();
  }
});

test('a failure at the rename leaves the original whole and removes the temp file', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': 'original' });
  const path = join(root, 'a.ts');
  const seenDuringRename: string[][] = [];
  const rename = mock.method(fsp, 'rename', async () => {
    seenDuringRename.push(readdirSync(root).sort());
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  });
  try {
    const file = await readText(path);
    await assert.rejects(writeFileAtomic(path, 'new content', file), /ENOSPC/);
    assert.equal(rename.mock.callCount(), 1);
    assert.equal(seenDuringRename[0].length, 2, 'the temp file sat next to the original');
    assert.match(seenDuringRename[0][0], /^\.a\.ts\.\d+\.[0-9a-f]+\.tmp$/);
    assert.equal(readFileSync(path, 'utf8'), 'original');
    assert.deepEqual(readdirSync(root), ['a.ts']);
  } finally {
    rename.mock.restore();
    cleanup();
  }
});
