// Push diagnostics: each open document is validated under its settings (debounced per document, never
// published for a stale version), its findings shown as diagnostics with the same rule id, message and
// range as the CLI (DESIGN.md), joined by the probe's findings for that version. The last reading of each
// document is kept for code actions, hover and links.
import {
  DiagnosticSeverity,
  MessageType,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, ConfigError, LineIndex, ruleDocUrl, UrlMemo, type Finding, type Severity, type TextAnalysis } from '../../core/index.js';
import { message, stack, type ServerLog } from '../log.js';
import { DIAGNOSTIC_SOURCE, STATUS_NOTIFICATION, type DiagnosticData, type StatusParams } from '../protocol.js';
import type { ServerState } from '../serverState.js';
import type { DocumentSettings } from '../settings.js';
import { enginePath, uriToPath } from '../uri.js';

const DEFAULT_DEBOUNCE_MS = 150;

/** A document's text at one version, read under its settings (nothing read when it is not validated). */
export interface LintedDocument {
  version: number;
  text: string;
  analysis: TextAnalysis;
  settings?: DocumentSettings;
}

/** What hover and links need: an open document's current reading, when it is validated at all. */
export interface ReadingContext {
  state: Pick<ServerState, 'activeSettings'>;
  current(document: TextDocument): Promise<LintedDocument | undefined>;
}

export async function activeReading(ctx: ReadingContext, uri: string, token: { isCancellationRequested: boolean }): Promise<{ linted: LintedDocument; settings: DocumentSettings } | undefined> {
  const active = await ctx.state.activeSettings(uri);
  if (!active || token.isCancellationRequested) return undefined;
  const linted = await ctx.current(active.document);
  if (!linted || token.isCancellationRequested) return undefined;
  return { linted, settings: active.settings };
}

/** What validation needs from the rest of the server. */
export interface DiagnosticsContext {
  state: Pick<ServerState, 'documents' | 'settingsFor' | 'init'>;
  connection: Pick<Connection, 'sendDiagnostics' | 'sendNotification'>;
  log: ServerLog;
  /** The live probe: its findings for a document version, and the news that a version was validated. */
  probe: {
    findingsFor(uri: string, version: number): readonly Finding[] | undefined;
    documentValidated(uri: string, version: number, analysis: TextAnalysis, settings: DocumentSettings): void;
  };
}

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

function toDiagnostic(
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

export class Diagnostics {
  private options: DiagnosticOptions = { relatedInformation: false, codeDescription: false };
  private readonly cache = new Map<string, LintedDocument>();
  /** Each open document's URLs as last read: a keystroke reads again only the URL it touched. */
  private readonly memos = new Map<string, UrlMemo>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly justOpened = new Set<string>();

  constructor(private readonly ctx: DiagnosticsContext) {}

  /** Notices already written to the log (each once per server run). */
  private readonly noticed = new Set<string>();

  configure(capabilities: ClientCapabilities): void {
    const publishCaps = capabilities.textDocument?.publishDiagnostics;
    this.options = { relatedInformation: !!publishCaps?.relatedInformation, codeDescription: !!publishCaps?.codeDescriptionSupport };
  }

  publish(uri: string, findings: readonly Finding[], text: string, version?: number): void {
    this.send(uri, findings.length === 0 ? [] : toDiagnostics(findings, text, uri, version ?? null, this.options), version);
  }

  private send(uri: string, diagnostics: Diagnostic[], version?: number): void {
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics, version });
  }

  private sendStatus(params: StatusParams): void {
    if (this.ctx.state.init.statusNotifications) void this.ctx.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  opened(uri: string): void {
    this.justOpened.add(uri);
    this.schedule(uri, 0);
  }

  changed(uri: string): void {
    // An open fires this too; the open already scheduled an immediate validation.
    if (this.justOpened.delete(uri)) return;
    void this.ctx.state.settingsFor(uri).then(
      (s) => { if (s.run === 'onType') this.schedule(uri); },
      () => this.schedule(uri),
    );
  }

  saved(uri: string): void {
    void this.ctx.state.settingsFor(uri).then((s) => { if (s.run === 'onSave') this.schedule(uri, 0); }, () => undefined);
  }

  /** A document closed: its timer and reading go. Its diagnostics are the caller's to clear or keep. */
  closed(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.cache.delete(uri);
    this.memos.delete(uri);
  }

  /** Lints a document's current text under its settings; the result is cached by version for code actions. */
  private lintDocument(document: TextDocument, settings: DocumentSettings): { result: LintedDocument; state: StatusParams['state']; detail?: string; ms: number } {
    const text = document.getText();
    const path = uriToPath(document.uri);
    let state: StatusParams['state'] = 'ok';
    let detail: string | undefined;
    let analysis: TextAnalysis = { findings: [], urls: [], sources: [] };
    const started = performance.now();
    if (!settings.enable) {
      state = 'disabled';
      detail = 'imgproxyUrlLint.enable is false';
    } else if (settings.languages.length > 0 && !settings.languages.includes(document.languageId)) {
      state = 'disabled';
      detail = `language ${document.languageId} is not in imgproxyUrlLint.languages`;
    } else if (path !== undefined && !settings.isIncluded(path)) {
      state = 'skipped';
      detail = 'excluded by include / exclude';
    } else if (text.length > settings.maxFileSize) {
      state = 'skipped';
      detail = `larger than maxFileSize (${settings.maxFileSize} bytes)`;
    } else {
      let memo = this.memos.get(document.uri);
      if (!memo) this.memos.set(document.uri, (memo = new UrlMemo()));
      analysis = analyzeText(text, settings.options, enginePath(document.uri), memo);
    }
    const result: LintedDocument = { version: document.version, text, analysis, settings };
    this.cache.set(document.uri, result);
    return { result, state, detail, ms: performance.now() - started };
  }

  async validate(uri: string): Promise<void> {
    const { documents } = this.ctx.state;
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    try {
      const settings = await this.ctx.state.settingsFor(uri);
      const current = documents.get(uri);
      // A newer change has its own validation scheduled: never publish for a stale version.
      if (!current || current.version !== version) return;
      const { result, state, detail, ms } = this.lintDocument(current, settings);
      const probed = this.ctx.probe.findingsFor(uri, version);
      const findings = result.analysis.findings;
      const shown = probed && state === 'ok' ? [...findings, ...probed] : findings;
      const diagnostics = toDiagnostics(shown, result.text, uri, version, this.options);
      this.send(uri, diagnostics, version);
      for (const notice of settings.notices) {
        if (this.noticed.has(notice)) continue;
        this.noticed.add(notice);
        this.ctx.log.info(`Note: ${notice}`);
      }
      this.sendStatus({ uri, state, detail, problems: diagnostics.length, validationMs: Math.round(ms * 10) / 10, configFile: settings.configFile, notices: settings.notices.length > 0 ? settings.notices : undefined });
      if (state === 'ok') this.ctx.probe.documentValidated(uri, version, result.analysis, settings);
    } catch (error) {
      const current = documents.get(uri);
      if (!current || current.version !== version) return;
      this.send(uri, [], version);
      this.cache.delete(uri);
      if (error instanceof ConfigError) {
        this.ctx.log.reportOnce(`config:${error.message}`, error.message, MessageType.Warning);
        this.sendStatus({ uri, state: 'configError', detail: error.message, problems: 0, validationMs: 0 });
      } else {
        this.ctx.log.error(`Validating ${uri} failed: ${stack(error)}`);
        this.ctx.log.reportOnce(`lint:${message(error)}`, `validating a document failed (${message(error)}); see the output for details. Other documents are still validated.`);
        this.sendStatus({ uri, state: 'error', detail: message(error), problems: 0, validationMs: 0 });
      }
    }
  }

  /** Validates again now, not from the cache (the probe's findings for it changed). */
  refresh(uri: string): Promise<void> {
    this.cache.delete(uri);
    return this.validate(uri);
  }

  schedule(uri: string, delay = this.ctx.state.init.debounceMs ?? DEFAULT_DEBOUNCE_MS): void {
    const existing = this.timers.get(uri);
    if (existing) clearTimeout(existing);
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, delay));
  }

  revalidateOpen(): void {
    for (const document of this.ctx.state.documents.all()) this.schedule(document.uri, 0);
  }

  /** The reading of a document's current version, from the cache or made now. */
  async current(document: TextDocument): Promise<LintedDocument | undefined> {
    const cached = () => {
      const reading = this.cache.get(document.uri);
      return reading?.version === document.version ? reading : undefined;
    };
    if (cached()) return cached();
    const settings = await this.ctx.state.settingsFor(document.uri);
    const current = this.ctx.state.documents.get(document.uri);
    if (!current || current.version !== document.version) return undefined;
    // A validation waiting on the same settings may have read this version meanwhile.
    return cached() ?? this.lintDocument(current, settings).result;
  }

  /** Settings changed: no reading is current any more. */
  forget(): void {
    this.cache.clear();
    this.memos.clear();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
