// Packages the VS Code extension: a release build, then a .vsix of what .vscodeignore lets through.
//   node scripts/package-vsix.mjs [--out FILE]   (default imgproxy-url-lint.vsix; the last --out wins)
//
// vsce refuses to package a folder whose package.json has a `files` list (the npm tarball's whitelist)
// beside a .vscodeignore (the .vsix's whitelist), so the .vsix is made in a stage folder: the files vsce
// itself lists for this folder, and package.json without `files`.
//
// The staged README embeds its pictures as data: URIs: VS Code's extension page allows only https: and
// data: images (its Content-Security-Policy), so a relative or an https link to the repository shows
// nothing offline. Its relative links to other files become links to the repository (the page opens only
// http(s) links), which vsce would do itself if it did not reject data: images while rewriting.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
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
  const repositoryFiles = `${manifest.repository.url.replace(/\.git$/, '')}/blob/HEAD/`;
  writeFileSync(join(stage, 'README.md'), readmeForVsix(readFileSync(join(repo, 'README.md'), 'utf8'), repositoryFiles));
  copyFileSync(join(repo, '.vscodeignore'), join(stage, '.vscodeignore'));
  rmSync(out, { force: true });
  await createVSIX({ cwd: stage, packagePath: out, dependencies: false, rewriteRelativeLinks: false });
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/**
 * The README as the .vsix carries it: `![alt](relative.png)` pictures inlined as data: URIs, other relative
 * links pointed at `repositoryFiles` (anchors and absolute links are kept).
 */
function readmeForVsix(markdown, repositoryFiles) {
  return markdown.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (all, bang, text, link) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('#')) return all;
    const path = posix.normalize(link);
    if (bang && /\.png$/i.test(path)) return `![${text}](data:image/png;base64,${readFileSync(join(repo, path)).toString('base64')})`;
    return `${bang}[${text}](${repositoryFiles}${path})`;
  });
}
