// --fix never loses data: a file changed between read and write is not overwritten; a run killed with
// SIGKILL leaves every file either wholly old or wholly new; BOM, CRLF, mode and symlinks are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { chmodSync, linkSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLint } from '../../server/src/cli/run.js';
import { parseCliArgs } from '../../server/src/cli/args.js';
import { assertNoCrash, cli, cliAsync, FIXED_URL, tempTree, UPPER_URL } from './helpers.js';

const original = `const a = "${UPPER_URL}";\n`;
const fixedText = `const a = "${FIXED_URL}";\n`;

/** Runs `runLint` in this process with one fs.promises function wrapped for the duration. */
async function withPatched<K extends 'realpath' | 'open' | 'rename' | 'stat'>(name: K, wrapper: (orig: (typeof fs.promises)[K]) => (typeof fs.promises)[K], run: () => Promise<void>): Promise<void> {
  const saved = fs.promises[name];
  (fs.promises as Record<K, unknown>)[name] = wrapper(saved);
  try {
    await run();
  } finally {
    (fs.promises as Record<K, unknown>)[name] = saved;
  }
}

function tempFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.tmp'));
}

test('--fix: a file modified after it was read is not overwritten (before the temp file is written)', async (t) => {
  const { root, cleanup } = tempTree({ 'a.ts': original });
  t.after(cleanup);
  const target = join(root, 'a.ts');
  const theirs = `// edited by someone else meanwhile\n${original}`;
  let report;
  await withPatched('realpath', (orig) => (async (path: fs.PathLike, ...rest: unknown[]) => {
    if (String(path) === target) writeFileSync(target, theirs);
    return (orig as (...a: unknown[]) => Promise<string>)(path, ...rest);
  }) as typeof orig, async () => {
    report = await runLint(parseCliArgs(['--fix', root]), root, {});
  });
  assert.equal(readFileSync(target, 'utf8'), theirs, 'the concurrent edit survives');
  assert.match(report!.errors.join('\n'), /a\.ts: not fixed: not written, the file was modified since it was read/);
  assert.deepEqual(tempFiles(root), []);
});

test('--fix: a file modified while the fixed copy is being written is not overwritten, and no temp file is left', async (t) => {
  const { root, cleanup } = tempTree({ 'a.ts': original });
  t.after(cleanup);
  const target = join(root, 'a.ts');
  const theirs = `// edited meanwhile\n${original}`;
  let report;
  await withPatched('open', (orig) => (async (path: fs.PathLike, flags: unknown, ...rest: unknown[]) => {
    const handle = await (orig as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(path, flags, ...rest);
    if (flags === 'wx' && String(path).includes('.a.ts.')) writeFileSync(target, theirs);
    return handle;
  }) as typeof orig, async () => {
    report = await runLint(parseCliArgs(['--fix', root]), root, {});
  });
  assert.equal(readFileSync(target, 'utf8'), theirs);
  assert.match(report!.errors.join('\n'), /a\.ts: not fixed: .*modified/);
  assert.deepEqual(tempFiles(root), []);
});

test('--fix: a same-size edit that keeps the mtime (coarse-mtime file systems) is not overwritten either', async (t) => {
  const { root, cleanup } = tempTree({ 'a.ts': original });
  t.after(cleanup);
  const target = join(root, 'a.ts');
  // A whole-second mtime, as a 1 s or 2 s granularity file system (FAT, HFS+, SMB) stores it.
  utimesSync(target, 1_700_000_000, 1_700_000_000);
  // Same length, different bytes, the same whole-second mtime.
  const theirs = original.replace('const a', 'let   a');
  assert.equal(theirs.length, original.length);
  let report;
  await withPatched('realpath', (orig) => (async (path: fs.PathLike, ...rest: unknown[]) => {
    if (String(path) === target) {
      writeFileSync(target, theirs);
      utimesSync(target, 1_700_000_000, 1_700_000_000);
    }
    return (orig as (...a: unknown[]) => Promise<string>)(path, ...rest);
  }) as typeof orig, async () => {
    report = await runLint(parseCliArgs(['--fix', root]), root, {});
  });
  assert.equal(readFileSync(target, 'utf8'), theirs, 'the concurrent edit was overwritten by the fix');
  assert.match(report!.errors.join('\n'), /a\.ts: not fixed/);
});

test('--fix killed with SIGKILL mid-run: every file is either the original or the fully fixed content', async (t) => {
  const files: Record<string, string> = {};
  const N = 400;
  const body = (url: string) => Array.from({ length: 400 }, (_, i) => `  "${url.replace('a.jpg', `${i}.jpg`)}",`).join('\n');
  const orig = `export const images = [\n${body(UPPER_URL)}\n];\n`;
  const done = `export const images = [\n${body(FIXED_URL)}\n];\n`;
  for (let i = 0; i < N; i++) files[`src/f${String(i).padStart(3, '0')}.ts`] = orig;
  const { root, cleanup } = tempTree(files);
  t.after(cleanup);
  const dir = join(root, 'src');
  const { child, done: finished } = cliAsync(['--fix', '--quiet', '.'], root);
  // Kill once some files are fixed and before all are.
  let fixedSeen = 0;
  for (let i = 0; i < 2000; i++) {
    await new Promise((r) => setTimeout(r, 5));
    fixedSeen = readdirSync(dir).filter((n) => n.endsWith('.ts') && readFileSync(join(dir, n), 'utf8') === done).length;
    if (fixedSeen >= 20) break;
  }
  child.kill('SIGKILL');
  const result = await finished;
  assert.equal(result.signal, 'SIGKILL', 'the run was killed mid-way');
  let olds = 0;
  let news = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (text === orig) olds++;
    else if (text === done) news++;
    else assert.fail(`${name} is half written (${text.length} characters)`);
  }
  assert.equal(olds + news, N);
  assert.ok(news >= 1 && olds >= 1, `killed mid-run: ${news} fixed, ${olds} untouched`);
  const leftovers = tempFiles(dir);
  t.diagnostic(`killed after ${news} of ${N} files; ${leftovers.length} temp file(s) left behind: ${leftovers.join(', ')}`);
  // A second run finishes the job and is not confused by a leftover temp file.
  const again = cli(['--fix', '--quiet', '.'], root, { timeoutMs: 120_000 });
  assertNoCrash(again, 'second run');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) assert.equal(readFileSync(join(dir, name), 'utf8'), done, name);
});

test('--fix keeps the BOM, CRLF line ends, mode bits (setgid too), symlinks as symlinks and other bytes as they were', (t) => {
  const crlf = `\uFEFF// héllo 😀\r\nconst a = "${UPPER_URL}";\r\n\tconst b = '${UPPER_URL.replace('a.jpg', 'b.jpg')}';\r\n`;
  const { root, cleanup } = tempTree({ 'bom.ts': crlf, 'target.ts': original, 'hard.ts': original });
  t.after(cleanup);
  chmodSync(join(root, 'bom.ts'), 0o2751);
  symlinkSync('target.ts', join(root, 'link.ts'));
  linkSync(join(root, 'hard.ts'), join(root, 'hard-twin.ts'));
  const result = cli(['--fix', 'bom.ts', 'link.ts', 'hard.ts'], root);
  assertNoCrash(result, 'fix');
  const after = readFileSync(join(root, 'bom.ts'));
  assert.deepEqual([...after.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
  assert.notDeepEqual([...after.subarray(3, 6)], [0xef, 0xbb, 0xbf], 'one BOM, not two');
  assert.equal(after.toString('utf8'), crlf.replaceAll('CDN.Example.com', 'cdn.example.com'));
  assert.equal(statSync(join(root, 'bom.ts')).mode & 0o7777, 0o2751, 'mode kept');
  assert.ok(lstatSync(join(root, 'link.ts')).isSymbolicLink(), 'the link is still a link');
  assert.equal(readlinkSync(join(root, 'link.ts')), 'target.ts');
  assert.equal(readFileSync(join(root, 'target.ts'), 'utf8'), fixedText, 'the link target was fixed');
  assert.equal(readFileSync(join(root, 'hard.ts'), 'utf8'), fixedText);
  // The rename replaces the name: a hard-linked twin keeps the old, whole content (never half).
  assert.ok([original, fixedText].includes(readFileSync(join(root, 'hard-twin.ts'), 'utf8')));
  assert.deepEqual(tempFiles(root), []);
});

test('--fix while another process rewrites the same files: every file ends whole (old, fixed, theirs or theirs fixed)', async (t) => {
  const N = 1500;
  const orig = (i: number) => `export const a${i} = "${UPPER_URL}";\n`.repeat(30);
  const theirs = (i: number) => `// rewritten by the other process\nexport const b${i} = "${UPPER_URL.replace('a.jpg', 'z.jpg')}";\n`;
  const fix = (s: string) => s.replaceAll('CDN.Example.com', 'cdn.example.com');
  const files: Record<string, string> = {};
  for (let i = 0; i < N; i++) files[`d${i % 15}/f${i}.ts`] = orig(i);
  const { root, cleanup } = tempTree(files);
  t.after(cleanup);
  const run = cliAsync(['--fix', '--quiet', '.'], root);
  let stop = false;
  const chaos = (async () => {
    // Start once the run is fixing files, then rewrite every other file, walking toward the run.
    const first = join(root, 'd0/f0.ts');
    while (!stop && readFileSync(first, 'utf8') === orig(0)) await new Promise((r) => setTimeout(r, 2));
    for (let i = N - 1; i >= 0 && !stop; i -= 2) {
      writeFileSync(join(root, `d${i % 15}/f${i}.ts`), theirs(i));
      if (i % 10 === 1) await new Promise((r) => setTimeout(r, 1));
    }
  })();
  const result = await run.done;
  stop = true;
  await chaos;
  assert.equal(result.signal, null);
  assert.ok(result.code === 0 || result.code === 2, `exit ${result.code}: ${result.stderr.slice(0, 500)}`);
  const refused = result.stderr.split('\n').filter(Boolean);
  for (const line of refused) assert.match(line, /not fixed: not written, the file was modified since it was read/);
  t.diagnostic(`${refused.length} file(s) refused because they changed between read and write`);
  for (let i = 0; i < N; i++) {
    const text = readFileSync(join(root, `d${i % 15}/f${i}.ts`), 'utf8');
    assert.ok([orig(i), fix(orig(i)), theirs(i), fix(theirs(i))].includes(text), `f${i} is a mix: ${text.slice(0, 120)}`);
  }
  assert.equal(readdirSync(root, { recursive: true }).filter((n) => String(n).endsWith('.tmp')).length, 0, 'no temp file left');
});
