// The engine alone, two builds side by side in one process: lintText over every file with `://` under a
// folder (as the scan's prefilter passes them), the two engines alternating round by round so a change
// in the machine's load hits both alike. Prints the first round (what each scan thread pays, cold) and
// the median and fastest of the others.
//
//   npx esbuild server/src/core/index.ts --bundle --platform=node --format=cjs --main-fields=module,main --outfile=/tmp/core-after.cjs
//   (the same in a worktree of the other commit, to /tmp/core-before.cjs)
//   node test/bench/engineAb.mjs /tmp/core-after.cjs /tmp/core-before.cjs /tmp/realtree [rounds, default 16]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { walkTree } from './walkTree.mjs';

const [after, before, tree, rounds = '16'] = process.argv.slice(2);
if (!after || !before || !tree) {
  process.stderr.write('usage: node test/bench/engineAb.mjs AFTER.cjs BEFORE.cjs FOLDER [rounds]\n');
  process.exit(2);
}
const engines = { after: await import(resolve(after)), before: await import(resolve(before)) };
const texts = [];
walkTree(tree, (path) => {
  const bytes = readFileSync(path);
  if (bytes.includes('://') && !bytes.subarray(0, 8192).includes(0)) texts.push([path, bytes.toString('utf8')]);
});
const times = { after: [], before: [] };
const findings = {};
for (let round = 0; round < Number(rounds); round++) {
  for (const name of round % 2 ? ['after', 'before'] : ['before', 'after']) {
    const core = engines[name];
    const options = core.defaultLintOptions();
    let n = 0;
    const started = performance.now();
    for (const [path, text] of texts) n += core.lintText(text, options, path).length;
    times[name].push(performance.now() - started);
    findings[name] = n;
  }
}
process.stdout.write(`${texts.length} files with :// under ${tree}\n`);
for (const [name, ts] of Object.entries(times)) {
  const rest = ts.slice(2).sort((a, b) => a - b);
  process.stdout.write(`${name}: first round ${ts[0].toFixed(0)} ms, median ${rest[rest.length >> 1].toFixed(0)} ms, fastest ${rest[0].toFixed(0)} ms, ${findings[name]} findings\n`);
}
