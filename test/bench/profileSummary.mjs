// Where a `node --cpu-prof` profile spends its time: self and inclusive milliseconds per function
// (a recursive function counted once per sample), the largest first.
//
//   node test/bench/profileSummary.mjs FILE.cpuprofile [--top 30] [--from NAME]
//
// --from NAME counts only from the first sample inside a function called NAME (e.g. `update`, the first
// keystroke's TextDocument.update: what typing costs, without the server's start and the document's open).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' }, from: { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: node test/bench/profileSummary.mjs FILE.cpuprofile [--top 30] [--from NAME]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const top = Number(values.top);

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

function label({ callFrame: { functionName, url, lineNumber } }) {
  const where = url ? `${basename(url).slice(0, 40)}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

// timeDeltas[i] is the time before sample i; the time a sample stands for is the delta after it.
const self = new Map();
const inclusive = new Map();
let total = 0;
let counting = values.from === undefined;
const stackNames = (id) => {
  const names = [];
  for (let at = id; at !== undefined; at = parent.get(at)) names.push(nodes.get(at).callFrame.functionName);
  return names;
};
profile.samples.forEach((id, i) => {
  counting ||= stackNames(id).includes(values.from);
  if (!counting) return;
  const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  total += ms;
  const leaf = label(nodes.get(id));
  self.set(leaf, (self.get(leaf) ?? 0) + ms);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = label(nodes.get(at));
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
});

const rows = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => `${ms.toFixed(0).padStart(8)} ms ${(100 * ms / total).toFixed(1).padStart(5)}%  ${name}`);
console.log(`${positionals[0]}: ${total.toFixed(0)} ms sampled${values.from === undefined ? '' : ` from the first sample in ${values.from}`}`);
console.log('\nself time:');
console.log(rows(self).join('\n'));
console.log('\ninclusive time:');
console.log(rows(inclusive).join('\n'));
