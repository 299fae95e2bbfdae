// The language server: an adapter from LSP to the engine. It adds no rule logic of its own.
// Push diagnostics (debounced per document, never for a stale version), code actions (quick fix, fix
// all, turn a rule off in the config file), per-resource settings, the workspace scan, and a server that
// logs and carries on whatever a document, a config file or the engine throws at it.
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promises as fsp } from 'node:fs';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ExecuteCommandRequest,
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
import { asciiLower, CONFIG_FILE_NAME, ConfigError, EMPTY_SIGNING, LineIndex, lintText, parseConfig, resolveLintOptions, type Finding, type OffsetEdit, type ProjectConfig } from '../core/index.js';
import { contextFromConfig, IMGPROXY_SETTINGS_FILE, ProjectContexts, readTextFile, type ProjectContext } from '../workspace/index.js';
import { toDiagnostics, type DiagnosticOptions } from './diagnostics.js';
import { computeFixAll } from './fixAll.js';
import { hoverAt, sourceLinks } from './hover.js';
import { Probers } from './probe.js';
import { disableFileEdit, disableNextLineEdit } from './suppress.js';
import {
  Commands,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type DiagnosticData,
  type InitializationOptions,
  type ProbeSummary,
  type ScanArguments,
  type ScanSummary,
  type StatusParams,
} from './protocol.js';
import { resolveDocumentSettings, validateEditorSettings, type DocumentSettings, type EditorSettings } from './settings.js';
import { scanFolders } from './scan.js';

const DEFAULT_DEBOUNCE_MS = 150;

/**
 * Files whose change changes how documents are linted: the project config, env files (signing keys,
 * imgproxy's own variables) and compose files (imgproxy's variables; see server/src/workspace/context.ts).
 */
const SETTINGS_FILE_GLOBS = [`**/${CONFIG_FILE_NAME}`, '**/.env*', '**/*.env', '**/docker-compose*.{yml,yaml}', '**/compose*.{yml,yaml}'];
function isSettingsFile(name: string): boolean {
  return name === CONFIG_FILE_NAME || IMGPROXY_SETTINGS_FILE.test(name);
}

/**
 * A quick fix's title says what changes (the host, for a base64 source the user cannot read), not just
 * the new text: "Fix host-uppercase: "Media.Example.com" → "media.example.com"".
 */
function fixTitle(rule: string, host: string | undefined, newText: string): string {
  if (host !== undefined && (rule === 'host-uppercase' || rule === 'host-trailing-dot')) {
    const fixed = rule === 'host-uppercase' ? asciiLower(host) : host.replace(/\.$/, '');
    if (fixed !== host) return `Fix ${rule}: "${host}" → "${fixed}"`;
  }
  return `Fix ${rule}: ${truncate(newText, 80)}`;
}

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

/**
 * The path the engine is given for a document: the file's path, else the URI (untitled:Untitled-1), so
 * the engine decides by name, as for files on disk, whether the text is one of imgproxy's config files.
 */
function enginePath(uri: string): string {
  return uriToPath(uri) ?? uri;
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

/** A project context built from a config without its signing part (untrusted workspaces). */
function untrustedContext(configFile: string, config: ProjectConfig): ProjectContext {
  return contextFromConfig(configFile, dirname(configFile), config, resolveLintOptions(config, EMPTY_SIGNING));
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
  let probers = new Probers();
  /** Probe findings by document URI, for the version they were computed on. */
  const probeFindings = new Map<string, { version: number; findings: Finding[] }>();
  /** Documents being probed in the background (probe.enable), by URI: the version being probed. */
  const probing = new Map<string, number>();
  /** Bumped by each scan and by clearScanResults: a background probe of an older scan publishes nothing. */
  let scanGeneration = 0;

  const probeAllowed = (settings: DocumentSettings) => init.workspaceTrusted !== false && settings.probe.enable;

  /**
   * probe.enable: an open document's source hosts are probed in the background, once per version (the
   * prober caches verdicts, so an edit costs no new handshake for a host already judged); the findings
   * join its diagnostics when they arrive. Never from a code action or a save.
   */
  function probeDocumentInBackground(uri: string, version: number, text: string, settings: DocumentSettings): void {
    if (!probeAllowed(settings) || probeFindings.get(uri)?.version === version || probing.get(uri) === version) return;
    probing.set(uri, version);
    probers.probeText(text, settings.options, settings.probe, new AbortController().signal, () => undefined)
      .then(async (run) => {
        if (documents.get(uri)?.version !== version) return; // edited meanwhile: offsets are stale
        probeFindings.set(uri, { version, findings: run.findings });
        lintCache.delete(uri);
        await validate(uri);
      })
      .catch((error) => logError(`Probing ${uri} failed: ${stack(error)}`))
      .finally(() => {
        if (probing.get(uri) === version) probing.delete(uri);
      });
  }

  /** probe.enable in a workspace scan: a scanned file's hosts are probed and its diagnostics republished. */
  function probeScannedFileInBackground(uri: string, text: string, findings: Finding[], settings: DocumentSettings): void {
    if (!probeAllowed(settings)) return;
    const generation = scanGeneration;
    probers.probeText(text, settings.options, settings.probe, new AbortController().signal, () => undefined)
      .then((run) => {
        if (run.findings.length === 0 || generation !== scanGeneration || isOpen(uriKey(uri))) return;
        publish(uri, toDiagnostics([...findings, ...run.findings], text, uri, null, diagnosticOptions));
      })
      .catch((error) => logError(`Probing ${uri} failed: ${stack(error)}`));
  }

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

  /**
   * The project context of a folder. In an untrusted workspace the config's signing env file is not
   * read, so a missing or bad one must not stop linting: the config is read again without it.
   */
  async function contextFor(dir: string): Promise<ProjectContext> {
    try {
      return await contexts.forPath(dir);
    } catch (error) {
      if (init.workspaceTrusted !== false || !(error instanceof ConfigError)) throw error;
      const configFile = await contexts.findConfigFile(dir);
      if (configFile === undefined) throw error;
      const text = await fsp.readFile(configFile, 'utf8');
      const { signing: _signing, probe: _probe, ...config } = text.trim() === '' ? {} : parseConfig(text, configFile);
      return untrustedContext(configFile, config);
    }
  }

  function settingsFor(uri: string): Promise<DocumentSettings> {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = (async () => {
        const path = uriToPath(uri);
        const folder = folderFor(uri);
        const folderPath = folder ? uriToPath(folder.uri) : undefined;
        const context = path !== undefined ? await contextFor(dirname(path)) : undefined;
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
      findings = lintText(text, settings.options, enginePath(document.uri));
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
      const probed = probeFindings.get(uri);
      if (probed && probed.version !== version) probeFindings.delete(uri);
      const shown = probed?.version === version && state === 'ok' ? [...result.findings, ...probed.findings] : result.findings;
      const diagnostics = toDiagnostics(shown, result.text, uri, version, diagnosticOptions);
      publish(uri, diagnostics, version);
      sendStatus({ uri, state, detail, problems: diagnostics.length, validationMs: Math.round(ms * 10) / 10, configFile: settings.configFile });
      if (state === 'ok') probeDocumentInBackground(uri, version, result.text, settings);
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
      const findings = lintText(read.text, settings.options, path);
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
    let fixAllEdits: OffsetEdit[] | undefined;
    const fixAll = () => (fixAllEdits ??= lint.settings ? computeFixAll(lint.text, lint.settings.options, lint.findings, enginePath(document.uri)) : []);

    if (kindMatches(only, CodeActionKind.QuickFix)) {
      const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
      const offeredRules = new Set<string>();
      for (const diagnostic of ours) {
        // Match against the current findings, so a diagnostic from an older version gets no stale fix.
        const finding = lint.findings.find((f) => f.rule === diagnostic.code && sameRange(index.range(f.start, f.end), diagnostic.range));
        let fix = finding?.fix ?? null;
        if (!finding) {
          // Some clients send the range back in other units (Neovim 0.7 returns byte columns): the fix
          // carried in `data` is still exact when it was computed for the document's current version.
          const data = diagnostic.data as Partial<DiagnosticData> | undefined;
          if (data?.version !== document.version || !data.fix) continue;
          fix = { start: index.offsetAt(data.fix.range.start), end: index.offsetAt(data.fix.range.end), newText: data.fix.newText };
        }
        if (fix) {
          actions.push({
            title: fixTitle(String(diagnostic.code), finding?.host, fix.newText),
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: documentEdit(document, [fix], lint.text),
          });
        }
        offeredRules.add(diagnostic.code as string);
      }
      if (ours.length > 0 && fixable.length > 1) {
        const edits = fixAll();
        if (edits.length > 0) {
          actions.push({
            title: 'Fix all imgproxy-url-lint problems in this file',
            kind: CodeActionKind.QuickFix,
            diagnostics: ours,
            edit: documentEdit(document, edits, lint.text),
          });
        }
      }
      const seen = new Set<string>();
      for (const diagnostic of ours) {
        const rule = diagnostic.code as string;
        if (!offeredRules.has(rule)) continue;
        const offset = index.offsetAt(diagnostic.range.start);
        const lineKey = `${rule}:${diagnostic.range.start.line}`;
        const line = seen.has(lineKey) ? undefined : disableNextLineEdit(lint.text, offset, rule, document.languageId);
        seen.add(lineKey);
        if (line) actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: documentEdit(document, [line], lint.text) });
      }
      for (const rule of offeredRules) {
        const file = disableFileEdit(lint.text, rule, document.languageId);
        if (file) actions.push({ title: `Disable ${rule} for this file`, kind: CodeActionKind.QuickFix, edit: documentEdit(document, [file], lint.text) });
      }
      for (const rule of offeredRules) {
        const action = await configEditForRule(document, lint.settings, rule).catch(() => undefined);
        if (action) actions.push(action);
      }
    }

    if (kindMatches(only, FIX_ALL_KIND) && fixable.length > 0) {
      const edits = fixAll();
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

  /**
   * Work-done progress for a command: the client's token when it sent one, else a server-created one
   * where the client supports it. Cancelling either (or the request) aborts `controller`.
   */
  async function startProgress(params: ExecuteCommandParams, token: CancellationToken, controller: AbortController): Promise<WorkDoneProgressReporter> {
    token.onCancellationRequested(() => controller.abort());
    if (params.workDoneToken === undefined && clientCapabilities.window?.workDoneProgress) {
      const serverProgress = await connection.window.createWorkDoneProgress();
      serverProgress.token.onCancellationRequested(() => controller.abort());
      return serverProgress;
    }
    return connection.window.attachWorkDoneProgress(params.workDoneToken);
  }

  async function scanWorkspace(params: ExecuteCommandParams, token: CancellationToken): Promise<ScanSummary> {
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
    scanGeneration++;
    const progress = await startProgress(params, token, controller);
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
        onFile: (path, findings, text, open, settings) => {
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
          probeScannedFileInBackground(uri, text, findings, settings);
        },
        onProgress: (done, total, phase) => {
          const now = Date.now();
          if (now - lastReport < 100 && done !== total) return;
          lastReport = now;
          if (phase === 'listing') progress.report(`Listing files… ${total} found`);
          else progress.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${done}/${total} files`);
        },
        log,
        cacheFile: init.storagePath && join(init.storagePath, 'scan-cache'),
      });
    } finally {
      progress.done();
      if (scanRunning === controller) scanRunning = undefined;
    }
    if (!summary.cancelled) {
      // A complete scan replaces the last one: files that no longer have findings (fixed, deleted,
      // excluded since) lose what the last scan published for them.
      for (const [key, uri] of scanOwned) {
        if (newlyOwned.has(key) || !roots.some((r) => key === r.path || key.startsWith(r.path.endsWith(sep) ? r.path : r.path + sep))) continue;
        scanOwned.delete(key);
        if (!isOpen(key)) publish(uri, []);
      }
    }
    for (const [key, uri] of newlyOwned) scanOwned.set(key, uri);
    const text = `Scan ${summary.cancelled ? 'cancelled' : 'done'}: ${summary.filesScanned} files, ${summary.findings} findings in ${summary.filesWithFindings} files, ${summary.durationMs} ms` +
      (Object.keys(summary.byRule).length ? ` (${Object.entries(summary.byRule).map(([r, n]) => `${r}: ${n}`).join(', ')})` : '');
    log(text);
    for (const problem of summary.configErrors) reportOnce(`config:${problem}`, problem, MessageType.Warning);
    return summary;
  }

  async function probeHosts(params: ExecuteCommandParams, token: CancellationToken): Promise<ProbeSummary> {
    if (init.workspaceTrusted === false) {
      throw new ResponseError(ErrorCodes.InvalidRequest, 'the probe opens network connections and is not available in an untrusted workspace');
    }
    const arg = params.arguments?.[0];
    const uri = typeof arg === 'string' ? arg : (arg as { uri?: unknown } | undefined)?.uri;
    if (uri !== undefined && typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'probeHosts takes { uri? }');
    const targets = uri !== undefined ? [documents.get(uri)].filter((d): d is TextDocument => d !== undefined) : documents.all();
    const summary: ProbeSummary = { available: true, documents: 0, hosts: 0, findings: 0, byRule: {}, cancelled: false };
    const allowed: { document: TextDocument; settings: DocumentSettings }[] = [];
    for (const document of targets) {
      const active = await activeSettings(document.uri).catch(() => undefined);
      if (active?.settings.probe.enable) allowed.push(active);
    }
    if (allowed.length === 0) {
      return { ...summary, available: false, message: targets.length === 0
        ? 'no open document to probe'
        : 'the probe is off: set imgproxyUrlLint.probe.enable to true to let it connect to the source hosts (twice each: as written and lowercased)' };
    }
    const controller = new AbortController();
    const progress = await startProgress(params, token, controller);
    progress.begin('imgproxy URL Lint: probing source hosts', undefined, 'Connecting…', true);
    try {
      for (const { document, settings } of allowed) {
        if (controller.signal.aborted) break;
        const version = document.version;
        const text = document.getText();
        let run;
        try {
          run = await probers.probeText(text, settings.options, settings.probe, controller.signal, (host) => progress.report(`${host} done`));
        } catch (error) {
          if (controller.signal.aborted) break;
          throw error;
        }
        summary.documents++;
        summary.hosts += run.hosts;
        summary.findings += run.findings.length;
        for (const f of run.findings) summary.byRule[f.rule] = (summary.byRule[f.rule] ?? 0) + 1;
        if (documents.get(document.uri)?.version !== version) continue; // edited meanwhile: offsets are stale
        probeFindings.set(document.uri, { version, findings: run.findings });
        lintCache.delete(document.uri);
        await validate(document.uri);
      }
    } finally {
      progress.done();
    }
    summary.cancelled = controller.signal.aborted;
    log(`Probe: ${summary.hosts} hosts in ${summary.documents} documents, ${summary.findings} findings${summary.cancelled ? ' (cancelled)' : ''}`);
    return summary;
  }

  function clearScanResults(): { cleared: number } {
    scanGeneration++;
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
    const edits = computeFixAll(lint.text, lint.settings.options, lint.findings, enginePath(document.uri));
    if (edits.length === 0) return { applied: false, edits: 0 };
    const result = await connection.workspace.applyEdit({ label: 'Fix all imgproxy-url-lint problems', edit: documentEdit(document, edits, lint.text) });
    return { applied: result.applied, edits: edits.length };
  }

  // ---- wiring ---------------------------------------------------------------------------------------

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientCapabilities = params.capabilities;
    init = (params.initializationOptions ?? {}) as InitializationOptions;
    probers = new Probers(Array.isArray(init.probeConnectTo) ? init.probeConnectTo.filter((r) => typeof r === 'string') : []);
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
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
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
        watchers: SETTINGS_FILE_GLOBS.map((globPattern) => ({ globPattern })),
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
    if (path !== undefined && isSettingsFile(basename(path))) {
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
    probeFindings.delete(uri);
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

  /** The settings of an open document when it is validated at all (enable, languages, include / exclude). */
  async function activeSettings(uri: string): Promise<{ document: TextDocument; settings: DocumentSettings } | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await settingsFor(uri);
    if (!settings.enable || (settings.languages.length > 0 && !settings.languages.includes(document.languageId))) return undefined;
    const path = uriToPath(uri);
    if (path !== undefined && !settings.isIncluded(path)) return undefined;
    if (document.getText().length > settings.maxFileSize) return undefined;
    return { document, settings };
  }

  connection.onHover(async (params, token) => {
    try {
      const active = await activeSettings(params.textDocument.uri);
      if (!active || token.isCancellationRequested) return null;
      const text = active.document.getText();
      return hoverAt(text, new LineIndex(text).offsetAt(params.position), active.settings.options);
    } catch (error) {
      logError(`Hover for ${params.textDocument?.uri} failed: ${stack(error)}`);
      return null;
    }
  });

  connection.onDocumentLinks(async (params, token) => {
    try {
      const active = await activeSettings(params.textDocument.uri);
      if (!active || token.isCancellationRequested) return null;
      return sourceLinks(active.document.getText(), active.settings.options);
    } catch (error) {
      logError(`Document links for ${params.textDocument?.uri} failed: ${stack(error)}`);
      return null;
    }
  });

  // A raw handler rather than onExecuteCommand: that one deletes params.workDoneToken before the handler
  // sees it, and the scan needs to know whether the client gave a token or the server must create one.
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    try {
      switch (params.command) {
        case Commands.scanWorkspace:
          return await scanWorkspace(params, token);
        case Commands.clearScanResults:
          return clearScanResults();
        case Commands.fixAll:
          return await fixAllCommand(params.arguments);
        case Commands.probeHosts:
          return await probeHosts(params, token);
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
