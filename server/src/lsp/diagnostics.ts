// Engine findings as LSP diagnostics: same rule id, message and range as the CLI (DESIGN.md).
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import { LineIndex, ruleDocUrl, type Finding, type Severity } from '../core/index.js';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './protocol.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticOptions {
  /** The client shows relatedInformation (publishDiagnostics.relatedInformation). */
  relatedInformation: boolean;
  /** The client shows codeDescription (publishDiagnostics.codeDescriptionSupport). */
  codeDescription: boolean;
}

/** True when the source URL is not written literally inside the imgproxy URL (base64 or encrypted). */
function sourceIsEncoded(finding: Finding): boolean {
  if (finding.source === undefined || finding.source === finding.url) return false;
  if (finding.url.includes(finding.source)) return false;
  try {
    // A percent-encoded plain source reads literally once decoded: no related information needed.
    return !decodeURIComponent(finding.url).includes(finding.source);
  } catch {
    return true;
  }
}

export function toDiagnostic(
  finding: Finding,
  index: LineIndex,
  uri: string,
  version: number | null,
  options: DiagnosticOptions,
): Diagnostic {
  const range = index.range(finding.start, finding.end);
  const data: DiagnosticData = {
    version,
    fix: finding.fix ? { range: index.range(finding.fix.start, finding.fix.end), newText: finding.fix.newText } : null,
  };
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    message: finding.message,
    data,
  };
  if (options.codeDescription) diagnostic.codeDescription = { href: ruleDocUrl(finding.rule) };
  if (options.relatedInformation) {
    const related: DiagnosticRelatedInformation[] = [];
    if (finding.source !== undefined && sourceIsEncoded(finding)) {
      related.push({ location: { uri, range }, message: `Decoded source URL: ${finding.source}` });
    }
    if (finding.probe) {
      related.push({ location: { uri, range }, message: `Probe of ${finding.probe.host}:${finding.probe.port}: ${finding.probe.verdict}` });
    }
    if (related.length > 0) diagnostic.relatedInformation = related;
  }
  return diagnostic;
}

export function toDiagnostics(findings: readonly Finding[], text: string, uri: string, version: number | null, options: DiagnosticOptions): Diagnostic[] {
  const index = new LineIndex(text);
  return findings.map((finding) => toDiagnostic(finding, index, uri, version, options));
}
