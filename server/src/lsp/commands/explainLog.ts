// `imgproxyUrlLint.explainProxyLog`: reads a proxy log (text sent by the client, or a file named by URI),
// names each failed request's cause, finds the code in the workspace folders that builds each failing
// source, and answers a Markdown report (code locations linked as file URIs with `#L<line>`) and the
// report itself as JSON, the CLI's `logs --format json` shape. Any LSP client can call it.
import { createReadStream } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { ConfigError, defaultLintOptions, EMPTY_SIGNING, type LintOptions } from '../../core/index.js';
import { formatLogMarkdown, LogReader, logReportDocument, presentReport, readLogText, type ShownReport } from '../../core/logs/index.js';
import { locateSources, streamLines, type ProjectContexts } from '../../workspace/index.js';
import type { ExplainLogArguments, ExplainLogResult } from '../protocol.js';

export interface ExplainLogDeps {
  /** Workspace folders (absolute paths): searched for the code, the first one's config reads the paths. */
  folders: string[];
  contexts: ProjectContexts;
  /** False in an untrusted workspace: the signing env file the config names is not used. */
  trusted: boolean;
  /** The request's cancellation: stops the code search. */
  token?: CancellationToken;
}

function parseArguments(args: unknown[] | undefined): ExplainLogArguments {
  const first = args?.[0];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) throw new ResponseError(ErrorCodes.InvalidParams, 'explainProxyLog takes { text } or { uri } (and optionally showUrls)');
  const { text, uri, showUrls } = first as ExplainLogArguments;
  if ((text === undefined) === (uri === undefined)) throw new ResponseError(ErrorCodes.InvalidParams, 'explainProxyLog takes exactly one of text (the log) and uri (a file: URI of the log)');
  if (text !== undefined && typeof text !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'text must be a string');
  if (uri !== undefined && (typeof uri !== 'string' || !uri.startsWith('file:'))) throw new ResponseError(ErrorCodes.InvalidParams, 'uri must be a file: URI');
  return { text, uri, showUrls: showUrls === true };
}

/** How the first folder's config reads imgproxy paths; without signing in an untrusted workspace. */
async function lintOptions(deps: ExplainLogDeps): Promise<LintOptions> {
  if (deps.folders.length === 0) return defaultLintOptions();
  try {
    const { options } = await deps.contexts.forPath(deps.folders[0]);
    return deps.trusted ? options : { ...options, signing: EMPTY_SIGNING };
  } catch (error) {
    // An untrusted workspace's env file may be missing or bad: it is not read, so it must not stop this.
    if (deps.trusted || !(error instanceof ConfigError)) throw error;
    return defaultLintOptions();
  }
}

export async function explainLog(rawArgs: unknown[] | undefined, deps: ExplainLogDeps): Promise<ExplainLogResult> {
  const args = parseArguments(rawArgs);
  const showUrls = args.showUrls ?? false;
  const lint = await lintOptions(deps);
  let report;
  if (args.text !== undefined) {
    report = readLogText(args.text, { lint, showUrls });
  } else {
    const reader = new LogReader({ lint, showUrls });
    const path = fileURLToPath(args.uri!);
    try {
      await streamLines(createReadStream(path, { highWaterMark: 1024 * 1024 }), reader);
    } catch (error) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${path}: cannot read the log: ${(error as Error).message}`);
    }
    report = reader.finish();
  }
  // Paths shown relative to their workspace folder (with the folder's name when there are several).
  const absolute = new Map<string, string>();
  const display = (path: string) => {
    const root = deps.folders.find((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep));
    let shown = root === undefined ? path : relative(root, path).split(sep).join('/');
    if (root !== undefined && deps.folders.length > 1) shown = `${root.split(sep).pop()}/${shown}`;
    absolute.set(shown, path);
    return shown;
  };
  const controller = new AbortController();
  deps.token?.onCancellationRequested(() => controller.abort());
  const filesSearched = deps.folders.length === 0 ? 0 : await locateSources(report, deps.folders, { contexts: deps.contexts, signal: controller.signal, display });
  const shown: ShownReport = presentReport(report, showUrls);
  const markdown = formatLogMarkdown(shown, (file, line) => `${pathToFileURL(absolute.get(file) ?? file).href}#L${line}`);
  return { markdown, report: logReportDocument(shown, filesSearched) };
}
