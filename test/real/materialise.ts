// Lays out the corpus under test/real/corpus/ (git-ignored) from the snapshots, for reading and for
// running the CLI by hand. Usage: node --import tsx test/real/materialise.ts [--mirror DIR] [--out DIR]
import { resolve } from 'node:path';
import { DEFAULT_CORPUS, DEFAULT_MIRROR, REPOS, materialiseRepo } from './corpus.js';

const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const mirror = arg('--mirror') ?? DEFAULT_MIRROR;
const out = resolve(arg('--out') ?? DEFAULT_CORPUS);
let missing = 0;
for (const entry of REPOS) {
  if (materialiseRepo(entry, out, mirror) === undefined) { missing++; console.error(`skipped ${entry.repo}: no snapshot under ${mirror}`); }
}
console.log(`${REPOS.length - missing} of ${REPOS.length} repositories laid out under ${out}`);
process.exit(missing === REPOS.length ? 1 : 0);
