// Entry of dist/server.js. `node dist/server.js --stdio` for any LSP client; VS Code starts it over IPC
// (--node-ipc). The transport is chosen from the command line by vscode-languageserver.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

const connection = createConnection(ProposedFeatures.all);

// Never die on a stray exception: log it and keep serving (the handlers catch their own errors too).
process.on('uncaughtException', (error) => {
  connection.console.error(`Uncaught exception: ${error?.stack ?? String(error)}`);
});
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});

startServer(connection);
