// Output of `logs`: stylish (one block per cause, grouped by host) and JSON (the scan's contract style:
// a version, counts, then the records; ranges 0-based as LSP, paths relative with `/`).
import { styleText } from 'node:util';
import { logReportDocument, type ShownReport } from '../../core/logs/index.js';
import { printable } from './stylish.js';

type Style = Parameters<typeof styleText>[0];

const MATCH_LABEL = { exact: 'exact source', pattern: 'same host and path pattern', host: 'same host' } as const;

export function formatLogsJson(report: ShownReport, filesSearched: number): string {
  return JSON.stringify(logReportDocument(report, filesSearched), null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatLogsStylish(report: ShownReport, filesSearched: number, color: boolean): string {
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const out: string[] = [];
  let host: string | undefined;
  for (const group of report.groups) {
    if (group.host !== host) {
      if (host !== undefined) out.push('');
      host = group.host;
      out.push(paint('underline', host === '' ? '(no source URL in the log)' : printable(host)));
    }
    const statuses = Object.entries(group.statuses).map(([s, n]) => `${s} ×${n}`).join(', ');
    const when = group.firstSeen === undefined ? `lines ${group.firstLine}–${group.lastLine}` : group.firstSeen === group.lastSeen ? group.firstSeen : `${group.firstSeen} → ${group.lastSeen}`;
    out.push(`  ${paint(group.named ? 'red' : 'yellow', printable(group.title))}  ${plural(group.count, 'request')}${statuses ? `, status ${statuses}` : ''}  ${paint('dim', printable(when))}`);
    out.push(paint('dim', `    ${printable(group.proxies.join(', '))}: ${printable(group.formats.join(', '))}${group.requestIds.length ? `; request ids ${printable(group.requestIds.join(', '))}` : ''}`));
    if (group.error) out.push(`    error: ${printable(group.error.length > 300 ? group.error.slice(0, 300) + '…' : group.error)}`);
    out.push(`    ${printable(group.explanation)}`);
    for (const verdict of group.verdicts) out.push(`    ${paint(verdict.severity === 'error' ? 'red' : 'yellow', verdict.rule)}: ${printable(verdict.message)}`);
    for (const source of group.sources) {
      out.push(`    source ${source.source ? printable(source.source) : '(not in the log)'}  ×${source.count}${source.paths.length ? paint('dim', `  path ${printable(source.paths[0])}`) : ''}`);
      for (const location of source.locations) {
        out.push(`      ${printable(location.file)}:${location.range.start.line + 1}:${location.range.start.character + 1}  ${paint('dim', MATCH_LABEL[location.match])}`);
      }
      if (source.source && source.locations.length === 0 && filesSearched > 0) out.push(paint('dim', '      no code found that builds it'));
    }
    if (group.moreSources > 0) out.push(paint('dim', `    and ${plural(group.moreSources, 'more request')} on other sources`));
  }
  const { stats } = report;
  const formats = Object.entries(stats.formats).map(([f, n]) => `${f} ×${n}`).join(', ');
  if (out.length > 0) out.push('');
  out.push(paint(report.namedFailures > 0 ? 'red' : 'dim', `${report.namedFailures > 0 ? '✖' : '✔'} ${plural(stats.failures, 'failed request')}, ${report.namedFailures} with a cause named, in ${plural(report.groups.length, 'group')}`));
  out.push(paint('dim', `${plural(stats.lines, 'line')} read${formats ? ` (${formats})` : ''}${stats.continuations ? `, ${plural(stats.continuations, 'stack-trace line')}` : ''}${stats.unrecognized ? `, ${stats.unrecognized} unrecognised` : ''}${stats.tooLong ? `, ${stats.tooLong} over 1 MB skipped` : ''}; ${plural(filesSearched, 'code file')} searched.`));
  for (const limit of report.limits) out.push(paint('yellow', `note: ${limit.message}`));
  return out.join('\n') + '\n';
}
