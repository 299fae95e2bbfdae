// Recall on the real-code corpus: per repository, how many URLs each dialect reads (with the options the
// CLI would use for each file), and how many http(s) URLs no dialect reads. `--list` prints every URL with
// the dialect that read it (or `-`), for counting by hand. Reads the laid-out corpus (materialise.ts first).
// Usage: node --import tsx test/real/recall.ts [--list] [owner/name ...]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recognizeUrls, type RecognizedUrl } from '../../server/src/core/index.js';
import type { ThumborReading } from '../../server/src/core/dialects/thumbor/recognize.js';
import { ProjectContexts } from '../../server/src/workspace/context.js';
import { DEFAULT_CORPUS, REPOS, corpusName } from './corpus.js';

const list = process.argv.includes('--list');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));

/** The dialect that read a URL, thumbor's grammar split by the proxies it can be for ("imagor|thumbor"). */
function dialectOf({ read }: RecognizedUrl): string {
  if (!read) return '-';
  if (read.dialect.id !== 'thumbor') return read.dialect.id;
  return (read.reading as ThumborReading).proxies.join('|');
}

async function main() {
for (const entry of REPOS.filter((r) => wanted.length === 0 || wanted.includes(r.repo))) {
  const root = join(DEFAULT_CORPUS, corpusName(entry.repo));
  if (!existsSync(root)) { console.log(`${entry.repo}: not laid out under ${root} (run test/real/materialise.ts)`); continue; }
  const contexts = new ProjectContexts({ env: {} });
  const tally = new Map<string, number>();
  const lines: string[] = [];
  for (const file of entry.files) {
    const path = join(root, file);
    const options = (await contexts.forPath(path)).optionsFor(path);
    for (const url of recognizeUrls(readFileSync(path, 'utf8'), options, path)) {
      const dialect = dialectOf(url);
      tally.set(dialect, (tally.get(dialect) ?? 0) + 1);
      if (list) lines.push(`  ${dialect.padEnd(14)} ${file}: ${url.candidate.url.slice(0, 160)}`);
    }
  }
  const counts = [...tally].sort(([a], [b]) => (a === '-' ? 1 : b === '-' ? -1 : a.localeCompare(b))).map(([d, n]) => `${d === '-' ? 'none' : d} ${n}`);
  console.log(`${entry.repo}: ${counts.join(', ') || 'no URLs'}`);
  for (const line of lines) console.log(line);
}
}

void main();
