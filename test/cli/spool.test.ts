// The finding spool and the findings' text (rendered as the scan's threads do): JSON and SARIF written
// from findings kept on disk are byte for byte what the formatters write from findings in memory
// (non-ASCII text, many findings across read chunks, several per file, --quiet, none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/format/json.js';
import { formatSarif } from '../../server/src/cli/format/sarif.js';
import { FindingSpool } from '../../server/src/cli/spool.js';
import { findingRenderer } from '../../server/src/cli/findingText.js';
import type { ReportedFinding, RunReport } from '../../server/src/cli/report.js';
import type { PositionedFinding } from '../../server/src/workspace/index.js';

/** A finding as the CLI reports it (its keys in reportScanned's order). */
function finding(i: number): ReportedFinding {
  const range = { start: { line: i, character: 3 }, end: { line: i, character: 40 + (i % 7) } };
  return {
    file: `src/ünï-${Math.floor(i / 3) % 13}/f😀${Math.floor(i / 3)}.ts`, // three findings a file
    rule: i % 3 === 0 ? 'signature-mismatch' : 'host-uppercase',
    severity: i % 3 === 0 ? 'error' : 'warning',
    message: `Source host "CDN.Éxample.com" #${i} has "quotes", a \\ and a tab\t.`.repeat(1 + (i % 5)),
    range,
    url: `https://imgproxy.example.com/insecure/plain/https://CDN.Example.com/${i}.jpg`,
    fix: i % 4 === 0 ? null : { range, newText: `https://imgproxy.example.com/insecure/plain/https://cdn.example.com/${i}.jpg` },
    source: `https://CDN.Example.com/${i}.jpg`,
    host: 'CDN.Example.com',
  };
}

/** The finding as the scan's threads hold it (absolute path, offsets and ranges) that reports as `reported`. */
function positioned(reported: ReportedFinding): [string, PositionedFinding] {
  const { file, range, fix, ...rest } = reported;
  return [`/w/${file}`, { ...rest, start: 0, end: 1, range, fix: fix && { start: 0, end: 1, newText: fix.newText }, fixRange: fix && fix.range }];
}

for (const count of [0, 1, 3, 5000]) {
  for (const quiet of count === 3 ? [false, true] : [false]) {
    test(`spool: ${count} findings${quiet ? ' (--quiet)' : ''}, JSON and SARIF byte-identical to the formatters`, () => {
      const all = Array.from({ length: count }, (_, i) => finding(i));
      const findings = quiet ? all.filter((f) => f.severity === 'error') : all;
      const report: RunReport = { filesScanned: 42, findings, skipped: [{ file: 'a.png', reason: 'binary', detail: 'binary' }], fixedFiles: [], errors: [], notes: [] };
      const spooledReport: RunReport = { ...report, findings: [] };
      for (const [name, format] of [
        ['json', (r: RunReport, slot?: unknown[]) => formatJson(r, slot)],
        ['sarif', (r: RunReport, slot?: unknown[]) => formatSarif(r, 'file:///w/', slot)],
      ] as const) {
        // The layout comes from another report: only its indentation may matter.
        const spool = new FindingSpool(format({ ...spooledReport, filesScanned: 7, skipped: [] }, [FindingSpool.SLOT]));
        const render = findingRenderer({ format: name, cwd: '/w', indent: spool.indent, quiet });
        // Rendered a file at a time, as the threads do.
        for (let i = 0; i < all.length; i += 3) {
          const run = all.slice(i, i + 3).map(positioned);
          spool.add(render(run[0][0], run.map(([, f]) => f)));
        }
        const chunks: Buffer[] = [];
        if (spool.count > 0) spool.pipe(format(spooledReport, [FindingSpool.SLOT]), (chunk) => { chunks.push(Buffer.from(chunk)); });
        else { spool.close(); chunks.push(Buffer.from(format(spooledReport))); }
        const out = Buffer.concat(chunks);
        assert.equal(out.toString('utf8'), format(report), name);
        assert.ok(out.equals(Buffer.from(format(report))), `${name}: the same bytes`);
        const errors = findings.filter((f) => f.severity === 'error').length;
        assert.deepEqual(spool.failing('warning'), { errors, others: findings.length - errors });
      }
    });
  }
}
