// The built CLI with --cache and --shard, on two worker threads (`--concurrency 2`): the JSON and SARIF
// output byte-identical to a run in one thread without the cache (cold, then warm), and the shards'
// reports merging into exactly the whole run's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tree, UPPER, UPPER_B64, CLEAN } from './helpers.js';
import { scanThreads, SMALL_TREE_CACHE_BYTES } from '../../server/src/cli/run.js';
import { ScanCache } from '../../server/src/workspace/index.js';
import { version } from '../../package.json';

function files(): Record<string, string | Buffer> {
  const out: Record<string, string | Buffer> = {};
  for (let i = 0; i < 240; i++) {
    const name = `${['pkg', 'pkg-a', 'pkg.b', 'pkg/sub'][i % 4]}/src${i % 3}/f${String(i).padStart(3, '0')}`;
    if (i % 25 === 0) out[`${name}.png`] = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, i]);
    else if (i % 4 === 0) out[`${name}.ts`] = `// 😀 ${i}\nconst a = "${UPPER}";\nconst b = '${UPPER_B64}'; const c = "${CLEAN}";\n`;
    else out[`${name}.md`] = `# ${i}\nNo URL here, only text.\n`;
  }
  return out;
}

for (const format of ['json', 'sarif'] as const) {
  test(`--cache: --format ${format} byte-identical without the cache, cold and warm; the cache file in node_modules/.cache`, () => {
    const root = tree(files());
    mkdirSync(join(root, 'node_modules'));
    const plain = runCli(['--format', format, '--concurrency', 'off', '.'], root);
    assert.equal(plain.code, 1, plain.stderr);
    const cold = runCli(['--format', format, '--concurrency', '2', '--cache', '.'], root);
    assert.equal(cold.stderr, '');
    assert.equal(cold.stdout, plain.stdout);
    const folder = join(root, 'node_modules', '.cache', 'imgproxy-url-lint');
    const cacheFiles = readdirSync(folder);
    assert.equal(cacheFiles.length, 1);
    const warm = runCli(['--format', format, '--concurrency', '2', '--cache', '.'], root);
    assert.equal(warm.stdout, plain.stdout);
    assert.equal(warm.code, plain.code);
    assert.match(readFileSync(join(folder, cacheFiles[0]), "utf8"), /^imgproxy-url-lint cache 2 /);
  });
}

test('--cache-location names the file; without node_modules the default is .imgproxy-url-lint-cache', () => {
  const root = tree(files());
  const cold = runCli(['--format', 'json', '--cache', 'pkg'], root);
  assert.equal(cold.code, 1, cold.stderr);
  assert.ok(existsSync(join(root, '.imgproxy-url-lint-cache')));
  runCli(['--format', 'json', '--cache', '--cache-location', 'my.cache', 'pkg'], root);
  assert.ok(existsSync(join(root, 'my.cache')));
  // A foreign file there is noted and left alone; the results are the same.
  const foreign = runCli(['--format', 'json', '--cache', '--cache-location', 'pkg/src0/f000.png', 'pkg'], root);
  assert.equal(foreign.stdout, cold.stdout);
  assert.match(foreign.stderr, /ignoring the cache file .*f000\.png: not an imgproxy-url-lint cache/);
});

test('--shard i/n: each shard complete JSON, merged they are the whole run', () => {
  const root = tree(files());
  const whole = JSON.parse(runCli(['--format', 'json', '--concurrency', 'off', '.'], root).stdout);
  const shards = [1, 2, 3].map((i) => {
    const run = runCli(['--format', 'json', '--concurrency', '2', '--shard', `${i}/3`, '.'], root);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    return JSON.parse(run.stdout);
  });
  assert.ok(shards.every((s) => s.filesScanned > 0));
  assert.equal(shards.reduce((n, s) => n + s.filesScanned, 0), whole.filesScanned);
  const key = (f: { file: string; range: { start: { line: number; character: number } }; rule: string }) => `${f.file}\0${String(f.range.start.line).padStart(6)}\0${String(f.range.start.character).padStart(6)}\0${f.rule}`;
  const merged = shards.flatMap((s) => s.findings).sort((a, b) => (key(a) < key(b) ? -1 : 1));
  assert.equal(JSON.stringify(merged), JSON.stringify(whole.findings));
  assert.deepEqual(shards.flatMap((s) => s.skipped).map((s) => s.file).sort(), whole.skipped.map((s: { file: string }) => s.file).sort());
  // The same split every time.
  assert.equal(runCli(['--format', 'json', '--shard', '2/3', '.'], root).stdout, JSON.stringify(shards[1], null, 2) + '\n');
});

test('--shard with a bad value is a usage error', () => {
  const root = tree({ 'a.ts': '' });
  for (const bad of ['0/3', '4/3', '1/0', 'x', '1-3']) {
    const run = runCli(['--shard', bad, '.'], root);
    assert.equal(run.code, 2, bad);
    assert.match(run.stderr, /--shard .*: expected I\/N with 1 <= I <= N/);
  }
});

test('--concurrency with a bad value is a usage error', () => {
  const root = tree({ 'a.ts': '' });
  for (const bad of ['0', '-1', '1.5', 'x', 'all']) {
    const run = runCli([`--concurrency=${bad}`, '.'], root);
    assert.equal(run.code, 2, bad);
    assert.match(run.stderr, /--concurrency .*: expected a number of worker threads \(1 or more\), auto or off/);
  }
});

test('--concurrency auto scans in process when a warm cache says the tree is small; N and larger caches keep workers', () => {
  const root = tree(files());
  const file = join(root, 'the.cache');
  assert.equal(runCli(['--format', 'json', '--cache', '--cache-location', file, '.'], root).code, 1);
  const notes: string[] = [];
  const small = ScanCache.load(file, version, (n) => notes.push(n));
  assert.deepEqual(notes, []);
  assert.ok(small.usable && small.bytes > 0 && small.bytes < SMALL_TREE_CACHE_BYTES, `${small.bytes} bytes`);
  assert.deepEqual(scanThreads('auto', small), { workers: 0 });
  assert.deepEqual(scanThreads(3, small), { workers: 3 });
  assert.deepEqual(scanThreads('auto', undefined), {});
  // The same cache grown past the bound (a folder line per fake folder, each complete): workers again.
  const line = `${JSON.stringify(join(root, 'pad'))}\t{${'"x":0,'.repeat(1000)}"y":0}\n`;
  appendFileSync(file, line.repeat(Math.ceil(SMALL_TREE_CACHE_BYTES / line.length)));
  assert.deepEqual(scanThreads('auto', ScanCache.load(file, version, () => {})), {});
  // A cache that is not usable says nothing of the tree.
  const foreign = join(root, 'pkg', 'src0', 'f000.png');
  assert.deepEqual(scanThreads('auto', ScanCache.load(foreign, version, () => {})), {});
});
