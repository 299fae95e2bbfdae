// What makes every document be linted again: a changed setting, a changed config or env file (watched
// by dynamic registration, or saved in the editor), and added or removed workspace folders.
import { basename } from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
} from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../core/index.js';
import { PROXY_SETTINGS_FILE } from '../workspace/index.js';
import { message, type ServerLog } from './log.js';
import { SETTINGS_SECTION } from './protocol.js';
import type { ServerState } from './serverState.js';
import { uriToPath } from './uri.js';

/**
 * Files whose change changes how documents are linted: the project config, env files (signing keys,
 * imgproxy's own variables), compose files (the proxies' variables and flags) and thumbor.conf (its
 * SECURITY_KEY; see server/src/workspace/context.ts).
 */
const SETTINGS_FILE_GLOBS = [`**/${CONFIG_FILE_NAME}`, '**/.env*', '**/*.env', '**/docker-compose*.{yml,yaml}', '**/compose*.{yml,yaml}', '**/*thumbor*.conf'];

export interface WatchContext {
  connection: Pick<Connection, 'client' | 'workspace'>;
  state: Pick<ServerState, 'capabilities' | 'hasConfigurationCapability' | 'pushSettings' | 'changeFolders'>;
  log: ServerLog;
  /** Forget every cached setting and reading, and lint again. */
  settingsChanged(): void;
}

export class SettingsWatch {
  constructor(private readonly ctx: WatchContext) {}

  /** After `initialized`: the registrations the client supports. */
  register(): void {
    const { connection, state, log } = this.ctx;
    const workspace = state.capabilities.workspace;
    if (state.hasConfigurationCapability && workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e) => log.error(`register didChangeConfiguration: ${message(e)}`));
    }
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: SETTINGS_FILE_GLOBS.map((globPattern) => ({ globPattern })),
      }).catch((e) => log.error(`register file watchers: ${message(e)}`));
    }
    if (workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        state.changeFolders(event.added, event.removed);
        this.ctx.settingsChanged();
      });
    }
  }

  configurationChanged(params: DidChangeConfigurationParams): void {
    this.ctx.state.pushSettings((params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION]);
    this.ctx.settingsChanged();
  }

  filesChanged(params: DidChangeWatchedFilesParams): void {
    // Only config and env files are watched (the server's registration, the VS Code client's watcher).
    if (params.changes.length === 0) return;
    this.ctx.log.info(`Config or env file changed (${params.changes.map((c) => c.uri).join(', ')}): re-linting`);
    this.ctx.settingsChanged();
  }

  /**
   * A saved document that is a config or env file: lint everything again (clients without file watching,
   * Neovim 0.7, still reload a config edited in the editor). False for any other document.
   */
  saved(uri: string): boolean {
    const path = uriToPath(uri);
    if (path === undefined || !(basename(path) === CONFIG_FILE_NAME || PROXY_SETTINGS_FILE.test(basename(path)))) return false;
    this.ctx.settingsChanged();
    return true;
  }
}
