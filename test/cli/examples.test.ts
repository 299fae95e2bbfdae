// The demo app in examples/ shows every static rule; the CLI must report exactly what EXPECTED.md lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { RULES } from '../../server/src/core/index.js';
import { runCli } from './helpers.js';

interface Expected { file: string; line: number; rule: string }

test('the CLI on examples/ reports exactly examples/expected.json', () => {
  const expected: Expected[] = JSON.parse(readFileSync('examples/expected.json', 'utf8'));
  const { code, stdout, stderr } = runCli(['--format', 'json', 'examples'], process.cwd());
  assert.equal(code, 1, stderr);
  const actual = JSON.parse(stdout).findings.map((f: { file: string; range: { start: { line: number } }; rule: string }) => `${f.file}:${f.range.start.line + 1} ${f.rule}`);
  assert.deepEqual(actual.sort(), expected.map((e) => `${e.file}:${e.line} ${e.rule}`).sort());
});

test('every static rule is shown by the examples, and every rule has a docs page and a README row', () => {
  const shown = new Set((JSON.parse(readFileSync('examples/expected.json', 'utf8')) as Expected[]).map((e) => e.rule));
  const readme = readFileSync('README.md', 'utf8');
  for (const rule of RULES) {
    if (!('probe' in rule)) assert.ok(shown.has(rule.id), `examples show ${rule.id}`);
    assert.ok(existsSync(`docs/rules/${rule.id}.md`), `docs/rules/${rule.id}.md exists`);
    assert.ok(readme.includes(`[\`${rule.id}\`](docs/rules/${rule.id}.md)`), `README links ${rule.id}`);
  }
});
