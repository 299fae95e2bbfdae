// The finding spool and the findings' text (rendered as the scan's threads do): JSON, SARIF and stylish
// (plain and in colour) written from findings kept on disk are byte for byte what the formatters write
// from findings in memory (non-ASCII text, many findings across read chunks, several per file, --quiet,
// none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson } from '../../server/src/cli/format/json.js';
import { formatSarif } from '../../server/src/cli/format/sarif.js';
import { FindingSpool } from '../../server/src/cli/spool.js';
import { formatStylish, STYLISH_SEPARATOR } from '../../server/src/cli/format/stylish.js';
import { findingRenderer } from '../../server/src/cli/findingText.js';
import { emptyReport, type ReportedFinding, type RunReport } from '../../server/src/cli/report.js';
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

/** How each format writes a whole report, and how the CLI writes it around the spool (main.ts). */
const FORMATS = [
  {
    name: 'json' as const,
    whole: (r: RunReport) => formatJson(r),
    separator: () => FindingSpool.listSeparator(formatJson({ ...emptyReport(), filesScanned: 7 }, [FindingSpool.SLOT])),
    around: (r: RunReport, spool: FindingSpool) => FindingSpool.aroundSlot(formatJson(r, [FindingSpool.SLOT]), spool.separator),
  },
  {
    name: 'sarif' as const,
    whole: (r: RunReport) => formatSarif(r, 'file:///w/'),
    separator: () => FindingSpool.listSeparator(formatSarif(emptyReport(), 'file:///w/', [FindingSpool.SLOT])),
    around: (r: RunReport, spool: FindingSpool) => FindingSpool.aroundSlot(formatSarif(r, 'file:///w/', [FindingSpool.SLOT]), spool.separator),
  },
  ...[false, true].map((color) => ({
    name: 'stylish' as const,
    color,
    whole: (r: RunReport) => formatStylish(r, color),
    separator: () => STYLISH_SEPARATOR,
    around: (r: RunReport, spool: FindingSpool) => ({ head: '', tail: formatStylish(r, color, spool.counts) }),
  })),
];

for (const count of [0, 1, 3, 5000]) {
  for (const quiet of count === 3 ? [false, true] : [false]) {
    test(`spool: ${count} findings${quiet ? ' (--quiet)' : ''}, JSON, SARIF and stylish byte-identical to the formatters`, () => {
      const all = Array.from({ length: count }, (_, i) => finding(i));
      const findings = quiet ? all.filter((f) => f.severity === 'error') : all;
      const report: RunReport = { filesScanned: 42, findings, skipped: [{ file: 'a.png', reason: 'binary', detail: 'binary' }], fixedFiles: [], errors: [], notes: [] };
      const spooledReport: RunReport = { ...report, findings: [] };
      for (const format of FORMATS) {
        const color = 'color' in format ? format.color : false;
        const name = `${format.name}${color ? ' (colour)' : ''}`;
        const spool = new FindingSpool(format.separator());
        const render = findingRenderer({ format: format.name, cwd: '/w', separator: spool.separator, quiet, color });
        // Rendered a file at a time, as the threads do.
        for (let i = 0; i < all.length; i += 3) {
          const run = all.slice(i, i + 3).map(positioned);
          spool.add(render(run[0][0], run.map(([, f]) => f)));
        }
        const chunks: Buffer[] = [];
        if (spool.count > 0) {
          const { head, tail } = format.around(spooledReport, spool);
          spool.pipe(head, tail, (chunk) => { chunks.push(Buffer.from(chunk)); });
        } else {
          spool.close();
          chunks.push(Buffer.from(format.whole(spooledReport)));
        }
        const out = Buffer.concat(chunks);
        assert.equal(out.toString('utf8'), format.whole(report), name);
        assert.ok(out.equals(Buffer.from(format.whole(report))), `${name}: the same bytes`);
        const errors = findings.filter((f) => f.severity === 'error').length;
        assert.deepEqual(spool.failing('warning'), { errors, others: findings.length - errors });
      }
    });
  }
}
