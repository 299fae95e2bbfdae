// The JSON and SARIF text of findings, made where they are found (a scan worker) so that the main
// thread only copies text: each finding is formatted as the format writes it inside its list, indented
// and preceded by its separator, exactly as JSON.stringify(report, null, 2) would place it.
import type { FindingRenderer, PositionedFinding } from '../workspace/index.js';
import { displayPath, reportScanned } from './report.js';
import { sarifResult } from './format/sarif.js';

/** What a renderer needs, as plain data (it crosses to the worker threads). */
export interface RenderSpec {
  format: 'json' | 'sarif';
  /** Paths are written relative to this folder. */
  cwd: string;
  /** The indentation of the findings list's elements in the format's output. */
  indent: string;
  /** --quiet: errors only. */
  quiet: boolean;
}

export function findingRenderer(spec: RenderSpec): FindingRenderer {
  const element = spec.format === 'json' ? (finding: ReturnType<typeof reportScanned>) => finding : sarifResult;
  const newline = `\n${spec.indent}`;
  const separator = `,${newline}`;
  return (path: string, findings: readonly PositionedFinding[]) => {
    const file = displayPath(path, spec.cwd);
    let text = '';
    const bySeverity: Record<string, number> = {};
    for (const finding of findings) {
      if (spec.quiet && finding.severity !== 'error') continue;
      // JSON escapes newlines inside strings, so every raw newline is the layout's.
      text += separator + JSON.stringify(element(reportScanned(file, finding)), null, 2).replaceAll('\n', newline);
      bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
    }
    return { text, bySeverity };
  };
}
