// The plain Node baselines for the benchmark: one thread, no workers, walks the tree (walkTree.mjs:
// skipping .git, node_modules and the build/dist folders the tree's .gitignore files name), and
//   node test/bench/readLoop.mjs [DIR]          reads every file and looks for `://`: what reading the
//                                               tree costs in Node before any linting (the scan's baseline);
//   node test/bench/readLoop.mjs --stat [DIR]   only stats every file: the least a cache that checks each
//                                               file's size and mtime must do (the warm --cache baseline).
import { readFileSync, statSync } from 'node:fs';
import { walkTree } from './walkTree.mjs';

let files = 0;
let bytes = 0;
let withMark = 0;
const statOnly = process.argv[2] === '--stat';
walkTree(process.argv[statOnly ? 3 : 2] ?? '.', (path) => {
  files++;
  if (statOnly) bytes += statSync(path).size;
  else if (readFileSync(path).indexOf('://') !== -1) withMark++;
});
process.stdout.write(statOnly ? `${files} files, ${bytes} bytes stat'd\n` : `${files} files, ${withMark} with ://\n`);
