// --format sarif: SARIF 2.1.0 as GitHub code scanning accepts it, with rule metadata and fixes.
// SARIF lines and columns are 1-based; columns count UTF-16 code units (SARIF's default columnKind).
import { DOCS_BASE_URL, RULES, ruleDocUrl, type Range } from '../../core/index.js';
import type { ReportedFinding, RunReport } from '../report.js';
import { version } from '../../../../package.json';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

function region(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

const ruleIndex = new Map<string, number>(RULES.map((rule, i) => [rule.id, i]));

/** One finding as a SARIF result. */
export function sarifResult(finding: ReportedFinding) {
  const artifactLocation = { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' };
  return {
    ruleId: finding.rule,
    ruleIndex: ruleIndex.get(finding.rule),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation, region: region(finding.range) } }],
    partialFingerprints: { 'imgproxyUrlLint/v1': `${finding.rule}:${finding.url}` },
    ...(finding.fix ? {
      fixes: [{
        description: { text: `Rewrite the URL: ${finding.rule}` },
        artifactChanges: [{ artifactLocation, replacements: [{ deletedRegion: region(finding.fix.range), insertedContent: { text: finding.fix.newText } }] }],
      }],
    } : {}),
  };
}

/**
 * `rootUri` is the folder the report's relative paths start from, as a file: URI ending in `/`.
 * `results`: what to write in their place (the spool's slot), default the report's findings.
 */
export function formatSarif(report: RunReport, rootUri: string, results?: unknown[]): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'imgproxy-url-lint',
          version,
          semanticVersion: version,
          // SARIF's URIs must be absolute: without a public home, the help text names the page in the package.
          ...(DOCS_BASE_URL ? { informationUri: DOCS_BASE_URL } : {}),
          rules: RULES.map((rule) => ({
            id: rule.id,
            name: rule.id,
            shortDescription: { text: rule.summary },
            fullDescription: { text: rule.summary },
            ...(DOCS_BASE_URL ? { helpUri: ruleDocUrl(rule.id) } : {}),
            help: { text: `${rule.summary} See ${DOCS_BASE_URL ? ruleDocUrl(rule.id) : `${ruleDocUrl(rule.id)} in the imgproxy-url-lint package`}.` },
            defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
      results: results ?? report.findings.map(sarifResult),
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
