// The npm package as a user gets it: `npm pack` in a copy of the repository as a fresh clone has it
// (prepack makes the release build), then `npm install --offline <tarball>` into an empty project with an
// empty npm cache, so nothing can come from a registry. There the CLI must work through npx.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULES } from '../../server/src/core/index.js';
import { UPPER, CLEAN } from '../cli/helpers.js';
import { copyOfWorkingTree, offlineEnv, REPO, run, tempDir } from './helpers.js';

/** The goal for the tarball (issue 15): well under what an editor-less CI job should download. */
const MAX_TARBALL_BYTES = 400_000;
/** SARIF 2.1.0's schema as @microsoft/jest-sarif ships it (the OASIS schema of 2.1.0's last RTM, draft-04). */
const SARIF_SCHEMA = 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
interface Packed { filename: string; size: number; entryCount: number; files: { path: string }[] }
let packed: Packed;
let tarball: string;
let project: string;
const env = offlineEnv();

before(() => {
  const clone = copyOfWorkingTree('pack', { linkNodeModules: true });
  const dest = tempDir('tarball');
  const pack = run('npm', ['pack', '--json', '--pack-destination', dest], { cwd: clone, env });
  assert.equal(pack.code, 0, `npm pack failed:\n${pack.output}`);
  [packed] = JSON.parse(pack.stdout) as Packed[];
  tarball = join(dest, packed.filename);

  project = tempDir('user-project');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }, null, 2) + '\n');
  // An empty cache: with --offline, anything npm would need from a registry makes the install fail.
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: { ...env, npm_config_cache: tempDir('empty-npm-cache') } });
  assert.equal(install.code, 0, `npm install --offline of the tarball failed:\n${install.output}`);
});

const npx = (args: string[], cwd = project) => run('npx', ['--no-install', 'imgproxy-url-lint', ...args], { cwd, env });

test(`the tarball holds the CLI and worker bundles, README, LICENSE, CHANGELOG and docs/rules/, under ${MAX_TARBALL_BYTES} bytes`, () => {
  const files = packed.files.map((f) => f.path).sort();
  const expected = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/scan-worker.js', 'package.json', ...RULES.map((r) => `docs/rules/${r.id}.md`)].sort();
  assert.deepEqual(files, expected);
  assert.equal(packed.entryCount, expected.length);
  assert.ok(statSync(tarball).size < MAX_TARBALL_BYTES, `the tarball is ${statSync(tarball).size} bytes`);
});

test('installing it adds one package: no runtime dependencies', () => {
  const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'imgproxy-url-lint', 'package.json'), 'utf8'));
  assert.equal(installed.dependencies, undefined);
  assert.equal(installed.private, undefined);
  const packages = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
  assert.deepEqual(packages, ['imgproxy-url-lint']);
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  assert.deepEqual(Object.keys(lock.packages).filter(Boolean), ['node_modules/imgproxy-url-lint']);
});

test('the shipped bundles are release builds: minified, no source maps', () => {
  const dist = join(project, 'node_modules', 'imgproxy-url-lint', 'dist');
  assert.deepEqual(readdirSync(dist).sort(), ['cli.js', 'scan-worker.js']);
  for (const name of ['cli.js', 'scan-worker.js']) {
    const text = readFileSync(join(dist, name), 'utf8');
    assert.ok(!text.includes('sourceMappingURL'), `${name} points at a source map that is not shipped`);
    // Minified: nearly all the code on long lines. Counting lines no longer tells (the CLI's usage texts are
    // template literals whose newlines a minifier keeps); a readable build has under 30% on such lines.
    const lines = text.split('\n');
    const onLongLines = lines.filter((l) => l.length > 1000).reduce((sum, l) => sum + l.length, 0) / text.length;
    assert.ok(onLongLines > 0.95, `${name} is not minified (${lines.length} lines, ${Math.round(onLongLines * 100)}% of it on lines over 1,000 characters)`);
  }
});

test('npx imgproxy-url-lint on a file with an uppercase source host exits 1 and names the finding', () => {
  writeFileSync(join(project, 'images.ts'), `export const a = '${UPPER}';\nexport const b = '${CLEAN}';\n`);
  const { code, stdout, stderr } = npx(['images.ts']);
  assert.equal(code, 1, stderr);
  assert.match(stdout, /images\.ts/);
  assert.match(stdout, /1:\d+\s+warning\s+.*CDN\.Example\.com.*host-uppercase/);
  assert.match(stdout, /1 problem/);
});

test('npx imgproxy-url-lint --version prints the package version', () => {
  const { code, stdout } = npx(['--version']);
  assert.equal(code, 0);
  assert.equal(stdout.trim(), manifest.version);
});

test('a tree big enough for the worker threads (scan-worker.js) is scanned completely', () => {
  const root = join(project, 'site');
  for (let i = 0; i < 150; i++) {
    mkdirSync(join(root, String(i % 5)), { recursive: true });
    writeFileSync(join(root, String(i % 5), `page${i}.html`), `<img src="${i === 149 ? UPPER : CLEAN}">\n`);
  }
  const { code, stdout, stderr } = npx(['--format', 'json', 'site']);
  assert.equal(code, 1, stderr);
  const out = JSON.parse(stdout);
  assert.equal(out.filesScanned, 150);
  assert.deepEqual(out.findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`), ['site/4/page149.html host-uppercase']);
});

test('--format sarif validates against the SARIF 2.1.0 JSON schema', () => {
  writeFileSync(join(project, 'images.ts'), `export const a = '${UPPER}';\n`);
  const { code, stdout, stderr } = npx(['--format', 'sarif', 'images.ts']);
  assert.equal(code, 1, stderr);
  const sarif: { version: string; runs: { results: { ruleId: string }[] }[] } = JSON.parse(stdout);
  // unicodeRegExp off: the schema's `language` pattern has a stray `]`, legal only without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(REPO, SARIF_SCHEMA), 'utf8')));
  assert.equal(validate(sarif), true, JSON.stringify(validate.errors, null, 2));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].results[0].ruleId, 'host-uppercase');
  // The schema is strict enough to catch a broken log (a control for the check above).
  assert.equal(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ...sarif.runs[0].results[0], level: 'severe' }] }] }), false);
});
