// The text of findings as the output writes it, made where they are found (a scan worker) so that the
// main thread only copies text: JSON or SARIF elements, each indented and preceded by its separator
// exactly as JSON.stringify(report, null, 2) places it, or a stylish block per file.
import type { FindingRenderer, PositionedFinding } from '../workspace/index.js';
import { displayPath, reportScanned, type ReportedFinding } from './report.js';
import { sarifResult } from './format/sarif.js';
import { stylishBlock } from './format/stylish.js';

/** What a renderer needs, as plain data (it crosses to the worker threads). */
export interface RenderSpec {
  format: 'json' | 'sarif' | 'stylish';
  /** Paths are written relative to this folder. */
  cwd: string;
  /** What comes before each element (JSON: a comma, a newline and the list's indentation; stylish: an empty line). */
  separator: string;
  /** --quiet: errors only. */
  quiet: boolean;
  /** Stylish on a terminal: with colours. */
  color: boolean;
}

export function findingRenderer(spec: RenderSpec): FindingRenderer {
  const element = spec.format === 'sarif' ? sarifResult : (finding: ReportedFinding) => finding;
  // JSON escapes newlines inside strings, so every raw newline in an element is the layout's.
  const newline = spec.separator.slice(1);
  return (path: string, findings: readonly PositionedFinding[]) => {
    const file = displayPath(path, spec.cwd);
    const bySeverity: Record<string, number> = {};
    let fixable = 0;
    const reported: ReportedFinding[] = [];
    for (const finding of findings) {
      if (spec.quiet && finding.severity !== 'error') continue;
      reported.push(reportScanned(file, finding));
      bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
      if (finding.fix) fixable++;
    }
    let text = '';
    if (spec.format === 'stylish') {
      if (reported.length > 0) text = spec.separator + stylishBlock(file, reported, spec.color);
    } else {
      for (const finding of reported) text += spec.separator + JSON.stringify(element(finding), null, 2).replaceAll('\n', newline);
    }
    return { text, bySeverity, fixable };
  };
}
