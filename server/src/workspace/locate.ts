// Finds, in the files under the given paths (walked as the scan walks: ignore files, excludes, the
// project config per folder), the code that builds each failing source of a log report, and records it
// on the report. The matching itself is the engine's (core/logs/locate.ts); this is the file side.
import { LineIndex } from '../core/index.js';
import { matchSources, sourceKey, type CodeLocation, type FailingSource, type LogReport, type SourceKey } from '../core/logs/index.js';
import { walkFiles, type WalkOptions } from './walk.js';

/** Locations kept per failing source, best first. */
const MAX_LOCATIONS = 10;
const RANK = { exact: 0, pattern: 1, host: 2 } as const;

export interface LocateOptions extends Pick<WalkOptions, 'contexts' | 'configFile' | 'env' | 'exclude' | 'signal' | 'fs'> {
  /** How a file's path is shown (relative to the cwd for the CLI, a URI for the server). */
  display: (path: string) => string;
}

/** Fills `locations` of every failing source in `report`; returns the number of files read. */
export async function locateSources(report: LogReport, paths: string[], options: LocateOptions): Promise<number> {
  const targets: { key: SourceKey; entry: FailingSource }[] = [];
  for (const group of report.groups) {
    for (const entry of group.sources) {
      const key = sourceKey(entry.source);
      if (key) targets.push({ key, entry });
    }
  }
  if (targets.length === 0) return 0;
  const keys = targets.map((t) => t.key);
  let files = 0;
  for await (const walked of walkFiles(paths, { ...options, onConfigError: 'skip' })) {
    if (walked.kind !== 'file' || !walked.file) continue;
    files++;
    const text = walked.file.text;
    const matches = matchSources(text, walked.context.options, keys);
    if (matches.length === 0) continue;
    const index = new LineIndex(text);
    const file = options.display(walked.path);
    for (const match of matches) {
      const location: CodeLocation = { file, range: index.range(match.start, match.end), match: match.match, url: match.url };
      targets[match.target].entry.locations.push(location);
    }
  }
  for (const { entry } of targets) {
    entry.locations.sort((a, b) => RANK[a.match] - RANK[b.match] || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line));
    entry.locations.splice(MAX_LOCATIONS);
  }
  return files;
}
