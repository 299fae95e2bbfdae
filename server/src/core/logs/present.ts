// The report as shown: sources and the URLs of code locations redacted unless --show-urls (paths and
// error texts were redacted as they were read), and a title per group. Every output format starts here.
import { causeMeta } from './causes.js';
import { isNamed } from './reader.js';
import { redactUrl } from './redact.js';
import type { FailureGroup, LogReport } from './types.js';

export interface ShownGroup extends FailureGroup {
  title: string;
  /** False for failures whose cause the log does not name and no rule explains. */
  named: boolean;
}

export interface ShownReport extends Omit<LogReport, 'groups'> {
  groups: ShownGroup[];
  /** Failures with a cause the tool can name (the CLI exits 1 when there are any). */
  namedFailures: number;
}

export function causeTitle(group: FailureGroup): string {
  const title = causeMeta(group.cause.id).title;
  if (group.cause.detail === undefined) return title;
  return group.cause.id === 'source-status' ? `${title}: ${group.cause.detail}` : `${title}: "${group.cause.detail}"`;
}

export function presentReport(report: LogReport, showUrls: boolean): ShownReport {
  const shown = (url: string) => (showUrls || url === '' ? url : redactUrl(url));
  const groups = report.groups.map((group): ShownGroup => ({
    ...group,
    title: causeTitle(group),
    named: isNamed(group),
    sources: group.sources.map((s) => ({ ...s, source: shown(s.source), locations: s.locations.map((l) => ({ ...l, url: shown(l.url) })) })),
  }));
  // Grouped by host (hosts with the most failures first), then by count within a host.
  const byHost = new Map<string, number>();
  for (const g of groups) byHost.set(g.host, (byHost.get(g.host) ?? 0) + g.count);
  groups.sort((a, b) => (byHost.get(b.host)! - byHost.get(a.host)!) || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0) || b.count - a.count);
  return { ...report, groups, namedFailures: groups.filter((g) => g.named).reduce((n, g) => n + g.count, 0) };
}

/** The JSON document of `logs --format json` and of the server command: the scan's contract style. */
export function logReportDocument(report: ShownReport, filesSearched: number) {
  return {
    version: 1 as const,
    linesRead: report.stats.lines,
    failures: report.stats.failures,
    namedFailures: report.namedFailures,
    filesSearched,
    stats: report.stats,
    limits: report.limits,
    groups: report.groups,
  };
}
