// Every source file is named in its folder's README (the nearest README.md at or above it, by its path
// from there, in backticks), and every file a README's table names exists: the map cannot rot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

const ROOTS = ['server/src', 'client/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The nearest README.md at or above `file`'s folder, without leaving `root`. */
function readmeFor(file: string, root: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'README.md'))) return join(dir, 'README.md');
    if (dir === root || !dir.startsWith(root)) return undefined;
  }
}

/** The files a README's tables name: every backticked name in a row's first cell. */
function tableEntries(readme: string): string[] {
  return readFileSync(readme, 'utf8').split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

test('every source file under server/src and client/src is named in its folder\'s README', () => {
  const missing: string[] = [];
  for (const root of ROOTS) {
    for (const file of sourceFiles(root)) {
      const readme = readmeFor(file, root);
      if (!readme) {
        missing.push(`${file}: no README.md in its folder or above it (up to ${root})`);
        continue;
      }
      const name = relative(dirname(readme), file).split(sep).join('/');
      if (!readFileSync(readme, 'utf8').includes('`' + name + '`')) missing.push(`${file}: not named as \`${name}\` in ${readme}`);
    }
  }
  assert.deepEqual(missing, [], `Add each file to its README (what it is for, one line):\n${missing.join('\n')}`);
});

test('every file a folder README\'s table names exists', () => {
  const stale: string[] = [];
  for (const root of ROOTS) {
    const readmes = [root, ...sourceFiles(root).map(dirname)].map((dir) => join(dir, 'README.md')).filter((p, i, all) => existsSync(p) && all.indexOf(p) === i);
    for (const readme of readmes) {
      for (const entry of tableEntries(readme)) {
        if (/\.(ts|mts|cts|js|mjs)$/.test(entry) && !existsSync(join(dirname(readme), entry))) stale.push(`${readme}: names ${entry}, which does not exist`);
      }
    }
  }
  assert.deepEqual(stale, [], stale.join('\n'));
});
