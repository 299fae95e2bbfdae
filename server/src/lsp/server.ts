// The language server: an adapter from LSP to the engine. It adds no rule logic of its own.
// Push diagnostics (debounced per document, never for a stale version), code actions (quick fix, fix
// all, turn a rule off in the config file), per-resource settings, the workspace scan, and a server that
// logs and carries on whatever a document, a config file or the engine throws at it.
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promises as fsp } from 'node:fs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceFolder,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modify, applyEdits as applyJsonEdits } from 'jsonc-parser';
import { CONFIG_FILE_NAME, ConfigError, LineIndex, lintText, type Finding, type OffsetEdit } from '../core/index.js';
import { ProjectContexts, readTextFile, type ProjectContext } from '../workspace/index.js';
import { toDiagnostics, type DiagnosticOptions } from './diagnostics.js';
import { computeFixAll } from './fixAll.js';
import {
  Commands,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type InitializationOptions,
  type ScanArguments,
  type ScanSummary,
  type StatusParams,
} from './protocol.js';
import { resolveDocumentSettings, validateEditorSettings, type DocumentSettings, type EditorSettings } from './settings.js';
import { scanFolders } from './scan.js';

const DEFAULT_DEBOUNCE_MS = 150;

/** The advertised server commands (tests pin them). */
export const SERVER_COMMANDS = [Commands.scanWorkspace, Commands.clearScanResults, Commands.fixAll, Commands.probeHosts];

interface LintResult {
  version: number;
  text: string;
  findings: Finding[];
  settings?: DocumentSettings;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stack(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

/** `file:` URI → absolute path; undefined for other schemes. */
function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** A key that is the same for two spellings of one file URI (VS Code and node encode differently). */
function uriKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}

function kindMatches(requested: readonly string[] | undefined, kind: string): boolean {
  if (!requested || requested.length === 0) return true;
  return requested.some((k) => kind === k || kind.startsWith(k + '.'));
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const contexts = new ProjectContexts();

  let clientCapabilities: ClientCapabilities = {};
  let init: InitializationOptions = {};
  let folders: WorkspaceFolder[] = [];
  let hasConfigurationCapability = false;
  let diagnosticOptions: DiagnosticOptions = { relatedInformation: false, codeDescription: false };
  /** Settings pushed by didChangeConfiguration, for clients without workspace/configuration. */
  let pushedSettings: unknown = undefined;

  const editorSettingsCache = new Map<string, Promise<EditorSettings>>();
  const settingsCache = new Map<string, Promise<DocumentSettings>>();
  const lintCache = new Map<string, LintResult>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Files (by uriKey) the last scan published diagnostics for, with the URI used. */
  const scanOwned = new Map<string, string>();
  const reported = new Set<string>();
  let scanRunning: AbortController | undefined;

  const log = (text: string) => connection.console.log(text);
  const logError = (text: string) => connection.console.error(text);

  /** Tells the user once per distinct problem; logs every time. */
  function reportOnce(key: string, text: string, type: MessageType = MessageType.Error): void {
    if (type === MessageType.Error) logError(text);
    else connection.console.warn(text);
    if (reported.has(key)) return;
    reported.add(key);
    void connection.sendNotification('window/showMessage', { type, message: `imgproxy URL Lint: ${text}` });
  }

  // ---- settings -------------------------------------------------------------------------------------

  function folderFor(uri: string): WorkspaceFolder | undefined {
    const path = uriToPath(uri);
    if (path === undefined) return undefined;
    let best: WorkspaceFolder | undefined;
    let bestLength = -1;
    for (const folder of folders) {
      const folderPath = uriToPath(folder.uri);
      if (folderPath === undefined) continue;
      if ((path === folderPath || path.startsWith(folderPath.endsWith('/') ? folderPath : folderPath + '/')) && folderPath.length > bestLength) {
        best = folder;
        bestLength = folderPath.length;
      }
    }
    return best;
  }

  function editorSettingsFor(scopeUri: string | undefined): Promise<EditorSettings> {
    const key = scopeUri ?? '';
    let cached = editorSettingsCache.get(key);
    if (!cached) {
      cached = (async () => {
        let raw: unknown = pushedSettings;
        if (hasConfigurationCapability) {
          raw = await connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
        }
        return validateEditorSettings(raw);
      })();
      cached.catch(() => editorSettingsCache.delete(key));
      editorSettingsCache.set(key, cached);
    }
    return cached;
  }

  async function resolveFor(scopeUri: string | undefined, context: ProjectContext | undefined, folderPath: string | undefined): Promise<DocumentSettings> {
    const editor = await editorSettingsFor(scopeUri);
    return resolveDocumentSettings({ editor, context, folderPath, trusted: init.workspaceTrusted !== false });
  }

  function settingsFor(uri: string): Promise<DocumentSettings> {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = (async () => {
        const path = uriToPath(uri);
        const folder = folderFor(uri);
        const folderPath = folder ? uriToPath(folder.uri) : undefined;
        const context = path !== undefined ? await contexts.forPath(dirname(path)) : undefined;
        return resolveFor(uri, context, folderPath);
      })();
      cached.catch(() => settingsCache.delete(uri));
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  function forgetSettings(): void {
    contexts.clear();
    editorSettingsCache.clear();
    settingsCache.clear();
    lintCache.clear();
    reported.clear();
  }

  // ---- validation -----------------------------------------------------------------------------------

  function sendStatus(params: StatusParams): void {
    if (init.statusNotifications) void connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  function publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    void connection.sendDiagnostics({ uri, diagnostics, version });
  }

  /** Lints a document's current text under its settings; the result is cached by version for code actions. */
  function lintDocument(document: TextDocument, settings: DocumentSettings): { result: LintResult; state: StatusParams['state']; detail?: string; ms: number } {
    const text = document.getText();
    const path = uriToPath(document.uri);
    let state: StatusParams['state'] = 'ok';
    let detail: string | undefined;
    let findings: Finding[] = [];
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
      findings = lintText(text, settings.options);
    }
    const result: LintResult = { version: document.version, text, findings, settings };
    lintCache.set(document.uri, result);
    return { result, state, detail, ms: performance.now() - started };
  }

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    try {
      const settings = await settingsFor(uri);
      const current = documents.get(uri);
      // A newer change has its own validation scheduled: never publish for a stale version.
      if (!current || current.version !== version) return;
      const { result, state, detail, ms } = lintDocument(current, settings);
      const diagnostics = toDiagnostics(result.findings, result.text, uri, version, diagnosticOptions);
      publish(uri, diagnostics, version);
      sendStatus({ uri, state, detail, problems: diagnostics.length, validationMs: Math.round(ms * 10) / 10, configFile: settings.configFile });
    } catch (error) {
      const current = documents.get(uri);
      if (!current || current.version !== version) return;
      publish(uri, [], version);
      lintCache.delete(uri);
      if (error instanceof ConfigError) {
        reportOnce(`config:${error.message}`, error.message, MessageType.Warning);
        sendStatus({ uri, state: 'configError', detail: error.message, problems: 0, validationMs: 0 });
      } else {
        logError(`Validating ${uri} failed: ${stack(error)}`);
        reportOnce(`lint:${message(error)}`, `validating a document failed (${message(error)}); see the output for details. Other documents are still validated.`);
        sendStatus({ uri, state: 'error', detail: message(error), problems: 0, validationMs: 0 });
      }
    }
  }

  function schedule(uri: string, delay = init.debounceMs ?? DEFAULT_DEBOUNCE_MS): void {
    const existing = timers.get(uri);
    if (existing) clearTimeout(existing);
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      void validate(uri);
    }, delay));
  }

  function revalidateAll(): void {
    for (const document of documents.all()) schedule(document.uri, 0);
    void refreshScanOwned();
  }

  /** After a settings or config change: re-lint the files the scan published for, from disk. */
  async function refreshScanOwned(): Promise<void> {
    for (const [key, uri] of [...scanOwned]) {
      if (documents.get(uri) || isOpen(key)) continue;
      await lintClosedFile(uri);
    }
  }

  function isOpen(key: string): boolean {
    return documents.all().some((d) => uriKey(d.uri) === key);
  }

  async function lintClosedFile(uri: string): Promise<void> {
    const path = uriToPath(uri);
    if (path === undefined) return;
    try {
      const settings = await settingsFor(uri);
      const read = await readTextFile(path, settings.maxFileSize);
      if (read.kind === 'skip' || !settings.isIncluded(path)) {
        publish(uri, []);
        scanOwned.delete(uriKey(uri));
        return;
      }
      const findings = lintText(read.text, settings.options);
      publish(uri, toDiagnostics(findings, read.text, uri, null, diagnosticOptions));
      if (findings.length === 0) scanOwned.delete(uriKey(uri));
    } catch (error) {
      logError(`Re-linting ${uri} failed: ${stack(error)}`);
      publish(uri, []);
    }
  }

  /** The findings of a document's current version, from the cache or computed now. */
  async function currentLint(document: TextDocument): Promise<LintResult | undefined> {
    const cached = lintCache.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const settings = await settingsFor(document.uri);
    const current = documents.get(document.uri);
    if (!current || current.version !== document.version) return undefined;
    return lintDocument(current, settings).result;
  }

  // ---- code actions ---------------------------------------------------------------------------------

  function documentEdit(document: TextDocument, edits: readonly OffsetEdit[], text: string): WorkspaceEdit {
    const index = new LineIndex(text);
    const textEdits: TextEdit[] = edits.map((e) => ({ range: index.range(e.start, e.end), newText: e.newText }));
    if (clientCapabilities.workspace?.workspaceEdit?.documentChanges) {
      const change: TextDocumentEdit = { textDocument: { uri: document.uri, version: document.version }, edits: textEdits };
      return { documentChanges: [change] };
    }
    return { changes: { [document.uri]: textEdits } };
  }

  function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
    return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  }

  async function configEditForRule(document: TextDocument, settings: DocumentSettings | undefined, rule: string): Promise<CodeAction | undefined> {
    const docPath = uriToPath(document.uri);
    if (docPath === undefined) return undefined;
    const folder = folderFor(document.uri);
    const configPath = settings?.configFile ?? (folder ? join(uriToPath(folder.uri)!, CONFIG_FILE_NAME) : undefined);
    if (configPath === undefined) return undefined;
    const configUri = pathToFileURL(configPath).href;
    const open = documents.all().find((d) => uriKey(d.uri) === configPath);
    let text: string | undefined = open?.getText();
    if (text === undefined) {
      try {
        text = await fsp.readFile(configPath, 'utf8');
      } catch {
        text = undefined;
      }
    }
    const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
    const title = `Turn off ${rule} in ${basename(configPath)}`;
    if (text === undefined) {
      // No config file yet: create one, where the client can create files.
      if (!clientCapabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create')) return undefined;
      const content = JSON.stringify({ rules: { [rule]: 'off' } }, null, 2) + '\n';
      return {
        title,
        kind: CodeActionKind.QuickFix,
        edit: {
          documentChanges: [
            { kind: 'create', uri: configUri, options: { ignoreIfExists: true } },
            { textDocument: { uri: configUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] },
          ],
        },
      };
    }
    let edits;
    try {
      edits = modify(text, ['rules', rule], 'off', { formattingOptions });
    } catch {
      return undefined;
    }
    const index = new LineIndex(text);
    const textEdits: TextEdit[] = edits.map((e) => ({ range: index.range(e.offset, e.offset + e.length), newText: e.content }));
    // Checked here so a broken edit is never offered.
    applyJsonEdits(text, edits);
    const uri = open?.uri ?? configUri;
    return {
      title,
      kind: CodeActionKind.QuickFix,
      edit: clientCapabilities.workspace?.workspaceEdit?.documentChanges
        ? { documentChanges: [{ textDocument: { uri, version: open ? open.version : null }, edits: textEdits }] }
        : { changes: { [uri]: textEdits } },
    };
  }

  async function codeActions(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[] | null> {
    // A cancelled request (the user moved on) is dropped before any work.
    if (token.isCancellationRequested) return null;
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const lint = await currentLint(document);
    if (!lint || token.isCancellationRequested) return null;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    const fixable = lint.findings.filter((f) => f.fix);
    const index = new LineIndex(lint.text);

    if (kindMatches(only, CodeActionKind.QuickFix)) {
      const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
      const offeredRules = new Set<string>();
      for (const diagnostic of ours) {
        // Match against the current findings, so a diagnostic from an older version gets no stale fix.
        const finding = lint.findings.find((f) => f.rule === diagnostic.code && sameRange(index.range(f.start, f.end), diagnostic.range));
        if (!finding) continue;
        if (finding.fix) {
          actions.push({
            title: `Fix ${finding.rule}: ${truncate(finding.fix.newText, 80)}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: documentEdit(document, [finding.fix], lint.text),
          });
        }
        offeredRules.add(finding.rule);
      }
      if (ours.length > 0 && fixable.length > 1) {
        const edits = computeFixAll(lint.text, lint.settings!.options, lint.findings);
        if (edits.length > 0) {
          actions.push({
            title: 'Fix all imgproxy-url-lint problems in this file',
            kind: CodeActionKind.QuickFix,
            diagnostics: ours,
            edit: documentEdit(document, edits, lint.text),
          });
        }
      }
      for (const rule of offeredRules) {
        const action = await configEditForRule(document, lint.settings, rule).catch(() => undefined);
        if (action) actions.push(action);
      }
    }

    if (kindMatches(only, FIX_ALL_KIND) && lint.settings && fixable.length > 0) {
      const edits = computeFixAll(lint.text, lint.settings.options, lint.findings);
      if (edits.length > 0) {
        actions.push({
          title: 'Fix all imgproxy-url-lint problems in this file',
          kind: FIX_ALL_KIND,
          edit: documentEdit(document, edits, lint.text),
        });
      }
    }
    return token.isCancellationRequested ? null : actions;
  }

  // ---- commands -------------------------------------------------------------------------------------

  function parseScanArguments(args: unknown[] | undefined): ScanArguments {
    const first = args?.[0];
    if (first === undefined || first === null) return {};
    if (typeof first === 'string') return { folders: args!.filter((a): a is string => typeof a === 'string') };
    if (typeof first !== 'object' || Array.isArray(first)) throw new ResponseError(ErrorCodes.InvalidParams, 'scanWorkspace takes { folders?: string[], exclude?: string[] }');
    const { folders: f, exclude } = first as ScanArguments;
    if (f !== undefined && (!Array.isArray(f) || !f.every((x) => typeof x === 'string'))) throw new ResponseError(ErrorCodes.InvalidParams, 'folders must be an array of URIs');
    if (exclude !== undefined && (!Array.isArray(exclude) || !exclude.every((x) => typeof x === 'string'))) throw new ResponseError(ErrorCodes.InvalidParams, 'exclude must be an array of globs');
    return { folders: f, exclude };
  }

  async function scanWorkspace(params: ExecuteCommandParams, token: CancellationToken, attached: WorkDoneProgressReporter): Promise<ScanSummary> {
    const args = parseScanArguments(params.arguments);
    const rootUris = args.folders ?? folders.map((f) => f.uri);
    const roots: { uri: string; path: string }[] = [];
    for (const uri of rootUris) {
      const path = uriToPath(uri);
      if (path === undefined) log(`Scan: skipping ${uri}: only file: folders can be scanned`);
      else roots.push({ uri, path });
    }
    if (rootUris.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'no workspace folder to scan; open a folder or pass { folders: [uri] }');

    scanRunning?.abort();
    const controller = new AbortController();
    scanRunning = controller;
    token.onCancellationRequested(() => controller.abort());

    let progress: WorkDoneProgressReporter = attached;
    if (params.workDoneToken === undefined && clientCapabilities.window?.workDoneProgress) {
      const serverProgress = await connection.window.createWorkDoneProgress();
      serverProgress.token.onCancellationRequested(() => controller.abort());
      progress = serverProgress;
    }
    progress.begin('imgproxy URL Lint: scanning', 0, 'Listing files…', true);

    let lastReport = 0;
    const rootByPath = new Map(roots.map((r) => [r.path, r.uri]));
    const newlyOwned = new Map<string, string>();
    let summary: ScanSummary;
    try {
      summary = await scanFolders(roots.map((r) => r.path), {
        contexts,
        signal: controller.signal,
        exclude: args.exclude ?? [],
        settingsFor: (context, root) => resolveFor(rootByPath.get(root), context, root),
        openText: (path) => documents.all().find((d) => uriKey(d.uri) === path)?.getText(),
        onFile: (path, findings, text, open) => {
          if (open) {
            // The live diagnostics of an open document stay; the scan owns the file once it is closed.
            const document = documents.all().find((d) => uriKey(d.uri) === path);
            if (findings.length > 0 && document) newlyOwned.set(path, document.uri);
            return;
          }
          const uri = scanOwned.get(path) ?? pathToFileURL(path).href;
          if (findings.length > 0) {
            newlyOwned.set(path, uri);
            publish(uri, toDiagnostics(findings, text, uri, null, diagnosticOptions));
          } else if (scanOwned.has(path)) {
            publish(uri, []);
          }
        },
        onProgress: (done, total, phase) => {
          const now = Date.now();
          if (now - lastReport < 100 && done !== total) return;
          lastReport = now;
          if (phase === 'listing') progress.report(`Listing files… ${total} found`);
          else progress.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${done}/${total} files`);
        },
        log,
      });
    } finally {
      progress.done();
      if (scanRunning === controller) scanRunning = undefined;
    }
    for (const [key, uri] of newlyOwned) scanOwned.set(key, uri);
    const text = `Scan ${summary.cancelled ? 'cancelled' : 'done'}: ${summary.filesScanned} files, ${summary.findings} findings in ${summary.filesWithFindings} files, ${summary.durationMs} ms` +
      (Object.keys(summary.byRule).length ? ` (${Object.entries(summary.byRule).map(([r, n]) => `${r}: ${n}`).join(', ')})` : '');
    log(text);
    for (const problem of summary.configErrors) reportOnce(`config:${problem}`, problem, MessageType.Warning);
    return summary;
  }

  function clearScanResults(): { cleared: number } {
    let cleared = 0;
    for (const [key, uri] of scanOwned) {
      if (!isOpen(key)) {
        publish(uri, []);
        cleared++;
      }
    }
    scanOwned.clear();
    return { cleared };
  }

  async function fixAllCommand(args: unknown[] | undefined): Promise<{ applied: boolean; edits: number }> {
    const arg = args?.[0];
    const uri = typeof arg === 'string' ? arg : (arg as { uri?: unknown } | undefined)?.uri;
    if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'fixAll takes a document URI or { uri }');
    const document = documents.get(uri);
    if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `the document ${uri} is not open`);
    const lint = await currentLint(document);
    if (!lint?.settings) return { applied: false, edits: 0 };
    const edits = computeFixAll(lint.text, lint.settings.options, lint.findings);
    if (edits.length === 0) return { applied: false, edits: 0 };
    const result = await connection.workspace.applyEdit({ label: 'Fix all imgproxy-url-lint problems', edit: documentEdit(document, edits, lint.text) });
    return { applied: result.applied, edits: edits.length };
  }

  // ---- wiring ---------------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientCapabilities = params.capabilities;
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: basename(uriToPath(params.rootUri) ?? params.rootUri) }] : []);
    hasConfigurationCapability = !!clientCapabilities.workspace?.configuration;
    const publishCaps = clientCapabilities.textDocument?.publishDiagnostics;
    diagnosticOptions = {
      relatedInformation: !!publishCaps?.relatedInformation,
      codeDescription: !!publishCaps?.codeDescriptionSupport,
    };
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: init.clientHandlesCommands ? [] : [...SERVER_COMMANDS] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'imgproxy-url-lint', version: process.env.IMGPROXY_URL_LINT_VERSION ?? '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability && clientCapabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e) => logError(`register didChangeConfiguration: ${message(e)}`));
    }
    if (clientCapabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: '**/.env*' }, { globPattern: '**/*.env' }],
      }).catch((e) => logError(`register file watchers: ${message(e)}`));
    }
    if (clientCapabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        folders = [...folders.filter((f) => !removed.has(f.uri)), ...event.added];
        forgetSettings();
        revalidateAll();
      });
    }
    log(`imgproxy-url-lint server ready (node ${process.version}); folders: ${folders.map((f) => f.uri).join(', ') || 'none'}`);
  });

  connection.onDidChangeConfiguration((params) => {
    const settings = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (settings !== undefined) pushedSettings = settings;
    forgetSettings();
    revalidateAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    // Only config and env files are watched (the server's registration, the VS Code client's watcher).
    if (params.changes.length === 0) return;
    log(`Config or env file changed (${params.changes.map((c) => c.uri).join(', ')}): re-linting`);
    forgetSettings();
    revalidateAll();
  });

  const justOpened = new Set<string>();
  documents.onDidOpen((event) => {
    justOpened.add(event.document.uri);
    schedule(event.document.uri, 0);
  });
  documents.onDidChangeContent((event) => {
    // An open fires this too; the open already scheduled an immediate validation.
    if (justOpened.delete(event.document.uri)) return;
    void settingsFor(event.document.uri).then(
      (s) => { if (s.run === 'onType') schedule(event.document.uri); },
      () => schedule(event.document.uri),
    );
  });
  documents.onDidSave((event) => {
    const path = uriToPath(event.document.uri);
    if (path !== undefined && basename(path) === CONFIG_FILE_NAME) {
      // Clients without file watching (Neovim 0.7) still reload a config edited in the editor.
      forgetSettings();
      revalidateAll();
      return;
    }
    void settingsFor(event.document.uri).then((s) => { if (s.run === 'onSave') schedule(event.document.uri, 0); }, () => undefined);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    const timer = timers.get(uri);
    if (timer) clearTimeout(timer);
    timers.delete(uri);
    lintCache.delete(uri);
    settingsCache.delete(uri);
    if (scanOwned.has(uriKey(uri))) void lintClosedFile(uri);
    else publish(uri, []);
  });

  connection.onCodeAction(async (params, token) => {
    try {
      return await codeActions(params, token);
    } catch (error) {
      logError(`Code actions for ${params.textDocument?.uri} failed: ${stack(error)}`);
      return null;
    }
  });

  connection.onExecuteCommand(async (params, token, workDone) => {
    try {
      switch (params.command) {
        case Commands.scanWorkspace:
          return await scanWorkspace(params, token, workDone);
        case Commands.clearScanResults:
          return clearScanResults();
        case Commands.fixAll:
          return await fixAllCommand(params.arguments);
        case Commands.probeHosts:
          return { available: false, message: 'The live TLS probe is not available in this version of the server.' };
        default:
          throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
      }
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logError(`Command ${params.command} failed: ${stack(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${message(error)}`);
    }
  });

  connection.onShutdown(() => {
    scanRunning?.abort();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
