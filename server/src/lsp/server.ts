// The language server: connects LSP requests and notifications to one module per feature (features/,
// commands/), each handed the small context it needs. No rule logic here, and no state but the wiring.
import { ExecuteCommandRequest, type Connection } from 'vscode-languageserver';
import { initializeResult } from './capabilities.js';
import { commandExecutor } from './commands/execute.js';
import { explainLog } from './commands/explainLog.js';
import { fixAllCommand } from './commands/fixAll.js';
import { HostProbe } from './commands/probe.js';
import { WorkspaceScan } from './commands/scan.js';
import { codeActions } from './features/codeActions.js';
import { Diagnostics, type LintedDocument } from './features/diagnostics.js';
import { hover } from './features/hover.js';
import { documentLinks } from './features/links.js';
import { createLog, guarded } from './log.js';
import { Commands } from './protocol.js';
import { ServerState } from './serverState.js';
import { SettingsWatch } from './watch.js';

export function startServer(connection: Connection): void {
  const log = createLog(connection);
  const state = new ServerState(connection);
  const { documents } = state;
  const capabilities = () => state.capabilities;
  const current = (document: Parameters<Diagnostics['current']>[0]): Promise<LintedDocument | undefined> => diagnostics.current(document);
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
    [diagnostics, probe].forEach((feature) => feature.closed(uri));
    state.forgetDocument(uri);
    if (!scan.documentClosed(uri)) publish(uri, [], '');
  });

  connection.onCodeAction(guarded(log, 'Code actions', (params, token) => codeActions({ state, current }, params, token)));
  connection.onHover(guarded(log, 'Hover', (params, token) => hover({ state, current }, params, token)));
  connection.onDocumentLinks(guarded(log, 'Document links', (params, token) => documentLinks({ state, current }, params, token)));
  // A raw handler rather than onExecuteCommand: that one deletes params.workDoneToken before the handler
  // sees it, and the scan needs to know whether the client gave a token or the server must create one.
  connection.onRequest(ExecuteCommandRequest.type, commandExecutor(log, {
    [Commands.scanWorkspace]: (params, token) => scan.run(params, token),
    [Commands.clearScanResults]: () => scan.clear(),
    [Commands.fixAll]: (params) => fixAllCommand({ state, connection, current }, params.arguments),
    [Commands.probeHosts]: (params, token) => probe.run(params, token),
    [Commands.explainProxyLog]: (params, token) => explainLog(params.arguments, { folders: state.folderPaths(), contexts: state.contexts, trusted: state.trusted, token }),
  }));

  connection.onShutdown(() => {
    scan.abort();
    diagnostics.dispose();
  });
  documents.listen(connection);
  connection.listen();
}
