// The plain Node baselines for the benchmark: one thread, no workers, walks the tree (skipping .git,
// node_modules and the build/dist folders the tree's .gitignore files name), and
//   node test/bench/readLoop.mjs [DIR]          reads every file and looks for `://`: what reading the
//                                               tree costs in Node before any linting (the scan's baseline);
//   node test/bench/readLoop.mjs --stat [DIR]   only stats every file: the least a cache that checks each
//                                               file's size and mtime must do (the warm --cache baseline).
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
      if (statOnly) statSync(path);
      else if (readFileSync(path).indexOf('://') !== -1) withMark++;
    }
  }
};
const statOnly = process.argv[2] === '--stat';
walk(process.argv[statOnly ? 3 : 2] ?? '.');
process.stdout.write(statOnly ? `${files} files stat'd\n` : `${files} files, ${withMark} with ://\n`);
