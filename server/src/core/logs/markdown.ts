// The report as Markdown (the editor's "Explain Proxy Log…" and the server command): one section per
// host, one block per cause, each code location a link to its file and line.
import type { ShownReport } from './present.js';

const escape = (text: string) => text.replace(/[\\`*_[\]<>|]/g, '\\$&');
const code = (text: string) => '`' + text.replace(/`/g, 'ˋ') + '`';

/** `link(file, line)` turns a location into a Markdown link target (a file URI with `#L<line>`). */
export function formatLogMarkdown(report: ShownReport, link: (file: string, line: number) => string): string {
  const out: string[] = ['# Proxy log explained', ''];
  const { stats } = report;
  const formats = Object.entries(stats.formats).map(([f, n]) => `${f} (${n})`).join(', ') || 'none recognised';
  out.push(`${stats.lines} lines read; ${stats.failures} failed requests in ${report.groups.length} groups; formats: ${formats}.`, '');
  if (report.limits.length > 0) {
    out.push('**Limits of these logs:**', '');
    for (const limit of report.limits) out.push(`- ${escape(limit.message)}`);
    out.push('');
  }
  let host: string | undefined;
  for (const group of report.groups) {
    if (group.host !== host) {
      host = group.host;
      out.push(`## ${host === '' ? 'No source URL in the log' : code(host)}`, '');
    }
    const when = group.firstSeen ? ` · first ${group.firstSeen}, last ${group.lastSeen}` : ` · lines ${group.firstLine}–${group.lastLine}`;
    out.push(`### ${escape(group.title)} — ${group.count} request${group.count === 1 ? '' : 's'}`, '');
    const statuses = Object.entries(group.statuses).map(([s, n]) => `${s} ×${n}`).join(', ');
    out.push(`${escape(group.proxies.join(', '))} (${escape(group.formats.join(', '))})${statuses ? ` · status ${statuses}` : ''}${when}${group.requestIds.length ? ` · request ids ${group.requestIds.map(code).join(', ')}` : ''}`, '');
    if (group.error) out.push(`> ${escape(group.error.slice(0, 500).replace(/\s+/g, ' '))}`, '');
    out.push(escape(group.explanation), '');
    for (const verdict of group.verdicts) out.push(`- **${verdict.rule}** (${verdict.severity}): ${escape(verdict.message)}`);
    if (group.verdicts.length > 0) out.push('');
    for (const source of group.sources) {
      out.push(`- source ${source.source ? code(source.source) : '(not in the log)'} ×${source.count}${source.paths.length ? ` — path ${code(source.paths[0])}` : ''}`);
      if (source.locations.length === 0 && source.source) out.push('  - no code found that builds it');
      for (const location of source.locations) {
        const line = location.range.start.line + 1;
        out.push(`  - [${escape(location.file)}:${line}](${link(location.file, line)}) — ${location.match === 'exact' ? 'exact source' : location.match === 'pattern' ? 'same host and path pattern' : 'same host'}: ${code(location.url)}`);
      }
    }
    if (group.moreSources > 0) out.push(`- and ${group.moreSources} more requests on other sources`);
    out.push('');
  }
  if (report.groups.length === 0) out.push('No failed requests found.', '');
  return out.join('\n');
}
