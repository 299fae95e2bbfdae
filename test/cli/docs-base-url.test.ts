// DOCS_BASE_URL is set once, at build time: a build with it links every rule to its public page (SARIF
// helpUri, the language server's codeDescription); scripts/build.mjs refuses a URL that cannot be one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tempDir.js';
import { runCli, tree, UPPER } from './helpers.js';

const BASE = 'https://docs.example.org/imgproxy-url-lint/rules/';

function build(outdir: string, docsBaseUrl: string) {
  return spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { encoding: 'utf8', env: { PATH: process.env.PATH, DOCS_BASE_URL: docsBaseUrl } });
}

test('a build with DOCS_BASE_URL: SARIF links each rule to its public page', () => {
  const out = tempDir('iul-docs-build-');
  const built = build(out, BASE);
  assert.equal(built.status, 0, built.stderr);
  const sarif = JSON.parse(runCli(['--format', 'sarif', '.'], tree({ 'a.ts': `x = "${UPPER}"` }), {}, join(out, 'cli.js')).stdout);
  const { driver } = sarif.runs[0].tool;
  assert.equal(driver.informationUri, BASE);
  for (const rule of driver.rules) {
    assert.equal(rule.helpUri, `${BASE}${rule.id}.md`);
    assert.ok(rule.help.text.endsWith(` See ${BASE}${rule.id}.md.`), rule.help.text);
  }
  // The server bundle carries the same constant (its codeDescription links come from ruleDocUrl).
  assert.ok(readFileSync(join(out, 'server.js'), 'utf8').includes(JSON.stringify(BASE)));
});

test('scripts/build.mjs refuses a DOCS_BASE_URL that is not an https folder URL, and says what it wants', () => {
  const out = tempDir('iul-docs-build-');
  for (const bad of ['http://docs.example.org/rules/', 'https://docs.example.org/rules', 'docs/rules/']) {
    const built = build(out, bad);
    assert.equal(built.status, 2, bad);
    assert.match(built.stderr, /DOCS_BASE_URL must be an https:\/\/ URL of the folder of rule pages, ending in "\/"/);
  }
});
