// What every feature reads: the open documents, the workspace folders, the client's capabilities and
// trust, and each document's settings (the editor's over the project config file), cached until a
// setting, a config or env file, or the folders change (forget()).
import { basename, dirname } from 'node:path';
import { promises as fsp } from 'node:fs';
import { TextDocuments, type ClientCapabilities, type Connection, type InitializeParams, type WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigError, EMPTY_SIGNING, parseConfig, resolveLintOptions, type ProjectConfig } from '../core/index.js';
import { contextFromConfig, ProjectContexts, type ProjectContext } from '../workspace/index.js';
import { SETTINGS_SECTION, type InitializationOptions } from './protocol.js';
import { resolveDocumentSettings, validateEditorSettings, type DocumentSettings, type EditorSettings } from './settings.js';
import { uriKey, uriToPath } from './uri.js';

/** An open document that is validated at all (enable, languages, include / exclude, size), with its settings. */
export interface ActiveDocument {
  document: TextDocument;
  settings: DocumentSettings;
}

/** A project context built from a config without its signing part (untrusted workspaces). */
function untrustedContext(configFile: string, config: ProjectConfig): ProjectContext {
  return contextFromConfig(configFile, dirname(configFile), config, resolveLintOptions(config, EMPTY_SIGNING));
}

export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  readonly contexts = new ProjectContexts();
  capabilities: ClientCapabilities = {};
  init: InitializationOptions = {};
  folders: WorkspaceFolder[] = [];
  /** Settings pushed by didChangeConfiguration, for clients without workspace/configuration. */
  private pushedSettings: unknown = undefined;
  private readonly editorSettingsCache = new Map<string, Promise<EditorSettings>>();
  private readonly settingsCache = new Map<string, Promise<DocumentSettings>>();

  constructor(private readonly connection: Connection) {}

  initialize(params: InitializeParams): void {
    this.capabilities = params.capabilities;
    this.init = (params.initializationOptions ?? {}) as InitializationOptions;
    this.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: basename(uriToPath(params.rootUri) ?? params.rootUri) }] : []);
  }

  get trusted(): boolean {
    return this.init.workspaceTrusted !== false;
  }

  get hasConfigurationCapability(): boolean {
    return !!this.capabilities.workspace?.configuration;
  }

  /** Settings pushed with didChangeConfiguration (`undefined`: none in the notification). */
  pushSettings(settings: unknown): void {
    if (settings !== undefined) this.pushedSettings = settings;
  }

  changeFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => f.uri));
    this.folders = [...this.folders.filter((f) => !gone.has(f.uri)), ...added];
  }

  /** The workspace folders' paths (file: folders only). */
  folderPaths(): string[] {
    return this.folders.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
  }

  /** The open document of a file (by path), whatever spelling of its URI the client used. */
  openDocumentAt(key: string): TextDocument | undefined {
    return this.documents.all().find((d) => uriKey(d.uri) === key);
  }

  isOpen(key: string): boolean {
    return this.openDocumentAt(key) !== undefined;
  }

  folderFor(uri: string): WorkspaceFolder | undefined {
    const path = uriToPath(uri);
    if (path === undefined) return undefined;
    let best: WorkspaceFolder | undefined;
    let bestLength = -1;
    for (const folder of this.folders) {
      const folderPath = uriToPath(folder.uri);
      if (folderPath === undefined) continue;
      if ((path === folderPath || path.startsWith(folderPath.endsWith('/') ? folderPath : folderPath + '/')) && folderPath.length > bestLength) {
        best = folder;
        bestLength = folderPath.length;
      }
    }
    return best;
  }

  private editorSettingsFor(scopeUri: string | undefined): Promise<EditorSettings> {
    const key = scopeUri ?? '';
    let cached = this.editorSettingsCache.get(key);
    if (!cached) {
      cached = (async () => {
        let raw: unknown = this.pushedSettings;
        if (this.hasConfigurationCapability) {
          raw = await this.connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
        }
        return validateEditorSettings(raw);
      })();
      cached.catch(() => this.editorSettingsCache.delete(key));
      this.editorSettingsCache.set(key, cached);
    }
    return cached;
  }

  /** Settings for `scopeUri` (a document or a scanned folder) under a project context. */
  async resolveFor(scopeUri: string | undefined, context: ProjectContext | undefined, folderPath: string | undefined): Promise<DocumentSettings> {
    const editor = await this.editorSettingsFor(scopeUri);
    return resolveDocumentSettings({ editor, context, folderPath, trusted: this.trusted, scopePath: scopeUri === undefined ? undefined : uriToPath(scopeUri) });
  }

  /**
   * The project context of a folder. In an untrusted workspace the config's signing env file is not
   * read, so a missing or bad one must not stop linting: the config is read again without it.
   */
  private async contextFor(dir: string): Promise<ProjectContext> {
    try {
      return await this.contexts.forPath(dir);
    } catch (error) {
      if (this.trusted || !(error instanceof ConfigError)) throw error;
      const configFile = await this.contexts.findConfigFile(dir);
      if (configFile === undefined) throw error;
      const text = await fsp.readFile(configFile, 'utf8');
      const { signing: _signing, probe: _probe, ...config } = text.trim() === '' ? {} : parseConfig(text, configFile);
      return untrustedContext(configFile, config);
    }
  }

  settingsFor(uri: string): Promise<DocumentSettings> {
    let cached = this.settingsCache.get(uri);
    if (!cached) {
      cached = (async () => {
        const path = uriToPath(uri);
        const folder = this.folderFor(uri);
        const folderPath = folder ? uriToPath(folder.uri) : undefined;
        const context = path !== undefined ? await this.contextFor(dirname(path)) : undefined;
        return this.resolveFor(uri, context, folderPath);
      })();
      cached.catch(() => this.settingsCache.delete(uri));
      this.settingsCache.set(uri, cached);
    }
    return cached;
  }

  /** The settings of an open document when it is validated at all (enable, languages, include / exclude). */
  async activeSettings(uri: string): Promise<ActiveDocument | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const settings = await this.settingsFor(uri);
    if (!settings.enable || (settings.languages.length > 0 && !settings.languages.includes(document.languageId))) return undefined;
    const path = uriToPath(uri);
    if (path !== undefined && !settings.isIncluded(path)) return undefined;
    if (document.getText().length > settings.maxFileSize) return undefined;
    return { document, settings };
  }

  /** A document closed: its settings are asked for again when it is reopened. */
  forgetDocument(uri: string): void {
    this.settingsCache.delete(uri);
  }

  /** A setting, a config or env file, or the folders changed: every context and setting is read again. */
  forget(): void {
    this.contexts.clear();
    this.editorSettingsCache.clear();
    this.settingsCache.clear();
  }
}
