// What each URL of a document read as, kept from one analysis to the next (an editor's versions of one
// document), so that a keystroke reads again only the URLs it touched. A URL's reading and its own
// findings depend on nothing but its text, where its holes are and the options: they are stored with
// offsets relative to the URL's start and moved to wherever the URL stands in the next version.
import type { DialectRead } from './dialects/index.js';
import type { UrlCandidate } from './find.js';
import type { Finding, LintOptions } from './types.js';

/** One URL's results, offsets relative to its start; the findings computed when first asked for. */
export interface UrlMemoEntry {
  read: DialectRead | null;
  findings?: readonly Finding[];
}

function shifted(finding: Finding, by: number): Finding {
  const fix = finding.fix && { ...finding.fix, start: finding.fix.start + by, end: finding.fix.end + by };
  return { ...finding, start: finding.start + by, end: finding.end + by, fix };
}

/**
 * The candidate with its own copy of the URL. A slice of a text keeps the whole text alive (V8's sliced
 * strings), and an entry outlives its version: without the copy every version of a 5 MB document that
 * some entry was read from would stay in memory.
 */
function detached(candidate: UrlCandidate): UrlCandidate {
  return { ...candidate, url: (' ' + candidate.url).slice(1) };
}

/** The text and the holes (relative to the URL) of a candidate: equal keys, equal results. */
function keyOf(candidate: UrlCandidate): string {
  if (candidate.holes.length === 0) return candidate.url;
  return `${candidate.url}\u0000${candidate.holes.map(([start, end]) => `${start - candidate.start}-${end - candidate.start}`).join(',')}`;
}

export class UrlMemo {
  private options: LintOptions | undefined;
  /** Entries used by the last analysis, and those used by this one: what no version uses any more goes. */
  private previous = new Map<string, UrlMemoEntry>();
  private current = new Map<string, UrlMemoEntry>();

  /** Starts an analysis under `options`; what was read under other options is dropped. */
  begin(options: LintOptions): void {
    if (options !== this.options) {
      this.options = options;
      this.current.clear();
    }
    this.previous = this.current;
    this.current = new Map();
  }

  /** The candidate's entry, read now (`read`) when no earlier version had the same URL. */
  entry(candidate: UrlCandidate, read: (candidate: UrlCandidate) => DialectRead | null): UrlMemoEntry {
    const key = keyOf(candidate);
    let entry = this.current.get(key) ?? this.previous.get(key);
    if (!entry) entry = { read: read(detached(candidate)) };
    this.current.set(key, entry);
    return entry;
  }

  /** The entry's findings where the candidate stands now, computed (`lint`, at the candidate's offsets) once. */
  static findings(entry: UrlMemoEntry, candidate: UrlCandidate, lint: (candidate: UrlCandidate) => Finding[]): Finding[] {
    if (entry.findings === undefined) {
      const found = lint(detached(candidate));
      entry.findings = found.map((finding) => shifted(finding, -candidate.start));
      return found;
    }
    return entry.findings.map((finding) => shifted(finding, candidate.start));
  }
}
