// --format json: the contract in DESIGN.md (version 1), plus the files skipped.
import type { RunReport } from '../report.js';

export function formatJson(report: RunReport): string {
  return JSON.stringify({
    version: 1,
    filesScanned: report.filesScanned,
    findings: report.findings,
    skipped: report.skipped,
  }, null, 2) + '\n';
}
