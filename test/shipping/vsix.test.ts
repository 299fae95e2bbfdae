// The .vsix as the Marketplace and VS Code get it: `npm run package` in a copy of the repository as a
// fresh clone has it, exactly the intended files (vsce ls and the archive agree), a manifest ready for the
// Marketplace, and a README whose pictures and links point at the repository.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/core/index.js';
import { copyOfWorkingTree, offlineEnv, run, tempDir } from './helpers.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
/** The README's pictures (test/e2e/run.mjs refreshes them); the .vsix's README links them. */
const PICTURES = ['docs/images/squiggle-and-problems.png', 'docs/images/quick-fix.png'];
const INTENDED = [
  'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md',
  'dist/client.js', 'dist/server.js', 'dist/scan-worker.js',
  'docs/builders.md', 'docs/configuration.md', 'docs/how-it-works.md',
  'docs/images/icon.png',
  ...RULES.map((r) => `docs/rules/${r.id}.md`),
].sort();

let clone: string;
let vsix: string;
before(() => {
  clone = copyOfWorkingTree('vsix', { linkNodeModules: true });
  vsix = join(tempDir('vsix'), 'imgproxy-url-lint.vsix');
  const pack = run('npm', ['run', 'package', '--', '--out', vsix], { cwd: clone, env: offlineEnv() });
  assert.equal(pack.code, 0, `npm run package failed:\n${pack.output}`);
});

const unzip = (args: string[]) => {
  const r = run('unzip', args, { cwd: clone });
  assert.equal(r.code, 0, `unzip ${args.join(' ')} (Debian package unzip, .ci/apt-packages.txt):\n${r.output}`);
  return r.stdout;
};

test('vsce ls lists exactly the intended files: the bundles, manifest, README, LICENSE, CHANGELOG, docs and pictures', () => {
  const ls = run(process.execPath, [join(clone, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: clone });
  assert.equal(ls.code, 0, ls.output);
  assert.deepEqual(ls.stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort(), INTENDED);
});

test('the .vsix holds those files and nothing else', () => {
  // vsce's own names inside the archive: LICENSE becomes LICENSE.txt, README and CHANGELOG lowercase.
  const renamed: Record<string, string> = { LICENSE: 'LICENSE.txt', 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md' };
  const expected = ['[Content_Types].xml', 'extension.vsixmanifest', ...INTENDED.map((f) => `extension/${renamed[f] ?? f}`)].sort();
  assert.deepEqual(unzip(['-Z1', vsix]).split('\n').filter(Boolean).sort(), expected);
  const packaged = JSON.parse(unzip(['-p', vsix, 'extension/package.json']));
  assert.equal(packaged.files, undefined, 'the npm whitelist stays out of the .vsix manifest');
  assert.equal(packaged.version, manifest.version);
  assert.ok(!unzip(['-p', vsix, 'extension/dist/client.js']).includes('sourceMappingURL'), 'client.js points at a source map that is not shipped');
});

test('the packaged README links its pictures and files at the repository over https', () => {
  // VS Code's extension page keeps only http(s) image sources and loads only https ones: relative or data:
  // pictures show nothing there (test/e2e scenario 8).
  const repository = manifest.repository.url.replace(/\.git$/, '');
  const readme = unzip(['-p', vsix, 'extension/readme.md']);
  const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.deepEqual(pictures, PICTURES.map((p) => `${repository}/raw/HEAD/${p}`));
  for (const picture of PICTURES) assert.equal(run('git', ['ls-files', '--error-unmatch', picture], { cwd: process.cwd() }).code, 0, `${picture} is not in git, so its link is broken`);
  const links = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(links.includes(`${repository}/blob/HEAD/docs/rules/host-uppercase.md`));
  for (const link of links) assert.match(link, /^(https:|#)/, `a relative link in the packaged README: ${link}`);
});

test('the manifest is ready for the Marketplace', () => {
  assert.equal(manifest.private, undefined);
  assert.ok(manifest.categories.includes('Linters'));
  assert.ok(manifest.keywords.includes('imgproxy') && manifest.keywords.length <= 30, 'keywords (the Marketplace takes up to 30)');
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  for (const key of ['homepage', 'qna']) assert.match(manifest[key], /^https:\/\//, key);
  assert.match(manifest.bugs.url, /^https:\/\//);
  assert.match(manifest.repository.url, /^https:\/\/github\.com\//);
  assert.equal(manifest.dependencies, undefined, 'runtime libraries are bundled: devDependencies only');
  assert.equal(manifest.scripts.prepack, 'node scripts/build.mjs --release');
  assert.match(manifest.scripts.package, /^node scripts\/package-vsix\.mjs\b/);
});

test('the icon is a 128 x 128 PNG, and the one icon.svg renders to', () => {
  assert.equal(manifest.icon, 'docs/images/icon.png');
  const png = readFileSync(manifest.icon);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  const check = run(process.execPath, ['scripts/icon.mjs', '--check'], { cwd: process.cwd() });
  assert.equal(check.code, 0, check.output);
});
