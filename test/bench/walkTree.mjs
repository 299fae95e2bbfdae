// The benchmark's own plain walk (readLoop.mjs, engineAb.mjs): one thread, synchronous, every regular
// file under a folder, skipping .git, node_modules and the build/dist folders the trees' .gitignore
// files name, so that every baseline reads the same files.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['.git', 'node_modules', 'build', 'dist']);

/** Calls `onFile` with the path of every regular file under `dir`, depth first. */
export function walkTree(dir, onFile) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkTree(path, onFile);
    else if (entry.isFile()) onFile(path);
  }
}
