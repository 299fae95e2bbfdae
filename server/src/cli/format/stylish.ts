// --format stylish: ESLint's layout. One block per file, `line:column  severity  message  rule` aligned
// within the file, then a summary; columns 1-based as editors show them.
import { styleText } from 'node:util';
import type { Severity } from '../../core/index.js';
import type { ReportedFinding, RunReport } from '../report.js';
import type { FindingCounts } from '../../workspace/index.js';

type Style = Parameters<typeof styleText>[0];

/**
 * Text from the linted files (decoded hosts, file names) made safe for a terminal: C0 and C1 control
 * characters (ESC starts escape sequences that repaint or retitle the terminal) are shown as \uXXXX.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What comes between two files' blocks: an empty line. */
export const STYLISH_SEPARATOR = '\n\n';

/**
 * One file's block: its name underlined, then a row per finding, `line:column  severity  message  rule`,
 * the columns aligned within the file (as ESLint's stylish does), so a block can be written on its own.
 */
export function stylishBlock(file: string, findings: readonly ReportedFinding[], color: boolean): string {
  const paint = painter(color);
  const rows = findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, printable(f.message), f.rule] as const);
  const width = (i: number) => Math.max(0, ...rows.map((r) => r[i].length));
  const [posWidth, severityWidth] = [width(0), width(1)];
  const lines = [paint('underline', printable(file))];
  for (const [pos, severity, message, rule] of rows) {
    const severityStyle: Style = severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'blue';
    lines.push(`  ${paint('dim', pos.padEnd(posWidth))}  ${paint(severityStyle, severity.padEnd(severityWidth))}  ${message}  ${paint('dim', rule)}`);
  }
  return lines.join('\n');
}

/**
 * The report: a block per file, the summary, skipped and fixed files, files scanned. `spooled`: findings
 * whose blocks were written before this text (a scan's spool, for a report with none of its own):
 * counted in the summary, not written; the text then goes on from the last block.
 */
export function formatStylish(report: RunReport, color: boolean, spooled?: FindingCounts): string {
  if (spooled && report.findings.length > 0) throw new Error('formatStylish: findings both in the report and spooled');
  const paint = painter(color);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = spooled?.fixable ?? 0;
  for (const [severity, n] of Object.entries(spooled?.bySeverity ?? {})) counts[severity as Severity] += n;
  const blocks: string[] = [];
  for (let i = 0; i < report.findings.length; ) {
    const file = report.findings[i].file;
    let end = i;
    while (end < report.findings.length && report.findings[end].file === file) end++;
    blocks.push(stylishBlock(file, report.findings.slice(i, end), color));
    i = end;
  }
  for (const finding of report.findings) {
    counts[finding.severity]++;
    if (finding.fix) fixable++;
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  // The blocks (or, spooled, the place where they end) are the first line.
  const lines: string[] = blocks.length > 0 ? [blocks.join(STYLISH_SEPARATOR)] : spooled && total > 0 ? [''] : [];
  if (total > 0) {
    const parts = (['error', 'warning', 'info', 'hint'] as const).filter((s) => counts[s] > 0 || s === 'error' || s === 'warning').map((s) => `${counts[s]} ${s}${counts[s] === 1 ? '' : 's'}`);
    lines.push('', paint(counts.error > 0 ? 'red' : 'yellow', `✖ ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')})`));
    if (fixable > 0) lines.push(paint(counts.error > 0 ? 'red' : 'yellow', `  ${fixable} potentially fixable with the \`--fix\` option.`));
  }
  for (const skip of report.skipped) lines.push(paint('dim', printable(`skipped ${skip.file}: ${skip.detail}`)));
  for (const fixed of report.fixedFiles) lines.push(printable(`fixed ${fixed}`));
  lines.push(paint('dim', `${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'} scanned.`));
  return lines.join('\n') + '\n';
}

function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? styleText(style, text) : text);
}
