// The tree scan (scanTree): the same parts whatever the threads do (none, two with a tiny budget so
// folders are handed back and forth), in path order; the cache (hits read nothing, ambiguous entries
// are checked by content, options changes invalidate, bad cache files are noted, never fatal); shards
// (every file in exactly one, their union the whole). Real folders, real worker threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex, lintText, defaultLintOptions } from '../../../server/src/core/index.js';
import { ScanCache, scanTree, walkFiles, readTextFile, type ResultPart, type TreeScanOptions } from '../../../server/src/workspace/index.js';
import { makeTree, type TreeSpec } from './helpers.js';

const UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const CLEAN = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';

/** Names chosen so that walk order (by name) and path order differ: `a-b/` sorts before `a/` as a path. */
function spec(): TreeSpec {
  const files: TreeSpec = { '.gitignore': 'ignored/\n*.log\n', 'ignored/x.ts': `'${UPPER}'`, 'a.log': `'${UPPER}'` };
  for (let i = 0; i < 90; i++) {
    const dir = ['a', 'a-b', 'a.c', 'a/b', 'a/b-c', 'z'][Math.floor(i / 15)];
    const name = `${dir}/f${i % 4}-${i}`;
    if (i % 13 === 0) files[`${name}.png`] = Buffer.from([0x89, 0x50, 0, 1, i]);
    else if (i % 3 === 0) files[`${name}.ts`] = `// ${i}\nconst u = "${UPPER}"; const v = '${CLEAN}';\nconst w = "${UPPER}";\n`;
    else files[`${name}.md`] = `# ${i}\nno URL here\n`;
  }
  return files;
}

/** The CLI's worker script, run from source (the tree scan has no default: without one it scans in process). */
const WORKER = join(__dirname, '../../../server/src/cli/scanWorker.ts');

/** A scan that never ends (a task lost between threads) fails the test instead of holding the suite. */
const HANGS_FAIL = { timeout: 120_000 };

function base(root: string, extra: Partial<TreeScanOptions> = {}): TreeScanOptions {
  return { cwd: root, env: {}, exclude: [], overrides: { rules: {} }, script: WORKER, ...extra };
}

async function scan(root: string, options: TreeScanOptions): Promise<ResultPart[]> {
  const parts: ResultPart[] = [];
  await scanTree([root], options, (part) => parts.push(part));
  return parts;
}

/** The parts as the report sees them: files scanned, findings by file, skips (chunking is the threads' business). */
function flat(root: string, parts: ResultPart[]) {
  return {
    filesScanned: parts.reduce((n, p) => n + p.filesScanned, 0),
    findings: parts.flatMap((p) => p.findings.map(([path, fs]) => [relative(root, path), fs] as const)),
    skips: parts.flatMap((p) => p.skips.map((s) => `${relative(root, s.path)} ${s.reason}`)),
  };
}

test('scanTree: in process and on two threads (folders handed back and forth) the same results, in path order', HANGS_FAIL, async () => {
  const { root, cleanup } = makeTree(spec());
  try {
    const inProcess = flat(root, await scan(root, base(root, { workers: 0 })));
    const threaded = await scan(root, base(root, { workers: 2, budget: 3, inProcessFirst: 0 }));
    assert.ok(threaded.length > 3, 'the work came back in several parts');
    assert.deepEqual(flat(root, threaded), inProcess);

    // What the sequential walk + lintText gives, files sorted as paths (the report's order).
    let scanned = 0;
    const expected: [string, unknown[]][] = [];
    for await (const entry of walkFiles([root], { env: {}, read: false })) {
      if (entry.kind === 'skip') continue;
      const read = await readTextFile(entry.path, 1 << 25);
      if (read.kind === 'skip') continue;
      scanned++;
      const index = new LineIndex(read.text);
      const findings = lintText(read.text, defaultLintOptions(), entry.path).map((f) => ({ ...f, range: index.range(f.start, f.end), fixRange: f.fix ? index.range(f.fix.start, f.fix.end) : null }));
      if (findings.length > 0) expected.push([relative(root, entry.path), findings]);
    }
    expected.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    assert.equal(inProcess.filesScanned, scanned);
    assert.deepEqual(inProcess.findings.map(([f]) => f), expected.map(([f]) => f));
    assert.deepEqual(inProcess.findings.map(([, fs]) => fs.length), expected.map(([, fs]) => fs.length));
    assert.ok(inProcess.findings.map(([f]) => f).indexOf('a-b/f3-15.ts') < inProcess.findings.map(([f]) => f).indexOf('a/b/f0-48.ts'), 'a-b/ before a/');
    assert.ok(!inProcess.findings.some(([f]) => f.startsWith('ignored') || f.endsWith('.log')));
    assert.deepEqual(inProcess.skips, [...inProcess.skips].sort(), 'skips in path order');
    assert.ok(inProcess.skips.length > 3 && inProcess.skips.every((s) => s.endsWith(' binary')));
  } finally {
    cleanup();
  }
});

test('scanTree without a worker script scans in process', HANGS_FAIL, async () => {
  const { root, cleanup } = makeTree(spec());
  try {
    const parts = await scan(root, base(root, { workers: 2, inProcessFirst: 0, budget: 3, script: join(root, 'no-such-worker.js') }));
    assert.deepEqual(flat(root, parts), flat(root, await scan(root, base(root, { workers: 0 }))));
  } finally {
    cleanup();
  }
});

test('a file too big for a worker\'s heap costs that worker only: its task is scanned in process, nothing lost', HANGS_FAIL, async () => {
  const files = spec();
  // 4 MB of URLs: well over what a 12 MB old generation holds once the engine has read them.
  files['a/b/huge.ts'] = Array.from({ length: 40_000 }, (_, i) => `"${UPPER}?${i}",`).join('\n');
  const { root, cleanup } = makeTree(files);
  try {
    const threaded = flat(root, await scan(root, base(root, { workers: 2, budget: 5, inProcessFirst: 0, workerHeapMb: 12 })));
    const huge = threaded.findings.find(([file]) => file === join('a', 'b', 'huge.ts'));
    assert.ok((huge?.[1].length ?? 0) >= 40_000, 'every URL of the huge file reported');
    assert.deepEqual(threaded, flat(root, await scan(root, base(root, { workers: 0 }))));
  } finally {
    cleanup();
  }
});

test('a worker that ends by itself while idle is not waited for: the scan finishes, nothing lost', { timeout: 60_000 }, async () => {
  const { root, cleanup } = makeTree(spec());
  try {
    const script = join(__dirname, 'workers', 'exits-when-idle.ts');
    // One task takes everything (a budget larger than the tree), then the worker ends, idle.
    const parts = await scan(root, base(root, { workers: 1, budget: 1_000, inProcessFirst: 0, script }));
    assert.deepEqual(flat(root, parts), flat(root, await scan(root, base(root, { workers: 0 }))));
  } finally {
    cleanup();
  }
});

test('shards: every file in exactly one, and their union is the whole scan', HANGS_FAIL, async () => {
  const { root, cleanup } = makeTree(spec());
  try {
    const whole = flat(root, await scan(root, base(root, { workers: 2, budget: 5, inProcessFirst: 0 })));
    const shards = [];
    for (let index = 0; index < 3; index++) shards.push(flat(root, await scan(root, base(root, { workers: 2, budget: 5, inProcessFirst: 0, shard: { index, count: 3 } }))));
    assert.ok(shards.every((s) => s.filesScanned > 0), 'no empty shard');
    assert.equal(shards.reduce((n, s) => n + s.filesScanned, 0), whole.filesScanned);
    const merged = shards.flatMap((s) => s.findings).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    assert.deepEqual(merged, whole.findings);
    assert.deepEqual(shards.flatMap((s) => s.skips).sort(), whole.skips);
  } finally {
    cleanup();
  }
});

async function cachedScan(root: string, cacheFile: string, extra: Partial<TreeScanOptions> = {}) {
  // As the CLI does: the header checked here, the file read once and indexed by each thread.
  const notes: string[] = [];
  const cache = ScanCache.load(cacheFile, '1.0.0', (n) => notes.push(n));
  const parts = await scan(root, base(root, { workers: 2, budget: 5, inProcessFirst: 0, cache: { file: cache.readable, version: '1.0.0' }, ...extra }));
  let fresh = 0;
  for (const part of parts) for (const [path, entry] of part.cacheEntries) (fresh++, cache.set(path, entry));
  cache.save((n) => notes.push(n));
  return { result: flat(root, parts), fresh, notes };
}

test('--cache: the same results; a warm run reads no unchanged file; content checked when size and mtime are ambiguous', HANGS_FAIL, async () => {
  const { root, cleanup } = makeTree(spec());
  const outside = makeTree({});
  try {
    const cacheFile = join(outside.root, 'cache', 'scan.json');
    const old = new Date(Date.now() - 60_000);
    // Files last changed a minute ago: size and mtime are proof enough. One just written: ambiguous.
    for (const name of ['a/f0-0.png', 'a/f3-3.ts', 'a-b/f0-16.md', 'a-b/f3-15.ts']) utimesSync(join(root, name), old, old);
    const uncached = flat(root, await scan(root, base(root, { workers: 0 })));
    const cold = await cachedScan(root, cacheFile);
    assert.deepEqual(cold.result, uncached);
    assert.ok(cold.fresh > 50, `${cold.fresh} entries written`);
    const warm = await cachedScan(root, cacheFile);
    assert.deepEqual(warm.result, uncached);

    // Unchanged size and mtime, not ambiguous: the entry is trusted, the file not read (its new
    // content, which has no finding, is not seen).
    const trusted = join(root, 'a-b/f3-15.ts');
    const before = readFileSync(trusted, 'utf8');
    writeFileSync(trusted, before.replace('CDN.Example.com', 'cdn.example.com'));
    utimesSync(trusted, old, old);
    const third = await cachedScan(root, cacheFile);
    assert.deepEqual(third.result, uncached, 'the cached findings, so the file was not read');

    // Ambiguous (written just now): same size and mtime, other bytes → the content hash tells.
    const racy = join(root, 'a/b/f0-48.ts');
    const { mtime } = statSync(racy);
    writeFileSync(racy, readFileSync(racy, 'utf8').replaceAll('CDN.Example.com', 'cdn.example.com'));
    utimesSync(racy, mtime, mtime);
    const fourth = await cachedScan(root, cacheFile);
    const racyFindings = fourth.result.findings.find(([f]) => f === 'a/b/f0-48.ts')?.[1] ?? [];
    assert.ok(racyFindings.length < (uncached.findings.find(([f]) => f === 'a/b/f0-48.ts')?.[1].length ?? 0), 'the changed content was linted');

    // Other options (a rule turned off): those entries no longer apply.
    const off = await cachedScan(root, cacheFile, { overrides: { rules: { 'host-uppercase': 'off' } } });
    assert.deepEqual(off.result.findings.filter(([, fs]) => fs.some((f) => f.rule === 'host-uppercase')), []);
    assert.ok(off.fresh > 50);
  } finally {
    cleanup();
    outside.cleanup();
  }
});

test('--cache: a corrupt cache file is noted and rebuilt, a foreign one noted and left alone', HANGS_FAIL, async () => {
  const { root, cleanup } = makeTree(spec());
  const outside = makeTree({});
  try {
    // Files last changed a minute ago: entries are never ambiguous, so "rebuilt" counts only what the
    // damaged line forces (a file written within 2 s of a scan is re-hashed and rewritten, which made
    // this count depend on how fast the machine ran the test).
    const old = new Date(Date.now() - 60_000);
    for (const name of Object.keys(spec())) utimesSync(join(root, name), old, old);
    const uncached = flat(root, await scan(root, base(root, { workers: 0 })));
    const corrupt = join(outside.root, 'corrupt.json');
    writeFileSync(corrupt, 'imgproxy-url-lint cache 2 "1.0.0"\n"/x"\t{"a": [1,');
    const first = await cachedScan(root, corrupt);
    assert.deepEqual(first.result, uncached);
    assert.match(first.notes.join('\n'), /ignoring the cache file .*corrupt\.json: it is cut short/);
    assert.ok(readFileSync(corrupt, 'utf8').length > 1000, 'rebuilt');
    assert.deepEqual((await cachedScan(root, corrupt)).notes, []);
    // A damaged folder line in a whole file: that folder is scanned afresh, the rest still used.
    const text = readFileSync(corrupt, 'utf8');
    const damaged = text.replace(/\t\{"f0-0\.png"/, '\t{"f0-0.png"]]');
    assert.notEqual(damaged, text);
    writeFileSync(corrupt, damaged);
    const third = await cachedScan(root, corrupt);
    assert.deepEqual(third.result, uncached);
    assert.ok(third.fresh > 0 && third.fresh < 20, `${third.fresh} entries rebuilt`);

    const foreign = join(outside.root, 'package.json');
    writeFileSync(foreign, '{"name":"not-a-cache"}\n');
    const second = await cachedScan(root, foreign);
    assert.deepEqual(second.result, uncached);
    assert.match(second.notes.join('\n'), /not an imgproxy-url-lint cache; it is left as it is/);
    assert.equal(readFileSync(foreign, 'utf8'), '{"name":"not-a-cache"}\n');
  } finally {
    cleanup();
    outside.cleanup();
  }
});
