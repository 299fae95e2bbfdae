// --format json: the contract in DESIGN.md (version 1), plus the files skipped.
import type { RunReport } from '../report.js';

/** `findings`: what to write in their place (the spool's slot), default the report's. */
export function formatJson(report: RunReport, findings: unknown[] = report.findings): string {
  return JSON.stringify({
    version: 1,
    filesScanned: report.filesScanned,
    findings,
    skipped: report.skipped,
  }, null, 2) + '\n';
}
