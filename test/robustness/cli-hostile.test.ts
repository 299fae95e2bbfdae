// Hostile and broken input through the built CLI: each must give a clear message or a skip, never a
// crash, a hang or a partial write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoCrash, cli, FIXED_URL, tempTree, UPPER_URL } from './helpers.js';
import { removeTempDir, tempDir } from '../helpers/tempDir.js';

const json = (stdout: string) => JSON.parse(stdout) as { filesScanned: number; findings: { file: string; rule: string; message: string; range: { start: { line: number; character: number } } }[]; skipped: { file: string; reason: string; detail: string }[] };

test('invalid UTF-8: findings are reported, --fix refuses to rewrite the file and says why, bytes unchanged', (t) => {
  const bytes = Buffer.concat([Buffer.from(`const a = "${UPPER_URL}";\n// `), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]), Buffer.from('\n')]);
  const { root, cleanup } = tempTree({ 'bad.ts': bytes });
  t.after(cleanup);
  const lint = cli(['--format', 'json', '.'], root);
  assertNoCrash(lint, 'lint');
  assert.equal(lint.code, 1);
  assert.deepEqual(json(lint.stdout).findings.map((f) => f.rule), ['host-uppercase']);
  const fix = cli(['--fix', '.'], root);
  assertNoCrash(fix, 'fix');
  assert.equal(fix.code, 2, 'a file that could not be fixed is an error');
  assert.match(fix.stderr, /bad\.ts: not fixed: .*not valid UTF-8/);
  assert.ok(readFileSync(join(root, 'bad.ts')).equals(bytes), 'the original bytes are untouched');
});

test('NUL bytes: skipped as binary (also UTF-16), a NUL after the first 8 KiB is text', (t) => {
  const { root, cleanup } = tempTree({
    'bin.dat': Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(` "${UPPER_URL}" `)]),
    'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`"${UPPER_URL}"`, 'utf16le')]),
    'late-nul.txt': Buffer.concat([Buffer.from('x'.repeat(9000) + `\n"${UPPER_URL}"\n`), Buffer.from([0])]),
  });
  t.after(cleanup);
  const result = cli(['--format', 'json', '.'], root);
  assertNoCrash(result, 'binary');
  const report = json(result.stdout);
  assert.deepEqual(report.skipped.map((s) => [s.file, s.reason]).sort(), [['bin.dat', 'binary'], ['utf16.txt', 'binary']]);
  assert.match(report.skipped.find((s) => s.file === 'utf16.txt')!.detail, /UTF-16/);
  assert.deepEqual(report.findings.map((f) => [f.file, f.range.start.line]), [['late-nul.txt', 1]]);
  // --fix never touches a skipped file.
  const before = readFileSync(join(root, 'bin.dat'));
  cli(['--fix', '.'], root);
  assert.ok(readFileSync(join(root, 'bin.dat')).equals(before));
});

test('a 50 MB single-line file: skipped over the default 32 MB limit, linted (and fixed) with a raised limit', (t) => {
  const size = 50 * 1024 * 1024;
  const head = `"${UPPER_URL}" `;
  const middle = ` '${UPPER_URL.replace('a.jpg', 'b.jpg')}' `;
  const tail = ` (${UPPER_URL.replace('a.jpg', 'c.jpg')})`;
  const filler = (n: number) => 'var a=1;'.repeat(Math.ceil(n / 8)).slice(0, n);
  const half = Math.floor((size - head.length - middle.length - tail.length) / 2);
  const text = head + filler(half) + middle + filler(size - head.length - middle.length - tail.length - half) + tail;
  const { root, cleanup } = tempTree({ 'min.js': text });
  t.after(cleanup);
  const skipped = cli(['--format', 'json', '.'], root);
  assertNoCrash(skipped, 'default limit');
  assert.equal(skipped.code, 0);
  const skip = json(skipped.stdout).skipped;
  assert.deepEqual(skip.map((s) => [s.file, s.reason]), [['min.js', 'too-large']]);
  assert.match(skip[0].detail, /50 MB.*32 MB/);

  const linted = cli(['--format', 'json', '--max-file-size', String(60 * 1024 * 1024), '.'], root, { timeoutMs: 120_000 });
  assertNoCrash(linted, 'raised limit');
  const findings = json(linted.stdout).findings.filter((f) => f.rule === 'host-uppercase');
  assert.deepEqual(findings.map((f) => f.range.start), [
    { line: 0, character: head.indexOf('CDN') },
    { line: 0, character: head.length + half + middle.indexOf('CDN') },
    { line: 0, character: text.length - tail.length + tail.indexOf('CDN') },
  ]);

  const fixed = cli(['--fix', '--max-file-size', String(60 * 1024 * 1024), '.'], root, { timeoutMs: 120_000 });
  assertNoCrash(fixed, 'fix');
  const after = readFileSync(join(root, 'min.js'), 'utf8');
  assert.equal(after.length, text.length);
  assert.equal(after, text.replaceAll('CDN.Example.com', 'cdn.example.com'));
});

test('a file with 1,000,000 URLs: every one found and fixed', (t) => {
  const line = `"${'https://i.example.com/_/plain/http://A.co/x'}"\n`;
  const { root, cleanup } = tempTree({ 'urls.txt': line.repeat(1_000_000) });
  t.after(cleanup);
  const result = cli(['--fix', '--quiet', '--format', 'json', '--max-file-size', '100000000', '.'], root, { timeoutMs: 300_000 });
  assertNoCrash(result, '1M URLs');
  assert.equal(result.code, 0, result.stderr);
  const after = readFileSync(join(root, 'urls.txt'), 'utf8');
  assert.equal(after, line.replace('A.co', 'a.co').repeat(1_000_000));
});

test('base64 that decodes to binary or to control characters: a clear finding, no raw bytes in the output', (t) => {
  const binary = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256)).toString('base64url');
  const ansi = Buffer.from('\x1b[2J\x1b]0;owned\x07https://Evil.com/a.jpg').toString('base64url');
  const { root, cleanup } = tempTree({ 'a.ts': `"https://imgproxy.example.com/insecure/w:300/${binary}.png"\n"https://imgproxy.example.com/insecure/w:300/${ansi}"\n` });
  t.after(cleanup);
  for (const format of ['stylish', 'json', 'sarif']) {
    const result = cli(['--format', format, '.'], root);
    assertNoCrash(result, format);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /binary data/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(result.stdout + result.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, `${format}: control characters reach the terminal`);
  }
});

test('control characters decoded from a source never reach the terminal raw (stylish output)', (t) => {
  // %1B is ESC: an escape sequence hidden in a percent-encoded host would repaint or retitle the terminal.
  const url = 'https://imgproxy.example.com/insecure/w:300/plain/https%3A%2F%2F%1B%5D0%3Bowned%07%1B%5B2JEvil.com%2Fa.jpg';
  const { root, cleanup } = tempTree({ 'a.md': `[x](${url})\n`, 'name\x1b[31m\x07.ts': `"${UPPER_URL}"\n` });
  t.after(cleanup);
  for (const format of ['stylish', 'json', 'sarif']) {
    const result = cli(['--format', format, '.'], root);
    assertNoCrash(result, format);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(result.stdout + result.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, `${format}: control characters reach the terminal`);
  }
});

test('unreadable things: a FIFO (named, or in a folder), a folder where a file is expected, a file the user may not read', (t) => {
  const { root, cleanup } = tempTree({ 'ok.ts': `"${UPPER_URL}"\n`, 'looks-like-a-file.ts/inner.txt': 'nothing' });
  t.after(cleanup);
  execFileSync('mkfifo', [join(root, 'pipe.ts')]);
  const inFolder = cli(['--format', 'json', '.'], root, { timeoutMs: 20_000 });
  assertNoCrash(inFolder, 'FIFO in a folder');
  assert.deepEqual(json(inFolder.stdout).findings.map((f) => f.file), ['ok.ts'], 'the FIFO is never opened (it would block)');
  const named = cli(['--format', 'json', 'pipe.ts', 'looks-like-a-file.ts'], root, { timeoutMs: 20_000 });
  assertNoCrash(named, 'FIFO named');
  assert.deepEqual(json(named.stdout).skipped.map((s) => [s.file, s.reason, s.detail]), [['pipe.ts', 'unreadable', 'not a regular file or folder']]);
  const missing = cli(['--format', 'json', 'missing.ts'], root, { timeoutMs: 20_000 });
  assertNoCrash(missing, 'missing path');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing\.ts: no such file or folder/);

  // Tests run as root, who can read anything: drop to "nobody" for a file with mode 000.
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', '0']);
  if (probe.status !== 0) {
    t.diagnostic('setpriv cannot drop to uid 65534 here: the mode-000 case is not run');
    return;
  }
  chmodSync(root, 0o755);
  writeFileSync(join(root, 'secret.ts'), `"${UPPER_URL}"\n`);
  chmodSync(join(root, 'secret.ts'), 0o000);
  mkdirSync(join(root, 'closed'));
  writeFileSync(join(root, 'closed', 'x.ts'), `"${UPPER_URL}"\n`);
  chmodSync(join(root, 'closed'), 0o000);
  // The checkout may sit in a folder only root can enter (mktemp -d is 0700): run a copy of the bundles.
  const dist = tempDir('iul-dist-');
  t.after(() => removeTempDir(dist));
  chmodSync(dist, 0o755);
  for (const name of readdirSync('dist').filter((n) => n.endsWith('.js'))) copyFileSync(join('dist', name), join(dist, name));
  const asNobody = cli(['--format', 'json', '.'], root, { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], timeoutMs: 20_000, cliPath: join(dist, 'cli.js') });
  assertNoCrash(asNobody, 'as nobody');
  const report = json(asNobody.stdout);
  assert.deepEqual(report.skipped.map((s) => [s.file, s.reason]).sort(), [['closed', 'unreadable'], ['secret.ts', 'unreadable']]);
  assert.match(report.skipped.find((s) => s.file === 'secret.ts')!.detail, /EACCES/);
  const fix = cli(['--fix', '.'], root, { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], timeoutMs: 20_000, cliPath: join(dist, 'cli.js') });
  assertNoCrash(fix, 'fix as nobody');
  assert.match(fix.stderr, /ok\.ts: not fixed: .*EACCES/, 'a folder the user cannot write to: a clear error, nothing lost');
  chmodSync(join(root, 'closed'), 0o755);
  assert.equal(readFileSync(join(root, 'ok.ts'), 'utf8'), `"${UPPER_URL}"\n`);
});

test('symbolic link loops: files and folders, named or found, never hang', (t) => {
  const { root, cleanup } = tempTree({ 'real/a.ts': `"${UPPER_URL}"\n` });
  t.after(cleanup);
  symlinkSync('b.ts', join(root, 'a.ts'));
  symlinkSync('a.ts', join(root, 'b.ts'));
  symlinkSync('.', join(root, 'real', 'self'));
  symlinkSync('..', join(root, 'real', 'up'));
  symlinkSync('../real', join(root, 'real', 'again'));
  const result = cli(['--format', 'json', '.'], root, { timeoutMs: 20_000 });
  assertNoCrash(result, 'loops');
  const report = json(result.stdout);
  assert.deepEqual(report.findings.map((f) => f.file), ['real/a.ts'], 'the real file is linted once');
  const reasons = report.skipped.map((s) => `${s.file} ${s.reason}`).sort();
  assert.ok(reasons.includes('a.ts symlink-loop') && reasons.includes('b.ts symlink-loop'), reasons.join('\n'));
  assert.ok(reasons.includes('real/self symlink-loop') && reasons.includes('real/up symlink-loop') && reasons.includes('real/again symlink-loop'), reasons.join('\n'));
  // Named explicitly: a looping link is a skip; a link into the tree is walked as its own root (no hang),
  // and --fix through two paths to one file still leaves it whole.
  const named = cli(['--format', 'json', 'a.ts', 'real/self', 'real/up'], root, { timeoutMs: 20_000 });
  assertNoCrash(named, 'named loops');
  const namedSkips = json(named.stdout).skipped;
  assert.deepEqual(namedSkips[0], { file: 'a.ts', reason: 'symlink-loop', detail: 'symbolic link loop' });
  assert.ok(namedSkips.every((s) => s.reason === 'symlink-loop'));
  const fixed = cli(['--fix', '.', 'real/self', 'real/up'], root, { timeoutMs: 20_000 });
  assertNoCrash(fixed, 'fix through loops');
  assert.equal(readFileSync(join(root, 'real/a.ts'), 'utf8'), `"${FIXED_URL}"\n`);
});

test('files deleted and rewritten while a scan runs: no crash, every file either linted or skipped', async (t) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.ts`] = `const u = "${UPPER_URL}";\n`.repeat(20);
  const { root, cleanup } = tempTree(files);
  t.after(cleanup);
  const { cliAsync } = await import('./helpers.js');
  const run = cliAsync(['--format', 'json', '.'], root);
  let stop = false;
  const chaos = (async () => {
    let i = 2999;
    while (!stop && i >= 0) {
      const path = join(root, `d${i % 30}/f${i}.ts`);
      try {
        if (i % 3 === 0) unlinkSync(path);
        else if (i % 3 === 1) writeFileSync(path, 'rewritten, no URL\n');
        else {
          // Truncate and refill: a reader may see the file at any length.
          const fd = openSync(path, 'w');
          writeSync(fd, `"${UPPER_URL}"`.repeat(50));
          closeSync(fd);
        }
      } catch {
        // already gone
      }
      i--;
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
  })();
  const result = await run.done;
  stop = true;
  await chaos;
  assertNoCrash(result, 'scan during changes');
  const report = json(result.stdout);
  for (const s of report.skipped) assert.equal(s.reason, 'not-found', `${s.file}: ${s.detail}`);
  assert.ok(report.filesScanned + report.skipped.length <= 3000);
});

test('config files: empty, whitespace, BOM, malformed, wrong shape, missing or unreadable env file', (t) => {
  const cases: [string, string | Buffer, number, RegExp | null][] = [
    ['empty', '', 1, null],
    ['whitespace', ' \n\t\r\n', 1, null],
    ['BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "rules": { "host-uppercase": "off" } }')]), 0, null],
    ['comments and trailing commas', '// c\n{ /* x */ "rules": { "host-uppercase": "error", }, }', 1, null],
    ['malformed', '{ "rules": { "host-uppercase": ', 2, /\.imgproxy-url-lint\.json:1:\d+: invalid JSON/],
    ['an array', '[]', 2, /must be a JSON object/],
    ['a string', '"rules"', 2, /must be a JSON object/],
    ['unknown key', '{ "rulez": {} }', 2, /"rulez": unknown key/],
    ['bad severity', '{ "rules": { "host-uppercase": "loud" } }', 2, /severity must be one of/],
    ['null section', '{ "imgproxy": null }', 2, /"imgproxy": must be an object/],
    ['huge number', '{ "maxFileSize": 1e400 }', 2, /maxFileSize/],
    ['missing env file', '{ "signing": { "envFile": "secrets/missing.env" } }', 2, /missing\.env does not exist/],
    ['env file is a folder', '{ "signing": { "envFile": "." } }', 2, /cannot read the env file .*EISDIR/],
  ];
  for (const [name, config, code, message] of cases) {
    const { root, cleanup } = tempTree({ '.imgproxy-url-lint.json': config, 'a.ts': `"${UPPER_URL}"\n` });
    t.after(cleanup);
    const result = cli(['.'], root, { timeoutMs: 30_000 });
    assertNoCrash(result, name);
    assert.equal(result.code, code, `${name}: exit ${result.code}\n${result.stderr}`);
    if (message) assert.match(result.stderr, message, name);
    if (code === 2) assert.ok(result.stderr.split('\n').filter(Boolean).length <= 2, `${name}: one clear message, not a dump:\n${result.stderr}`);
  }
});

// Found by this suite (reported): parseConfig (jsonc-parser, recursive) overflows the stack on a deeply
// nested config, and the CLI prints a RangeError stack and "This is a bug" instead of a config error.
test('a deeply nested config file is a config error, not a crash', (t) => {
  const { root, cleanup } = tempTree({ '.imgproxy-url-lint.json': '['.repeat(200_000), 'a.ts': `"${UPPER_URL}"\n` });
  t.after(cleanup);
  const result = cli(['.'], root, { timeoutMs: 30_000 });
  assertNoCrash(result, 'deeply nested');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /\.imgproxy-url-lint\.json/);
});

test('--config naming a missing file, a folder, or /dev/null', (t) => {
  const { root, cleanup } = tempTree({ 'a.ts': `"${UPPER_URL}"\n` });
  t.after(cleanup);
  const missing = cli(['--config', 'nope.json', '.'], root);
  assertNoCrash(missing, 'missing');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json: the config file does not exist/);
  const folder = cli(['--config', '.', '.'], root);
  assertNoCrash(folder, 'folder');
  assert.equal(folder.code, 2);
  const devnull = cli(['--config', '/dev/null', '.'], root);
  assertNoCrash(devnull, '/dev/null');
  assert.equal(devnull.code, 1, 'an empty config means the defaults');
});

test('arguments: odd paths and values give usage errors, not crashes', (t) => {
  const { root, cleanup } = tempTree({ 'a.ts': `"${FIXED_URL}"\n`, '-weird.ts': `"${UPPER_URL}"\n` });
  t.after(cleanup);
  for (const args of [['--max-file-size', '-5'], ['--max-file-size', 'NaN'], ['--max-file-size', '1e309'], ['--format', 'xml'], ['--rule', 'nope=error'], ['--rule', 'host-uppercase'], ['--fail-on', 'loud'], ['--probe-connect-to', 'garbage'], ['--unknown']]) {
    const result = cli(args, root);
    assertNoCrash(result, args.join(' '));
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /^imgproxy-url-lint: /);
  }
  const dashed = cli(['--format', 'json', '--', '-weird.ts'], root);
  assertNoCrash(dashed, '-- -weird.ts');
  assert.equal(json(dashed.stdout).findings.length, 1);
  const odd = cli(['--format', 'json', '', '.', '\u0000'.slice(1) || 'a.ts'], root);
  assertNoCrash(odd, 'empty path');
  assert.ok(statSync(join(root, 'a.ts')).isFile());
});
