// The finding spool: JSON and SARIF written from findings kept on disk are byte for byte what the
// formatters write from findings in memory (non-ASCII text, many findings across read chunks, none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/format/json.js';
import { formatSarif, sarifResult } from '../../server/src/cli/format/sarif.js';
import { FindingSpool } from '../../server/src/cli/spool.js';
import type { ReportedFinding, RunReport } from '../../server/src/cli/report.js';

function finding(i: number): ReportedFinding {
  const range = { start: { line: i, character: 3 }, end: { line: i, character: 40 + (i % 7) } };
  return {
    file: `src/ünï-${i % 13}/f😀${i}.ts`,
    rule: i % 3 === 0 ? 'signature-mismatch' : 'host-uppercase',
    severity: i % 3 === 0 ? 'error' : 'warning',
    message: `Source host "CDN.Éxample.com" #${i} has "quotes", a \\ and a tab\t.`.repeat(1 + (i % 5)),
    range,
    url: `https://imgproxy.example.com/insecure/plain/https://CDN.Example.com/${i}.jpg`,
    source: `https://CDN.Example.com/${i}.jpg`,
    host: 'CDN.Example.com',
    fix: i % 4 === 0 ? null : { range, newText: `https://imgproxy.example.com/insecure/plain/https://cdn.example.com/${i}.jpg` },
  };
}

for (const count of [0, 1, 3, 5000]) {
  test(`spool: ${count} findings, JSON and SARIF byte-identical to the formatters`, () => {
    const findings = Array.from({ length: count }, (_, i) => finding(i));
    const report: RunReport = { filesScanned: 42, findings, skipped: [{ file: 'a.png', reason: 'binary', detail: 'binary' }], fixedFiles: [], errors: [], notes: [] };
    const spooledReport: RunReport = { ...report, findings: [] };
    for (const [name, element, format] of [
      ['json', (f: ReportedFinding) => f, (r: RunReport, slot?: unknown[]) => formatJson(r, slot)],
      ['sarif', sarifResult, (r: RunReport, slot?: unknown[]) => formatSarif(r, 'file:///w/', slot)],
    ] as const) {
      // The layout comes from another report: only its indentation may matter.
      const spool = new FindingSpool(element, format({ ...spooledReport, filesScanned: 7, skipped: [] }, [FindingSpool.SLOT]));
      for (const f of findings) spool.add(f);
      const chunks: Buffer[] = [];
      if (spool.count > 0) spool.pipe(format(spooledReport, [FindingSpool.SLOT]), (chunk) => { chunks.push(Buffer.from(chunk)); });
      else { spool.close(); chunks.push(Buffer.from(format(spooledReport))); }
      const out = Buffer.concat(chunks);
      assert.equal(out.toString('utf8'), format(report), name);
      assert.ok(out.equals(Buffer.from(format(report))), `${name}: the same bytes`);
      if (count > 0) assert.deepEqual(spool.failing('warning'), { errors: Math.ceil(count / 3), others: count - Math.ceil(count / 3) });
    }
  });
}
