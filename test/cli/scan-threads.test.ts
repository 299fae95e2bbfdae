// The built CLI's read-only scan on worker threads (`--concurrency 2`: two workers after the first
// 64 files in process): the report must be exactly what linting each file in turn gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, defaultLintOptions, lintText } from '../../server/src/core/index.js';
import { runCli, tree, UPPER, UPPER_B64, CLEAN } from './helpers.js';

test('a 300-file scan on worker threads reports exactly the sequential findings, skips in walk order', () => {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 300; i++) {
    const dir = `pkg${i % 7}/src${i % 3}`;
    const name = `${dir}/f${String(i).padStart(3, '0')}`;
    if (i % 25 === 0) files[`${name}.png`] = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, i]);
    else if (i % 4 === 0) files[`${name}.ts`] = `// 😀 ${i}\nconst a = "${UPPER}";\nconst b = '${UPPER_B64}'; const c = "${CLEAN}";\n`;
    else files[`${name}.md`] = `# ${i}\nNo URL here, only text.\n`.repeat(i % 5);
  }
  const root = tree(files);
  const { code, stdout, stderr } = runCli(['--format', 'json', '--concurrency', '2', '.'], root);
  assert.equal(code, 1, stderr);
  const out = JSON.parse(stdout);

  const options = defaultLintOptions();
  const expected: { file: string; rule: string; range: unknown; fix: unknown }[] = [];
  let scanned = 0;
  for (const file of Object.keys(files)) {
    if (file.endsWith('.png')) continue;
    scanned++;
    const text = readFileSync(join(root, file), 'utf8');
    const index = new LineIndex(text);
    for (const f of lintText(text, options, join(root, file))) {
      expected.push({ file, rule: f.rule, range: index.range(f.start, f.end), fix: f.fix ? { range: index.range(f.fix.start, f.fix.end), newText: f.fix.newText } : null });
    }
  }
  assert.equal(out.filesScanned, scanned);
  const got = out.findings.map((f: { file: string; rule: string; range: unknown; fix: unknown }) => ({ file: f.file, rule: f.rule, range: f.range, fix: f.fix }));
  const key = (f: { file: string; range: unknown; rule: string }) => `${f.file} ${JSON.stringify(f.range)} ${f.rule}`;
  assert.equal(got.length, expected.length);
  assert.deepEqual([...got].sort((a, b) => key(a).localeCompare(key(b))), [...expected].sort((a, b) => key(a).localeCompare(key(b))));
  // Findings sorted by file, then position (the report's order), and skips in the walk's order.
  assert.deepEqual(got.map(key), [...got].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)).map(key));
  const skipped = out.skipped.map((s: { file: string; reason: string }) => `${s.file} ${s.reason}`);
  const walkOrder = Object.keys(files).filter((f) => f.endsWith('.png')).sort((a, b) => {
    const pa = a.split('/');
    const pb = b.split('/');
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
    return pa.length - pb.length;
  });
  assert.deepEqual(skipped, walkOrder.map((f) => `${f} binary`));
});

test('stylish and SARIF from the threads (rendered there, spooled) are what the sequential walk writes', () => {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 300; i++) {
    const name = `pkg${i % 7}/src${i % 3}/f${String(i).padStart(3, '0')}`;
    if (i % 25 === 0) files[`${name}.png`] = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, i]);
    else if (i % 4 === 0) files[`${name}.ts`] = `// 😀 ${i}\n${'  '.repeat(i % 9)}const a = "${UPPER}";\nconst b = '${UPPER_B64}'; const c = "${CLEAN}";\n`;
    else files[`${name}.md`] = `# ${i}\nNo URL here.\n`;
  }
  const root = tree(files);
  for (const format of ['stylish', 'sarif']) {
    // `pkg0 pkg0/src1`: roots inside one another go through the sequential walk, in process, each file once.
    const threaded = runCli(['--format', format, '--concurrency', '2', 'pkg0', 'pkg1', 'pkg2', 'pkg3', 'pkg4', 'pkg5', 'pkg6'], root);
    const sequential = runCli(['--format', format, 'pkg0', 'pkg1', 'pkg2', 'pkg3', 'pkg4', 'pkg5', 'pkg6', 'pkg0/src1'], root);
    assert.equal(threaded.code, 1, threaded.stderr);
    assert.equal(sequential.code, 1, sequential.stderr);
    assert.ok(threaded.stdout.includes('host-uppercase'), format);
    assert.equal(threaded.stdout, sequential.stdout, format);
  }
});
