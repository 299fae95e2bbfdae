import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MemoryFs, nodeFs, readTextFile, encodeText } from '../../../server/src/workspace/index.js';
import { makeTree } from './helpers.js';

test('UTF-8 with a BOM: text without it, bom kept aside, version and mode from the read', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': '\uFEFFconst a = "ü";\r\n' });
  try {
    const file = await readTextFile(join(root, 'a.ts'), 1000);
    assert.equal(file.kind, 'text');
    if (file.kind !== 'text') return;
    assert.equal(file.text, 'const a = "ü";\r\n');
    assert.equal(file.bom, true);
    assert.equal(file.invalidUtf8, false);
    assert.equal(file.version.size, 3 + Buffer.byteLength('const a = "ü";\r\n'));
    assert.equal(file.mode & 0o777, 0o644 & ~process.umask());
    assert.deepEqual(Buffer.from(encodeText(file.text, file.bom)), Buffer.from('\uFEFFconst a = "ü";\r\n'));
    assert.deepEqual(Buffer.from(encodeText('\uFEFFx', true)), Buffer.from('\uFEFFx'), 'never two BOMs');
  } finally {
    cleanup();
  }
});

test('invalid UTF-8 is linted with U+FFFD and flagged, so nobody rewrites it', async () => {
  const mem = new MemoryFs({ 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x68]) }, '/ws');
  const file = await readTextFile('/ws/latin1.txt', 100, mem);
  assert.ok(file.kind === 'text');
  assert.equal(file.text, 'caf\uFFFD h');
  assert.equal(file.invalidUtf8, true);
});

test('binary, too large, missing, a folder: skips with reasons, never a throw', async () => {
  const mem = new MemoryFs({ 'bin': Buffer.from([1, 2, 0, 3]), 'big.txt': 'x'.repeat(101), 'ok.txt': 'x'.repeat(100), 'dir/x': '' }, '/ws');
  const reasons = [];
  for (const name of ['bin', 'big.txt', 'ok.txt', 'missing', 'dir']) {
    const r = await readTextFile(`/ws/${name}`, 100, mem);
    reasons.push(r.kind === 'skip' ? r.reason : 'text');
  }
  assert.deepEqual(reasons, ['binary', 'too-large', 'text', 'not-found', 'unreadable']);
});

test('a too-large file is not read at all', async () => {
  const mem = new MemoryFs({ 'big.txt': 'x'.repeat(101) }, '/ws');
  let dataSeen = false;
  const r = await readTextFile('/ws/big.txt', 100, {
    ...mem,
    stat: (p) => mem.stat(p),
    lstat: (p) => mem.lstat(p),
    readdir: (p) => mem.readdir(p),
    realpath: (p) => mem.realpath(p),
    readFile: async (p, o) => {
      const res = await mem.readFile(p, o);
      dataSeen = res.data !== undefined;
      return res;
    },
  });
  assert.equal(r.kind, 'skip');
  assert.equal(dataSeen, false);
});

test('nodeFs.readFile with maxBytes returns only the stat of a larger file', async () => {
  const { root, cleanup } = makeTree({ 'big.txt': 'x'.repeat(101), 'ok.txt': 'x'.repeat(100) });
  try {
    const big = await nodeFs.readFile(join(root, 'big.txt'), { maxBytes: 100 });
    assert.equal(big.data, undefined);
    assert.equal(big.stat.size, 101);
    const ok = await nodeFs.readFile(join(root, 'ok.txt'), { maxBytes: 100 });
    assert.equal(ok.data?.length, 100);
    await assert.rejects(nodeFs.readFile(root), { code: 'EISDIR' });
  } finally {
    cleanup();
  }
});
