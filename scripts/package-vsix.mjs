// Packages the VS Code extension: a release build, then a .vsix of what .vscodeignore lets through.
//   node scripts/package-vsix.mjs [--out FILE]   (default imgproxy-url-lint.vsix; the last --out wins)
//
// vsce refuses to package a folder whose package.json has a `files` list (the npm tarball's whitelist)
// beside a .vscodeignore (the .vsix's whitelist), so the .vsix is made in a stage folder: the files vsce
// itself lists for this folder, and package.json without `files`.
//
// The README's pictures stay links: vsce rewrites relative links to the repository's https URLs
// (`repository` in package.json), which the Marketplace and VS Code's extension page show. Nothing shows
// them offline: that page keeps only http(s) image sources (its sanitizer drops data: and relative ones,
// test/e2e scenario 8 saw both go) and its Content-Security-Policy loads only https: and data: images.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVSIX, listFiles } from '@vscode/vsce';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.lastIndexOf('--out');
const out = resolve(outIndex > 0 && process.argv[outIndex + 1] ? process.argv[outIndex + 1] : join(repo, 'imgproxy-url-lint.vsix'));

const build = spawnSync(process.execPath, [join(repo, 'scripts/build.mjs'), '--release'], { cwd: repo, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const stage = mkdtempSync(join(tmpdir(), 'imgproxy-url-lint-vsix-'));
try {
  // What `vsce ls` lists for the repository: .vscodeignore applied.
  for (const file of await listFiles({ cwd: repo, packageManager: 'none' })) {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(repo, file), join(stage, file));
  }
  const { files: _npmFiles, ...manifest } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  copyFileSync(join(repo, '.vscodeignore'), join(stage, '.vscodeignore'));
  rmSync(out, { force: true });
  await createVSIX({ cwd: stage, packagePath: out, dependencies: false });
} finally {
  rmSync(stage, { recursive: true, force: true });
}

