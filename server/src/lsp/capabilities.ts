// What the server advertises in its `initialize` answer (tests pin it).
import { CodeActionKind, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver';
import { Commands, FIX_ALL_KIND, type InitializationOptions } from './protocol.js';

/** The advertised server commands. */
export const SERVER_COMMANDS = [Commands.scanWorkspace, Commands.clearScanResults, Commands.fixAll, Commands.probeHosts, Commands.explainProxyLog];

export function initializeResult(init: InitializationOptions): InitializeResult {
  return {
    capabilities: {
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND], resolveProvider: false },
      // A client that registers the command ids itself (VS Code) must not get them registered twice.
      executeCommandProvider: { commands: init.clientHandlesCommands ? [] : [...SERVER_COMMANDS] },
      hoverProvider: true,
      documentLinkProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'imgproxy-url-lint', version: process.env.IMGPROXY_URL_LINT_VERSION ?? '0.1.0' },
  };
}
