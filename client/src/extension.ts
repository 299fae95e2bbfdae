// The VS Code adapter: starts the language server (dist/server.js over IPC) when a document or a command
// first needs it, and adds what only VS Code has: palette and explorer commands with progress UI, a
// language status item, a log output channel, and workspace trust.
import {
  commands,
  languages,
  LanguageStatusSeverity,
  ProgressLocation,
  Uri,
  window,
  workspace,
  type ExtensionContext,
  type LanguageStatusItem,
  type LogOutputChannel,
  type TextDocument,
} from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  State,
  TransportKind,
  WorkDoneProgress,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  ClientCommands,
  Commands,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type InitializationOptions,
  type ProbeSummary,
  type ScanArguments,
  type ScanSummary,
  type StatusParams,
} from '../../server/src/lsp/protocol.js';
import { registerShowRuleDoc, shownDiagnostics } from './ruleDocs.js';
import { explicitSettings, type SettingsManifest } from './settings.js';
import { explainProxyLog } from './explainLog.js';

/** URI schemes the server validates: files on disk, unsaved files and virtual-workspace files. */
const SCHEMES = ['file', 'untitled', 'vscode-vfs', 'vscode-notebook-cell'];
/** Validation slower than this makes the status item warn (as vscode-eslint does). */
const SLOW_VALIDATION_MS = 1000;

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient> | undefined;
let output: LogOutputChannel;
let statusItem: LanguageStatusItem;
const statusByUri = new Map<string, StatusParams>();
let scanRunning = false;

function isSupported(document: TextDocument): boolean {
  return SCHEMES.includes(document.uri.scheme);
}

export function activate(context: ExtensionContext): void {
  output = window.createOutputChannel('imgproxy URL Lint', { log: true });
  context.subscriptions.push(output);
  const manifest = context.extension.packageJSON as SettingsManifest;

  statusItem = languages.createLanguageStatusItem('imgproxyUrlLint.status', SCHEMES.map((scheme) => ({ scheme })));
  statusItem.name = 'imgproxy URL Lint';
  statusItem.text = 'imgproxy URL Lint';
  statusItem.detail = 'not started';
  statusItem.command = { title: 'Show Output', command: ClientCommands.showOutput };
  context.subscriptions.push(statusItem);
  registerShowRuleDoc(context);

  const start = (): Promise<LanguageClient> => {
    if (client && client.state === State.Running) return Promise.resolve(client);
    starting ??= startClient(context, manifest).finally(() => { starting = undefined; });
    return starting;
  };

  // Cheap activation: nothing starts until a document the server validates is open, or a command runs.
  const startIfNeeded = (document: TextDocument) => {
    if (!client && isSupported(document)) void start().catch((error) => output.error(`Starting the server failed: ${String(error)}`));
  };
  context.subscriptions.push(workspace.onDidOpenTextDocument(startIfNeeded));
  workspace.textDocuments.forEach(startIfNeeded);

  context.subscriptions.push(
    window.onDidChangeActiveTextEditor(() => updateStatus()),
    workspace.onDidCloseTextDocument((document) => statusByUri.delete(document.uri.toString())),
    workspace.onDidGrantWorkspaceTrust(async () => {
      // The project config's probe and signing settings now apply: the server reads trust at start.
      if (client) {
        output.info('Workspace trusted: restarting the server');
        await restart(context, manifest);
      }
    }),
    commands.registerCommand(ClientCommands.showOutput, () => output.show()),
    commands.registerCommand(ClientCommands.restartServer, () => restart(context, manifest)),
    commands.registerCommand(Commands.scanWorkspace, () => scan(start)),
    commands.registerCommand(Commands.explainProxyLog, () => explainProxyLog(start)),
    commands.registerCommand(ClientCommands.scanFolder, (uri?: Uri, selected?: Uri[]) => {
      const targets = selected && selected.length > 0 ? selected : uri ? [uri] : undefined;
      return scan(start, targets);
    }),
    commands.registerCommand(Commands.clearScanResults, async () => {
      const c = await start();
      await c.sendRequest(ExecuteCommandRequest.type, { command: Commands.clearScanResults, arguments: [] });
    }),
    commands.registerCommand(Commands.fixAll, async () => {
      const editor = window.activeTextEditor;
      if (!editor) {
        void window.showInformationMessage('imgproxy URL Lint: open a file to fix.');
        return;
      }
      const c = await start();
      const result = (await c.sendRequest(ExecuteCommandRequest.type, {
        command: Commands.fixAll,
        arguments: [{ uri: editor.document.uri.toString(), version: editor.document.version }],
      })) as { applied: boolean; edits: number } | null;
      if (!result || result.edits === 0) void window.showInformationMessage('imgproxy URL Lint: nothing to fix in this file.');
    }),
    commands.registerCommand(Commands.probeHosts, async () => {
      if (!workspace.isTrusted) {
        void window.showWarningMessage('imgproxy URL Lint: probing hosts opens network connections and needs a trusted workspace.');
        return;
      }
      const c = await start();
      const uri = window.activeTextEditor?.document.uri.toString();
      const summary = await window.withProgress(
        { location: ProgressLocation.Notification, title: 'imgproxy URL Lint: probing source hosts', cancellable: true },
        (_progress, token) => c.sendRequest(ExecuteCommandRequest.type, { command: Commands.probeHosts, arguments: [uri ? { uri } : {}] }, token) as Promise<ProbeSummary | null>,
      );
      if (!summary) return;
      if (!summary.available) {
        const choice = await window.showInformationMessage(`imgproxy URL Lint: ${summary.message ?? 'the probe is not available'}.`, 'Open Settings');
        if (choice === 'Open Settings') await commands.executeCommand('workbench.action.openSettings', 'imgproxyUrlLint.probe');
        return;
      }
      const rules = Object.entries(summary.byRule).map(([rule, n]) => `${rule} ${n}`).join(', ');
      const text = `imgproxy URL Lint: probed ${summary.hosts} host${summary.hosts === 1 ? '' : 's'}${summary.cancelled ? ' (cancelled)' : ''}: ` +
        (summary.findings === 0 ? 'no TLS problems.' : `${summary.findings} problems (${rules}).`);
      output.info(text);
      void window.showInformationMessage(text);
    }),
  );
}

async function startClient(context: ExtensionContext, manifest: SettingsManifest): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const initializationOptions: InitializationOptions = {
    clientHandlesCommands: true,
    workspaceTrusted: workspace.isTrusted,
    statusNotifications: true,
    storagePath: (context.storageUri ?? context.globalStorageUri).fsPath,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SCHEMES.map((scheme) => ({ scheme })),
    outputChannel: output,
    initializationOptions,
    middleware: {
      // Rule links open the bundled pages; the pages' own examples are not the user's problems (ruleDocs.ts).
      handleDiagnostics: (uri, diagnostics, next) => next(uri, shownDiagnostics(context.extensionUri, uri, diagnostics)),
      workspace: {
        // Only what the user set: the server lays these over the project config file, so a default
        // value must not hide the file's.
        configuration: (params) =>
          params.items.map((item) =>
            item.section === SETTINGS_SECTION ? explicitSettings(manifest, item.scopeUri ? Uri.parse(item.scopeUri) : undefined) : null),
      },
    },
  };
  const c = new LanguageClient('imgproxyUrlLint', 'imgproxy URL Lint', serverOptions, clientOptions);
  c.onDidChangeState((event) => {
    if (event.newState === State.Stopped) {
      statusItem.severity = LanguageStatusSeverity.Warning;
      statusItem.detail = 'server stopped';
    } else if (event.newState === State.Running) {
      updateStatus();
    }
  });
  c.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    statusByUri.set(params.uri, params);
    updateStatus();
  });
  await c.start();
  client = c;
  output.info(`Server started (${module})`);
  updateStatus();
  return c;
}

async function restart(context: ExtensionContext, manifest: SettingsManifest): Promise<void> {
  const old = client;
  client = undefined;
  statusByUri.clear();
  if (old) {
    try {
      await old.stop();
    } catch (error) {
      output.warn(`Stopping the server: ${String(error)}`);
    }
  }
  await startClient(context, manifest);
}

function updateStatus(): void {
  if (!statusItem) return;
  statusItem.busy = scanRunning;
  const document = window.activeTextEditor?.document;
  const status = document ? statusByUri.get(document.uri.toString()) : undefined;
  if (!client) {
    statusItem.text = 'imgproxy URL Lint';
    statusItem.detail = 'not started';
    statusItem.severity = LanguageStatusSeverity.Information;
    return;
  }
  if (!status) {
    statusItem.text = 'imgproxy URL Lint';
    statusItem.detail = scanRunning ? 'scanning the workspace' : 'waiting for a document';
    statusItem.severity = LanguageStatusSeverity.Information;
    return;
  }
  const problems = `${status.problems} problem${status.problems === 1 ? '' : 's'}`;
  switch (status.state) {
    case 'ok':
      statusItem.text = status.problems === 0 ? '$(check) imgproxy URLs' : `$(warning) imgproxy URLs: ${problems}`;
      statusItem.detail = `validated in ${status.validationMs} ms${status.configFile ? ` · ${workspace.asRelativePath(status.configFile)}` : ''}`;
      statusItem.severity = status.validationMs > SLOW_VALIDATION_MS ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
      if (status.validationMs > SLOW_VALIDATION_MS) statusItem.detail += ' (slow: consider imgproxyUrlLint.run "onSave" or an exclude)';
      if (status.notices?.length) {
        // A discovered file (a root .env) has a bad value: linting goes on, signatures are not checked.
        statusItem.severity = LanguageStatusSeverity.Warning;
        statusItem.detail = `${workspace.asRelativePath(status.notices[0])}${status.notices.length > 1 ? ` (+${status.notices.length - 1} more)` : ''}`;
      }
      break;
    case 'disabled':
    case 'skipped':
      statusItem.text = '$(circle-slash) imgproxy URLs';
      statusItem.detail = status.detail ?? status.state;
      statusItem.severity = LanguageStatusSeverity.Information;
      break;
    case 'configError':
    case 'error':
      statusItem.text = '$(error) imgproxy URLs';
      statusItem.detail = status.detail ?? 'error';
      statusItem.severity = LanguageStatusSeverity.Error;
      break;
  }
}

/** VS Code's files.exclude and search.exclude globs that are on (conditional ones are left out). */
function editorExcludes(folder: Uri | undefined): string[] {
  const globs = new Set<string>();
  for (const section of ['files.exclude', 'search.exclude']) {
    const value = workspace.getConfiguration(undefined, folder).get<Record<string, unknown>>(section) ?? {};
    for (const [glob, on] of Object.entries(value)) if (on === true) globs.add(glob);
  }
  return [...globs];
}

async function scan(start: () => Promise<LanguageClient>, targets?: Uri[]): Promise<void> {
  if (scanRunning) {
    void window.showInformationMessage('imgproxy URL Lint: a scan is already running.');
    return;
  }
  const folders = targets ?? workspace.workspaceFolders?.map((f) => f.uri) ?? [];
  if (folders.length === 0) {
    void window.showInformationMessage('imgproxy URL Lint: open a folder to scan.');
    return;
  }
  const c = await start();
  const args: ScanArguments = {
    folders: folders.map((f) => f.toString()),
    exclude: editorExcludes(workspace.getWorkspaceFolder(folders[0])?.uri ?? folders[0]),
  };
  scanRunning = true;
  updateStatus();
  try {
    const summary = await window.withProgress(
      { location: ProgressLocation.Notification, title: 'imgproxy URL Lint', cancellable: true },
      async (progress, token) => {
        const workDoneToken = `imgproxyUrlLint.scan.${Date.now()}`;
        let last = 0;
        const listener = c.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const percentage = value.percentage ?? last;
          progress.report({ message: value.message, increment: Math.max(0, percentage - last) });
          last = percentage;
        });
        try {
          return (await c.sendRequest(ExecuteCommandRequest.type, { command: Commands.scanWorkspace, arguments: [args], workDoneToken }, token)) as ScanSummary | null;
        } finally {
          listener.dispose();
        }
      },
    );
    if (!summary) return;
    const rules = Object.entries(summary.byRule).map(([rule, n]) => `${rule} ${n}`).join(', ');
    const text = `imgproxy URL Lint: ${summary.cancelled ? 'scan cancelled after' : 'scanned'} ${summary.filesScanned} files in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
      (summary.findings === 0 ? 'no problems.' : `${summary.findings} problems in ${summary.filesWithFindings} files (${rules}).`);
    output.info(text);
    const choice = await window.showInformationMessage(text, ...(summary.findings > 0 ? ['Show Problems'] : []), 'Show Output');
    if (choice === 'Show Problems') await commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Output') output.show();
  } catch (error) {
    output.error(`Scan failed: ${String(error)}`);
    void window.showErrorMessage(`imgproxy URL Lint: the scan failed (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    scanRunning = false;
    updateStatus();
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
