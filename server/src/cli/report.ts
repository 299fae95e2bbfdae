// What the CLI reports: findings with LSP-style ranges (0-based, UTF-16) and paths relative to the cwd.
import { relative, sep } from 'node:path';
import { LineIndex, type Finding, type ProbeEvidence, type Range, type Severity } from '../core/index.js';
import type { PositionedFinding } from '../workspace/index.js';

export interface ReportedFinding {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  url: string;
  source?: string;
  host?: string;
  fix: { range: Range; newText: string } | null;
  probe?: ProbeEvidence;
}

export interface SkippedReport { file: string; reason: string; detail: string }

export interface RunReport {
  filesScanned: number;
  findings: ReportedFinding[];
  skipped: SkippedReport[];
  /** Files rewritten by --fix. */
  fixedFiles: string[];
  /** Failures that lost nothing but need attention (a file changed during --fix, a write error). */
  errors: string[];
  /**
   * Things worth telling that change nothing in the results, on stderr with the exit code kept: a cache
   * file ignored, a problem in a file the tool found by itself (`note: file:line: message`).
   */
  notes: string[];
}

/** A report with nothing in it yet. */
export function emptyReport(): RunReport {
  return { filesScanned: 0, findings: [], skipped: [], fixedFiles: [], errors: [], notes: [] };
}

/** `path` relative to `cwd`, with `/` separators (the JSON contract). */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function reportFinding(file: string, finding: Finding, index: LineIndex): ReportedFinding {
  const reported: ReportedFinding = {
    file,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range: index.range(finding.start, finding.end),
    url: finding.url,
    fix: finding.fix ? { range: index.range(finding.fix.start, finding.fix.end), newText: finding.fix.newText } : null,
  };
  if (finding.source !== undefined) reported.source = finding.source;
  if (finding.host !== undefined) reported.host = finding.host;
  if (finding.probe !== undefined) reported.probe = finding.probe;
  return reported;
}

/** The same as reportFinding, for a finding whose ranges were computed where the text was (a scan worker). */
export function reportScanned(file: string, finding: PositionedFinding): ReportedFinding {
  const reported: ReportedFinding = {
    file,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    range: finding.range,
    url: finding.url,
    fix: finding.fix && finding.fixRange ? { range: finding.fixRange, newText: finding.fix.newText } : null,
  };
  if (finding.source !== undefined) reported.source = finding.source;
  if (finding.host !== undefined) reported.host = finding.host;
  if (finding.probe !== undefined) reported.probe = finding.probe;
  return reported;
}

export function compareFindings(a: ReportedFinding, b: ReportedFinding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
