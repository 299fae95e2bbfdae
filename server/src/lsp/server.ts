// The language server: connects LSP requests and notifications to one module per feature (features/,
// commands/), each handed the small context it needs. No rule logic here, and no state but the wiring.
import { CodeActionKind, ErrorCodes, ExecuteCommandRequest, ResponseError, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { fixAllCommand } from './commands/fixAll.js';
import { HostProbe } from './commands/probe.js';
import { WorkspaceScan } from './commands/scan.js';
import { codeActions } from './features/codeActions.js';
import { Diagnostics } from './features/diagnostics.js';
import { hover } from './features/hover.js';
import { documentLinks } from './features/links.js';
import { createLog, guarded, message, stack } from './log.js';
import { Commands, FIX_ALL_KIND, type InitializationOptions } from './protocol.js';
import { ServerState } from './serverState.js';
import { SettingsWatch } from './watch.js';

/** The advertised server commands (tests pin them). */
export const SERVER_COMMANDS = [Commands.scanWorkspace, Commands.clearScanResults, Commands.fixAll, Commands.probeHosts];

function initializeResult(init: InitializationOptions): InitializeResult {
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
}

export function startServer(connection: Connection): void {
  const log = createLog(connection);
  const state = new ServerState(connection);
  const { documents } = state;
  const capabilities = () => state.capabilities;
  const current = (document: Parameters<Diagnostics['current']>[0]) => diagnostics.current(document);
  const probe = new HostProbe({ state, log, connection, capabilities, current, refresh: (uri) => diagnostics.refresh(uri) });
  const diagnostics = new Diagnostics({ state, log, connection, probe });
  const publish = diagnostics.publish.bind(diagnostics);
  const scan = new WorkspaceScan({ state, log, connection, capabilities, publish, probe: (analysis, settings) => probe.background(analysis, settings) });
  const settingsChanged = () => {
    [state, diagnostics, log].forEach((cache) => cache.forget());
    diagnostics.revalidateOpen();
    void scan.refresh();
  };
  const watch = new SettingsWatch({ connection, state, log, settingsChanged });
  const reading = { state, current };

  connection.onInitialize((params) => {
    state.initialize(params);
    probe.configure(state.init.probeConnectTo);
    diagnostics.configure(state.capabilities);
    return initializeResult(state.init);
  });
  connection.onInitialized(() => {
    watch.register();
    log.info(`imgproxy-url-lint server ready (node ${process.version}); folders: ${state.folders.map((f) => f.uri).join(', ') || 'none'}`);
  });
  connection.onDidChangeConfiguration((params) => watch.configurationChanged(params));
  connection.onDidChangeWatchedFiles((params) => watch.filesChanged(params));

  documents.onDidOpen(({ document }) => diagnostics.opened(document.uri));
  documents.onDidChangeContent(({ document }) => diagnostics.changed(document.uri));
  documents.onDidSave(({ document }) => watch.saved(document.uri) || diagnostics.saved(document.uri));
  documents.onDidClose(({ document: { uri } }) => {
    diagnostics.closed(uri);
    state.forgetDocument(uri);
    probe.closed(uri);
    if (!scan.documentClosed(uri)) publish(uri, [], '');
  });

  connection.onCodeAction(guarded(log, 'Code actions', (params, token) => codeActions({ state, current }, params, token)));
  connection.onHover(guarded(log, 'Hover', (params, token) => hover(reading, params, token)));
  connection.onDocumentLinks(guarded(log, 'Document links', (params, token) => documentLinks(reading, params, token)));

  // A raw handler rather than onExecuteCommand: that one deletes params.workDoneToken before the handler
  // sees it, and the scan needs to know whether the client gave a token or the server must create one.
  connection.onRequest(ExecuteCommandRequest.type, async (params, token) => {
    try {
      switch (params.command) {
        case Commands.scanWorkspace: return await scan.run(params, token);
        case Commands.clearScanResults: return scan.clear();
        case Commands.fixAll: return await fixAllCommand({ state, connection, current }, params.arguments);
        case Commands.probeHosts: return await probe.run(params, token);
        default: throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
      }
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log.error(`Command ${params.command} failed: ${stack(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${params.command} failed: ${message(error)}`);
    }
  });

  connection.onShutdown(() => {
    scan.abort();
    diagnostics.dispose();
  });
  documents.listen(connection);
  connection.listen();
}
