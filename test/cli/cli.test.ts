// The built CLI (dist/cli.js) run as a user runs it, on real files in temp folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, runCli, tree, UPPER, UPPER_B64 } from './helpers.js';

test('JSON output follows the contract: relative paths, 0-based UTF-16 ranges, url/source/host, fix', () => {
  const root = tree({ 'src/a.ts': `// 😀\nconst a = "${UPPER_B64}";\n`, 'clean.md': CLEAN });
  const { code, stdout } = runCli(['--format', 'json', '.'], root);
  assert.equal(code, 1);
  const out = JSON.parse(stdout);
  assert.equal(out.version, 1);
  assert.equal(out.filesScanned, 2);
  assert.equal(out.findings.length, 1);
  const [f] = out.findings;
  assert.deepEqual(Object.keys(f).sort(), ['file', 'fix', 'host', 'message', 'range', 'rule', 'severity', 'source', 'url'].sort());
  assert.equal(f.file, 'src/a.ts');
  assert.equal(f.rule, 'host-uppercase');
  assert.equal(f.severity, 'warning');
  assert.equal(f.url, UPPER_B64);
  assert.equal(f.source, 'https://Media.Example.com/b.png');
  assert.equal(f.host, 'Media.Example.com');
  const line = `const a = "${UPPER_B64}";`;
  assert.deepEqual(f.range.start.line, 1);
  assert.ok(f.range.start.character >= line.indexOf('https://imgproxy'));
  assert.deepEqual(f.fix.range, { start: { line: 1, character: line.indexOf('https') }, end: { line: 1, character: line.indexOf('https') + UPPER_B64.length } });
  assert.ok(f.fix.newText.includes(Buffer.from('https://media.example.com/b.png').toString('base64url')));
});

test('exit codes: 0 clean, 1 findings, 2 usage and config errors with clear messages', () => {
  assert.equal(runCli(['.'], tree({ 'a.ts': CLEAN })).code, 0);
  assert.equal(runCli(['.'], tree({ 'a.ts': UPPER })).code, 1);
  assert.equal(runCli(['--fail-on', 'error', '.'], tree({ 'a.ts': UPPER })).code, 0);
  assert.equal(runCli(['--max-warnings', '1', '.'], tree({ 'a.ts': UPPER })).code, 0);
  assert.equal(runCli(['--max-warnings', '0', '.'], tree({ 'a.ts': UPPER })).code, 1);
  assert.equal(runCli(['--exit-zero', '.'], tree({ 'a.ts': UPPER })).code, 0);
  const usage = runCli(['--format', 'xml'], tree({}));
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--format xml: expected stylish, json or sarif/);
  const unknownRule = runCli(['--rule', 'host-upper=error'], tree({}));
  assert.equal(unknownRule.code, 2);
  assert.match(unknownRule.stderr, /unknown rule id "host-upper"/);
  const badConfig = runCli(['.'], tree({ '.imgproxy-url-lint.json': '{\n  "rules": { "host-uppercase": "loud" }\n}', 'a.ts': UPPER }));
  assert.equal(badConfig.code, 2);
  assert.match(badConfig.stderr, /\.imgproxy-url-lint\.json.*rules\.host-uppercase.*severity must be one of/);
  const badJson = runCli(['.'], tree({ '.imgproxy-url-lint.json': '{\n  "rules": {\n}}}', 'a.ts': UPPER }));
  assert.equal(badJson.code, 2);
  assert.match(badJson.stderr, /\.imgproxy-url-lint\.json:3:\d+: invalid JSON/);
});

test('--rule and the config file change severities; off silences', () => {
  const root = tree({ 'a.ts': UPPER, '.imgproxy-url-lint.json': '// comments allowed\n{ "rules": { "host-uppercase": "error" } }' });
  assert.equal(JSON.parse(runCli(['--format', 'json'], root).stdout).findings[0].severity, 'error');
  assert.equal(JSON.parse(runCli(['--format', 'json', '--rule', 'host-uppercase=off'], root).stdout).findings.length, 0);
});

test('--fix rewrites atomically, keeps BOM, CRLF and mode, and a second run finds nothing to fix', () => {
  const original = `\uFEFFline one\r\nconst a = "${UPPER}";\r\nconst b = '${UPPER_B64}';\r\n`;
  const root = tree({ 'a.ts': original });
  const path = join(root, 'a.ts');
  chmodSync(path, 0o640);
  const first = runCli(['--fix', '--format', 'json', '.'], root);
  assert.equal(first.code, 0, first.stderr);
  const fixed = readFileSync(path, 'utf8');
  assert.equal(fixed, original.replace('CDN.Example.com', 'cdn.example.com').replace(UPPER_B64, UPPER_B64.replace(Buffer.from('https://Media.Example.com/b.png').toString('base64url'), Buffer.from('https://media.example.com/b.png').toString('base64url'))));
  assert.equal(statSync(path).mode & 0o777, 0o640);
  assert.equal(JSON.parse(first.stdout).findings.length, 0);
  runCli(['--fix', '.'], root);
  assert.equal(readFileSync(path, 'utf8'), fixed);
});

test('SARIF 2.1.0 output has rule metadata, 1-based regions and fixes', () => {
  const { stdout } = runCli(['--format', 'sarif', '.'], tree({ 'a.ts': `x = "${UPPER}"` }));
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  // No public home for the rule pages (DOCS_BASE_URL unset at build time): SARIF's URIs must be absolute,
  // so there is no helpUri and the help text names the page by its path in the package.
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'host-uppercase');
  assert.equal(rule.helpUri, undefined);
  assert.match(rule.help.text, / See docs\/rules\/host-uppercase\.md in the imgproxy-url-lint package\.$/);
  assert.ok(existsSync(join('docs/rules', 'host-uppercase.md')));
  const [result] = run.results;
  assert.equal(result.ruleId, 'host-uppercase');
  assert.equal(result.level, 'warning');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'a.ts');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 1);
  assert.equal(result.locations[0].physicalLocation.region.startColumn, `x = "${UPPER}"`.indexOf('CDN') + 1);
  assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, UPPER.replace('CDN.Example', 'cdn.example'));
});

test('stylish output names files, positions, rules and skipped files', () => {
  const root = tree({ 'web/a.html': `<img src="${UPPER}">`, '.imgproxy-url-lint.json': '{ "maxFileSize": 100 }', 'big.txt': 'x'.repeat(200) });
  const { stdout } = runCli([], root);
  assert.match(stdout, /web\/a\.html\n {2}1:\d+ +warning +Source host "CDN\.Example\.com".*host-uppercase/);
  assert.match(stdout, /✖ 1 problem \(0 errors, 1 warning\)/);
  assert.match(stdout, /skipped big\.txt: 200 bytes, over the maxFileSize limit of 100 bytes/);
});

test('the signing key and salt never appear in any output, even in errors', () => {
  const key = 'deadbeef'.repeat(8);
  const salt = 'cafebabe'.repeat(8);
  const root = tree({ '.env': `IMGPROXY_KEY=${key}\nIMGPROXY_SALT=${salt}\n`, '.imgproxy-url-lint.json': '{ "signing": { "envFile": ".env" } }', 'a.ts': `"https://imgproxy.example.com/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/w:1/plain/https://CDN.example.com/a.jpg"` });
  for (const format of ['stylish', 'json', 'sarif']) {
    const { stdout, stderr } = runCli(['--format', format], root);
    assert.ok(stdout.includes('signature-mismatch'), format);
    assert.ok(!stdout.includes(key) && !stdout.includes(salt) && !stderr.includes(key) && !stderr.includes(salt), format);
  }
  writeFileSync(join(root, '.env'), `IMGPROXY_KEY=${key}zz\nIMGPROXY_SALT=${salt}\n`);
  const bad = runCli([], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /IMGPROXY_KEY.*hex/);
  assert.ok(!bad.stderr.includes(key));
});
