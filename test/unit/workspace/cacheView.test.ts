// The cache file read folder by folder from disk (CacheView): the index is built by streaming the file
// in chunks, so folder names (UTF-8 split anywhere), lines longer than a chunk and damaged lines must
// read the same whatever the chunk size; a save copies the folders not read from the file as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheView, ScanCache, makeEntry, type CacheEntry } from '../../../server/src/workspace/index.js';

const VERSION = '9.9.9';

/** Entries in folders named with multi-byte characters, one folder with many files (a line of ~90 KB). */
function entries(): Map<string, CacheEntry> {
  const all = new Map<string, CacheEntry>();
  const finding = { rule: 'host-uppercase', severity: 'warning', message: 'Ünïcödé 😀 host', start: 1, end: 9, url: 'https://x/É', fix: null, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 9 } }, fixRange: null };
  for (let d = 0; d < 40; d++) {
    const dir = `/root/pkg-é${'😀'.repeat(d % 5)}-${d}/src`;
    const files = d === 17 ? 900 : 1 + (d % 4);
    for (let f = 0; f < files; f++) {
      const result = f % 3 === 0 ? { findings: [{ ...finding, message: `${finding.message} ${d}/${f}` }] } : { findings: [] };
      all.set(`${dir}/fïle-${f}.ts`, makeEntry(100 + f, 1_700_000_000_000 + d, 'k'.repeat(22), f % 7 === 0 ? 'h'.repeat(27) : null, result as never));
    }
  }
  return all;
}

test('CacheView: every entry read back, whatever the chunk size the index streams the file in, in any order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iul-cacheview-'));
  try {
    const file = join(dir, 'cache');
    const cache = ScanCache.load(file, VERSION, () => assert.fail('no note for a missing file'));
    const all = entries();
    for (const [path, entry] of all) cache.set(path, entry);
    cache.save(() => assert.fail('saved'));
    // A damaged line (no tab) in the middle of nowhere is skipped, not fatal.
    appendFileSync(file, '"/root/damaged"{"x":1}\n');
    assert.ok(readFileSync(file).length > 100_000);
    for (const chunk of [7, 64, 4096, 1 << 20]) {
      const view = CacheView.open(file, VERSION, chunk);
      try {
        // In the file's order (read ahead serves most), then backwards (every folder read again).
        for (const [path, entry] of all) assert.deepEqual(view.get(path), entry, `${path} (chunk ${chunk})`);
        const backwards = CacheView.open(file, VERSION, chunk);
        for (const [path, entry] of [...all].reverse()) assert.deepEqual(backwards.get(path), entry, `${path} backwards (chunk ${chunk})`);
        backwards.close();
        assert.equal(view.get('/root/damaged/x'), undefined);
        assert.equal(view.get('/root/unknown/x.ts'), undefined);
      } finally {
        view.close();
      }
    }
    // Another tool version: nothing.
    const other = CacheView.open(file, '0.0.1');
    assert.equal(other.get([...all.keys()][0]), undefined);
    other.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a save keeps the folders it did not read, byte for byte, and adds the new entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iul-cacheview-'));
  try {
    const file = join(dir, 'cache');
    const first = ScanCache.load(file, VERSION, () => undefined);
    const all = entries();
    for (const [path, entry] of all) first.set(path, entry);
    first.save(() => assert.fail('saved'));
    const before = readFileSync(file, 'utf8');

    const second = ScanCache.load(file, VERSION, () => undefined);
    const added = makeEntry(5, 6, 'k'.repeat(22), null, { findings: [] });
    second.set('/root/new-folder/a.ts', added);
    second.save(() => assert.fail('saved'));
    const after = readFileSync(file, 'utf8');
    for (const line of before.split('\n').slice(1)) assert.ok(after.includes(line), `kept: ${line.slice(0, 40)}`);
    const view = CacheView.open(file, VERSION, 64);
    assert.deepEqual(view.get('/root/new-folder/a.ts'), added);
    for (const [path, entry] of all) assert.deepEqual(view.get(path), entry);
    view.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
