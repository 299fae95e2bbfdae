// --format stylish: ESLint's layout. One block per file, `line:column  severity  message  rule`, then
// a summary; columns 1-based as editors show them.
import { styleText } from 'node:util';
import type { RunReport } from '../report.js';

type Style = Parameters<typeof styleText>[0];

/**
 * Text from the linted files (decoded hosts, file names) made safe for a terminal: C0 and C1 control
 * characters (ESC starts escape sequences that repaint or retitle the terminal) are shown as \uXXXX.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatStylish(report: RunReport, color: boolean): string {
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const lines: string[] = [];
  let file = '';
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixable = 0;
  const rows = report.findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, printable(f.message), f.rule] as const);
  const width = (i: number) => Math.max(0, ...rows.map((r) => r[i].length));
  const [posWidth, severityWidth] = [width(0), width(1)];
  report.findings.forEach((finding, i) => {
    if (finding.file !== file) {
      if (file) lines.push('');
      file = finding.file;
      lines.push(paint('underline', printable(file)));
    }
    counts[finding.severity]++;
    if (finding.fix) fixable++;
    const [pos, severity, message, rule] = rows[i];
    const severityStyle: Style = severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'blue';
    lines.push(`  ${paint('dim', pos.padEnd(posWidth))}  ${paint(severityStyle, severity.padEnd(severityWidth))}  ${message}  ${paint('dim', rule)}`);
  });
  const total = report.findings.length;
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
