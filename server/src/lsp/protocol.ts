// The names and message shapes the language server and its clients share. Pure constants and types:
// the VS Code client imports this file too, so it must not import vscode-languageserver or the engine.

/** Diagnostic `source` (DESIGN.md). */
export const DIAGNOSTIC_SOURCE = 'imgproxy-url-lint';

/** The section of `workspace/configuration` and of `workspace/didChangeConfiguration` settings. */
export const SETTINGS_SECTION = 'imgproxyUrlLint';

/** Code-action kind of "fix all in file", so `editor.codeActionsOnSave` can ask for it. */
export const FIX_ALL_KIND = 'source.fixAll.imgproxyUrlLint';

/** Commands: the server executes these (`workspace/executeCommand`); the VS Code client has the same ids. */
export const Commands = {
  scanWorkspace: 'imgproxyUrlLint.scanWorkspace',
  clearScanResults: 'imgproxyUrlLint.clearScanResults',
  fixAll: 'imgproxyUrlLint.fixAll',
  probeHosts: 'imgproxyUrlLint.probeHosts',
  explainProxyLog: 'imgproxyUrlLint.explainProxyLog',
} as const;

/** Client-only commands (VS Code). */
export const ClientCommands = {
  scanFolder: 'imgproxyUrlLint.scanFolder',
  showOutput: 'imgproxyUrlLint.showOutput',
  restartServer: 'imgproxyUrlLint.restartServer',
  /** Opens a rule's page bundled in the extension in the Markdown preview (the rule link of a diagnostic). */
  showRuleDoc: 'imgproxyUrlLint.showRuleDoc',
} as const;

/** `initializationOptions` a client may send. Every field optional; other LSP clients send none. */
export interface InitializationOptions {
  /**
   * The client registers the command ids itself (the VS Code client does, to add progress UI and
   * `files.exclude`): the server then advertises no `executeCommandProvider` commands, so the
   * language client library does not register them a second time. The server still executes them.
   */
  clientHandlesCommands?: boolean;
  /** False in an untrusted VS Code workspace: the project config's probe and signing.envFile are ignored. */
  workspaceTrusted?: boolean;
  /** Send `imgproxyUrlLint/status` notifications (the VS Code language status item). */
  statusNotifications?: boolean;
  /** Milliseconds between the last keystroke and validation; default 150. */
  debounceMs?: number;
  /**
   * curl-style `HOST:PORT:ADDR:PORT` rules for the probe, as the CLI's --probe-connect-to (tests, split
   * DNS). The host and the SNI stay as written; only the address dialled changes.
   */
  probeConnectTo?: string[];
  /** A folder the server may write to (VS Code: the extension's workspace storage): the scan cache goes there. */
  storagePath?: string;
}

/** Argument of `imgproxyUrlLint.probeHosts`: one document, or (absent) every open document. */
export interface ProbeArguments {
  uri?: string;
}

/** What `imgproxyUrlLint.probeHosts` returns. */
export interface ProbeSummary {
  /** False when the probe is not allowed (imgproxyUrlLint.probe.enable off); `message` says why. */
  available: boolean;
  message?: string;
  documents: number;
  hosts: number;
  findings: number;
  byRule: Record<string, number>;
  cancelled: boolean;
}

/** Argument of `imgproxyUrlLint.scanWorkspace` (all optional; with none, every workspace folder). */
export interface ScanArguments {
  /** Folder URIs (file:) to scan instead of the workspace folders. */
  folders?: string[];
  /** Extra exclude globs (VS Code's `files.exclude` / `search.exclude`), relative to each scanned folder. */
  exclude?: string[];
}

/** What `imgproxyUrlLint.scanWorkspace` returns. */
export interface ScanSummary {
  folders: string[];
  filesScanned: number;
  filesWithFindings: number;
  findings: number;
  /** Finding counts by rule id. */
  byRule: Record<string, number>;
  /** Files not linted, by reason (binary, too-large, unreadable, ...). */
  skipped: Record<string, number>;
  /** Config problems met during the scan (each config file once). */
  configErrors: string[];
  durationMs: number;
  cancelled: boolean;
}

/** `imgproxyUrlLint/status`: sent after each validation of an open document. */
export const STATUS_NOTIFICATION = 'imgproxyUrlLint/status';

export interface StatusParams {
  uri: string;
  state: 'ok' | 'disabled' | 'skipped' | 'configError' | 'error';
  /** Problems in this document. */
  problems: number;
  /** Milliseconds the last validation took (engine only). */
  validationMs: number;
  /** The config file in force, when there is one. */
  configFile?: string;
  /** Why the state is not ok. */
  detail?: string;
  /** Problems in files the server found by itself (a discovered .env with a bad key), as `file:line: message`. */
  notices?: string[];
}

/** What each published diagnostic carries in `data`. */
export interface DiagnosticData {
  /** The document version the diagnostic was computed for (null for a file read from disk by a scan). */
  version: number | null;
  /** The precomputed fix, in the coordinates of that version; null when there is no safe fix. */
  fix: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string } | null;
}

/** Argument of `imgproxyUrlLint.explainProxyLog`: the log's text, or a file: URI of the log. */
export interface ExplainLogArguments {
  text?: string;
  uri?: string;
  /** Keep query strings, userinfo and signatures (default: redacted). */
  showUrls?: boolean;
}

/** What `imgproxyUrlLint.explainProxyLog` returns: the report as Markdown, and as the CLI's `logs --format json` document. */
export interface ExplainLogResult {
  markdown: string;
  /** `{ version: 1, linesRead, failures, namedFailures, filesSearched, stats, limits, groups }` (README, `logs`). */
  report: { version: 1; failures: number; namedFailures: number; [key: string]: unknown };
}
