// The plain Node baseline for the benchmark: one thread, no workers, walks the tree (skipping .git,
// node_modules and the build/dist folders the tree's .gitignore files name), reads every file and
// looks for `://`. What reading the tree costs in Node before any linting: the scan is compared to it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['.git', 'node_modules', 'build', 'dist']);
let files = 0;
let withMark = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile()) {
      files++;
      if (readFileSync(path).indexOf('://') !== -1) withMark++;
    }
  }
};
walk(process.argv[2] ?? '.');
process.stdout.write(`${files} files, ${withMark} with ://\n`);
