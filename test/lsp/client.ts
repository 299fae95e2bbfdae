// A real LSP client for tests: spawns the built dist/server.js over stdio and talks JSON-RPC to it with
// vscode-languageserver-protocol, answering the server's requests the way VS Code does.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  PublishDiagnosticsNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeConfigurationNotification,
  ConfigurationRequest,
  RegistrationRequest,
  WorkDoneProgressCreateRequest,
  ApplyWorkspaceEditRequest,
  LogMessageNotification,
  ShowMessageNotification,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ApplyWorkspaceEditParams,
  type ShowMessageParams,
  type Registration,
  type ConfigurationItem,
} from 'vscode-languageserver-protocol/node';

export const SERVER = resolve('dist/server.js');

export const VSCODE_LIKE_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    applyEdit: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'source', 'source.fixAll'] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
  },
  window: { workDoneProgress: true },
  general: { positionEncodings: ['utf-16'] },
};

export interface StartOptions {
  workspace?: string;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /** Options for the server's node (e.g. `--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /** The server bundle to run (default: SERVER, the working tree's build). */
  serverPath?: string;
  /** Answers workspace/configuration: the settings for a scope URI. Default: nothing set. */
  settings?: (item: ConfigurationItem) => unknown;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export class TestClient {
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly registrations: Registration[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly progressTokens: (string | number)[] = [];
  stderr = '';
  settings: (item: ConfigurationItem) => unknown;
  private listeners: (() => void)[] = [];
  private versions = new Map<string, number>();
  exited: Promise<number | null>;

  private constructor(readonly process: ChildProcessWithoutNullStreams, readonly connection: ProtocolConnection, options: StartOptions) {
    this.settings = options.settings ?? (() => ({}));
    this.exited = new Promise((resolveExit) => process.on('exit', (code) => resolveExit(code)));
    process.stderr.on('data', (chunk) => { this.stderr += chunk.toString(); });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.publications.push(params);
      this.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => { this.logs.push(params.message); });
    connection.onNotification(ShowMessageNotification.type, (params) => { this.messages.push(params); this.notify(); });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => this.settings(item) ?? null));
    connection.onRequest(RegistrationRequest.type, (params) => { this.registrations.push(...params.registrations); });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => { this.progressTokens.push(params.token); });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params);
      this.notify();
      return { applied: true };
    });
    connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<{ client: TestClient; result: InitializeResult }> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverPath ?? SERVER, '--stdio'], { stdio: 'pipe', cwd: options.workspace ?? process.cwd(), env: { ...process.env, ...options.env } });
    const reader = new StreamMessageReader(child.stdout);
    // vscode-jsonrpc's reader re-arms a 10 s "partial message" timer forever when the server dies in the
    // middle of a message (tests kill it mid-scan), and neither dispose() nor the stream's end clears it:
    // that timer kept a test process alive after its last test (a hang seen under load). No test needs
    // partial-message events, so the timer is off.
    reader.partialMessageTimeout = 0;
    const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection, options);
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.workspace ? fileUri(options.workspace) : null,
      workspaceFolders: options.workspace ? [{ uri: fileUri(options.workspace), name: 'ws' }] : null,
      capabilities: options.capabilities ?? VSCODE_LIKE_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { client, result };
  }

  /** Re-checks pending waitFor predicates (call after recording a notification the test listens to itself). */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Resolves when `predicate` holds (checked after each notification), or rejects after `ms`. */
  waitFor<T>(what: string, predicate: () => T | undefined | false, ms = 10000): Promise<T> {
    return new Promise((resolveWait, reject) => {
      const check = () => {
        let value: T | undefined | false;
        try {
          value = predicate();
        } catch (error) {
          cleanup();
          reject(error);
          return;
        }
        if (value !== undefined && value !== false) {
          cleanup();
          resolveWait(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; publications: ${JSON.stringify(this.publications.slice(-5))}\nstderr: ${this.stderr}\nlogs: ${this.logs.slice(-10).join('\n')}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
      };
      this.listeners.push(check);
      check();
    });
  }

  /** The next publication for `uri` after the ones already seen (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number, ms?: number): Promise<PublishDiagnosticsParams> {
    const seen = this.publications.length;
    return this.waitFor(`diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`, () =>
      this.publications.slice(seen).find((p) => p.uri === uri && (version === undefined || p.version === version)), ms);
  }

  lastDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.publications].reverse().find((p) => p.uri === uri);
  }

  async open(uri: string, text: string, languageId = 'plaintext'): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    const next = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return next;
  }

  /** Replaces the whole text (a full-range incremental change); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Replaces `range` with `text` (a ranged incremental change, as VS Code sends a keystroke); returns the new version. */
  async edit(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async watchedFilesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** Applies LSP text edits (UTF-16 positions) to text, as an editor would. */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}
