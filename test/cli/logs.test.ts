// `imgproxy-url-lint logs` end to end (dist/cli.js): the mixed fixture log against the fixture workspace
// whose code builds the failing URLs; each failing source must be traced to the right file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLI, runCli, tree } from './helpers.js';

const WORKSPACE = resolve('test/fixtures/logs/workspace');
const LOG = resolve('test/fixtures/logs/mixed.log');

interface JsonLocation { file: string; range: { start: { line: number } }; match: string }
interface JsonGroup { cause: { id: string }; host: string; count: number; named: boolean; sources: { source: string; locations: JsonLocation[] }[] }

function logsJson(args: string[] = []) {
  const run = runCli(['logs', LOG, '--format', 'json', ...args], WORKSPACE);
  return { ...run, json: JSON.parse(run.stdout) as { version: number; failures: number; namedFailures: number; filesSearched: number; groups: JsonGroup[]; limits: { id: string }[] } };
}

/** `file:line match` of each location of the source, best first (lines 1-based as editors show them). */
function where(groups: JsonGroup[], cause: string, source: string): string[] {
  const entry = groups.filter((g) => g.cause.id === cause).flatMap((g) => g.sources).find((s) => s.source === source);
  assert.ok(entry, `no ${cause} failure on ${source}`);
  return entry.locations.map((l) => `${l.file}:${l.range.start.line + 1} ${l.match}`);
}

test('each failing source is traced to the code that builds it, exact source first', () => {
  const { code, json, stderr } = logsJson();
  assert.equal(stderr, '');
  assert.equal(code, 1, 'failures with a nameable cause exit 1');
  assert.equal(json.version, 1);
  assert.equal(json.filesSearched, 7);
  const { groups } = json;
  assert.deepEqual(where(groups, 'tls-handshake', 'https://Example.com/img/a.jpg'), ['src/gallery.js:2 exact', 'src/gallery.js:5 pattern']);
  assert.deepEqual(where(groups, 'tls-handshake', 'https://Ebtekarstore.ir/host/Ebtekaar/2024/8/9944053727288.jpg'), ['src/products.jsx:7 exact', 'lib/paths.js:3 pattern']);
  assert.deepEqual(where(groups, 'dns', 'https://static.lieyunwang.com/upload2/file/202208/1011052nyhgh.jpg'), ['app/models/photo.rb:3 exact']);
  assert.deepEqual(where(groups, 'dns', 'https://nohost.example/avatars/1.jpg'), ['src/storage.py:4 exact']);
  // The log's signature differs from the code's: signatures are never compared.
  assert.deepEqual(where(groups, 'signature', 'https://cdn.example.com/s.jpg'), ['src/signed.js:2 exact', 'src/signed.js:3 pattern', 'src/signed.js:4 pattern']);
  assert.deepEqual(where(groups, 'unknown-option', 'https://cdn.example.com/u.jpg')[0], 'src/signed.js:3 exact');
  assert.deepEqual(where(groups, 'source-status', 'https://cdn.example.com/missing.jpg')[0], 'src/signed.js:4 exact');
  assert.deepEqual(where(groups, 'source-status', 'https://Shop.example.org/catalog/42.jpg'), ['templates/page.html:4 exact']);
  assert.deepEqual(where(groups, 'tls-handshake', 'https://Shop.example.org/catalog/43.jpg'), ['templates/page.html:4 pattern']);
  assert.deepEqual(where(groups, 'tls-unrecognized-name', 'https://Photos.example.net/p/2.jpg'), ['templates/page.html:5 pattern']);
  assert.deepEqual(where(groups, 'tls-handshake', 'https://Photos.example.net/p/1.jpg'), ['templates/page.html:5 exact']);
  assert.deepEqual(where(groups, 'source-not-allowed', 'https://evil.example.net/x.jpg'), []);
  assert.deepEqual(json.limits.map((l) => l.id).sort(), ['imageproxy-thin', 'thumbor-pairing']);
});

test('query strings, userinfo and signatures are redacted unless --show-urls', () => {
  const hidden = runCli(['logs', LOG, '--format', 'json'], WORKSPACE).stdout + runCli(['logs', LOG], WORKSPACE).stdout;
  for (const secret of ['SECRET123', 'BADSIGNATUREXYZ', 'Zm9yZ2VkLXNpZ25hdHVyZS1mcm9tLWEtc3RhbGUta2V5']) assert.ok(!hidden.includes(secret), secret);
  const shown = runCli(['logs', LOG, '--format', 'json', '--show-urls'], WORKSPACE).stdout;
  for (const secret of ['SECRET123', 'BADSIGNATUREXYZ', 'Zm9yZ2VkLXNpZ25hdHVyZS1mcm9tLWEtc3RhbGUta2V5']) assert.ok(shown.includes(secret), secret);
});

test('stylish: one block per cause under each host, counts, first and last seen, explanation, rule, file:line:column', () => {
  const { stdout, code } = runCli(['logs', LOG], WORKSPACE);
  assert.equal(code, 1);
  const block = stdout.slice(stdout.indexOf('\nExample.com\n'));
  assert.match(block, /^\nExample\.com\n {2}TLS handshake failure {2}2 requests, status 404 ×2 {2}2026-08-20 12:00:01 → 2026-08-20 12:00:02\n/);
  assert.match(block, /host-uppercase: Source host "Example\.com" .*uppercase/);
  assert.match(block, /\n {6}src\/gallery\.js:2:22 {2}exact source\n {6}src\/gallery\.js:5:11 {2}same host and path pattern\n/);
  assert.match(stdout, /✖ 15 failed requests, 15 with a cause named, in 14 groups/);
  assert.match(stdout, /note: thumbor: each access line was paired/);
});

test('stdin, - and several files; a log without failures exits 0; a missing file exits 2 and says which', () => {
  const log = readFileSync(LOG);
  const piped = spawnSync(process.execPath, [CLI, 'logs', '--format', 'json', '--no-locate'], { cwd: WORKSPACE, input: log, encoding: 'utf8' });
  assert.equal(piped.status, 1);
  assert.equal(JSON.parse(piped.stdout).failures, 15);
  const dash = spawnSync(process.execPath, [CLI, 'logs', LOG, '-', '--format', 'json', '--no-locate'], { cwd: WORKSPACE, input: log, encoding: 'utf8' });
  assert.equal(JSON.parse(dash.stdout).failures, 30);
  const dir = tree({ 'ok.log': 'time="2026-08-20 12:00:00" level="INFO" msg="Completed in 1ms /insecure/plain/https://cdn.example.com/a.jpg" request_id="r" method="GET" status=200\n' });
  const clean = runCli(['logs', 'ok.log'], dir);
  assert.equal(clean.code, 0);
  assert.match(clean.stdout, /✔ 0 failed requests/);
  const missing = runCli(['logs', 'nope.log'], dir);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'imgproxy-url-lint logs: nope.log: no such file\n');
  const usage = runCli(['logs', '--format', 'sarif'], dir);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format sarif: expected stylish or json/);
});

test('--code searches other folders; the config there sets how paths are read (IMGPROXY_PATH_PREFIX)', () => {
  const dir = tree({
    '.imgproxy-url-lint.json': JSON.stringify({ imgproxy: { pathPrefix: '/img' } }),
    'site/page.md': '![x](https://proxy.example.com/img/insecure/w:10/plain/https://Cdn.Example.com/a.png)\n',
    'err.log': 'time="2026-08-20 12:00:00" level="WARNING" msg="Completed in 1ms /img/insecure/w:10/plain/https://Cdn.Example.com/a.png" request_id="r" method="GET" status=404 error="can\'t download source image: status: 404"\n',
  });
  const { json } = (() => {
    const run = runCli(['logs', 'err.log', '--format', 'json', '--code', 'site'], dir);
    return { json: JSON.parse(run.stdout) as { groups: JsonGroup[] } };
  })();
  assert.deepEqual(where(json.groups, 'source-status', 'https://Cdn.Example.com/a.png'), ['site/page.md:1 exact']);
});
