// Code actions: a preferred quick fix per fixable diagnostic, "Fix all" (as a quick fix and as
// source.fixAll.imgproxyUrlLint), "Disable <rule> for this line / file" (inline markers, suppress.ts) and
// "Turn off <rule> in .imgproxy-url-lint.json". Pure edits: no network, nothing written.
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promises as fsp } from 'node:fs';
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { modify, applyEdits as applyJsonEdits } from 'jsonc-parser';
import { asciiLower, CONFIG_FILE_NAME, LineIndex, type OffsetEdit } from '../../core/index.js';
import { fixAllEdits } from '../commands/fixAll.js';
import { documentEdit } from '../edits.js';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, type DiagnosticData } from '../protocol.js';
import type { ServerState } from '../serverState.js';
import type { DocumentSettings } from '../settings.js';
import { disableFileEdit, disableNextLineEdit } from '../suppress.js';
import { uriToPath } from '../uri.js';
import type { LintedDocument } from './diagnostics.js';

export interface CodeActionsContext {
  state: Pick<ServerState, 'documents' | 'capabilities' | 'folderFor' | 'openDocumentAt'>;
  /** The current reading of a document (validation's cache). */
  current(document: TextDocument): Promise<LintedDocument | undefined>;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
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

function kindMatches(requested: readonly string[] | undefined, kind: string): boolean {
  if (!requested || requested.length === 0) return true;
  return requested.some((k) => kind === k || kind.startsWith(k + '.'));
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

async function configEditForRule(ctx: CodeActionsContext, document: TextDocument, settings: DocumentSettings | undefined, rule: string): Promise<CodeAction | undefined> {
  const { state } = ctx;
  const docPath = uriToPath(document.uri);
  if (docPath === undefined) return undefined;
  const folder = state.folderFor(document.uri);
  const configPath = settings?.configFile ?? (folder ? join(uriToPath(folder.uri)!, CONFIG_FILE_NAME) : undefined);
  if (configPath === undefined) return undefined;
  const configUri = pathToFileURL(configPath).href;
  const open = state.openDocumentAt(configPath);
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
  const workspaceEdit = state.capabilities.workspace?.workspaceEdit;
  if (text === undefined) {
    // No config file yet: create one, where the client can create files.
    if (!workspaceEdit?.resourceOperations?.includes('create')) return undefined;
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
    edit: workspaceEdit?.documentChanges
      ? { documentChanges: [{ textDocument: { uri, version: open ? open.version : null }, edits: textEdits }] }
      : { changes: { [uri]: textEdits } },
  };
}

export async function codeActions(ctx: CodeActionsContext, params: CodeActionParams, token: CancellationToken): Promise<CodeAction[] | null> {
  // A cancelled request (the user moved on) is dropped before any work.
  if (token.isCancellationRequested) return null;
  const document = ctx.state.documents.get(params.textDocument.uri);
  if (!document) return null;
  const lint = await ctx.current(document);
  if (!lint || token.isCancellationRequested) return null;
  const edit = (edits: readonly OffsetEdit[]) => documentEdit(ctx.state.capabilities, document, edits, lint.text);
  const findings = lint.analysis.findings;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const fixable = findings.filter((f) => f.fix);
  const index = new LineIndex(lint.text);
  let fixAll: OffsetEdit[] | undefined;
  const fixAllOnce = () => (fixAll ??= fixAllEdits(lint, document.uri));

  if (kindMatches(only, CodeActionKind.QuickFix)) {
    const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
    const offeredRules = new Set<string>();
    for (const diagnostic of ours) {
      // Match against the current findings, so a diagnostic from an older version gets no stale fix.
      const finding = findings.find((f) => f.rule === diagnostic.code && sameRange(index.range(f.start, f.end), diagnostic.range));
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
          edit: edit([fix]),
        });
      }
      offeredRules.add(diagnostic.code as string);
    }
    if (ours.length > 0 && fixable.length > 1) {
      const edits = fixAllOnce();
      if (edits.length > 0) {
        actions.push({ title: 'Fix all imgproxy-url-lint problems in this file', kind: CodeActionKind.QuickFix, diagnostics: ours, edit: edit(edits) });
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
      if (line) actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([line]) });
    }
    for (const rule of offeredRules) {
      const file = disableFileEdit(lint.text, rule, document.languageId);
      if (file) actions.push({ title: `Disable ${rule} for this file`, kind: CodeActionKind.QuickFix, edit: edit([file]) });
    }
    for (const rule of offeredRules) {
      const action = await configEditForRule(ctx, document, lint.settings, rule).catch(() => undefined);
      if (action) actions.push(action);
    }
  }

  if (kindMatches(only, FIX_ALL_KIND) && fixable.length > 0) {
    const edits = fixAllOnce();
    if (edits.length > 0) actions.push({ title: 'Fix all imgproxy-url-lint problems in this file', kind: FIX_ALL_KIND, edit: edit(edits) });
  }
  return token.isCancellationRequested ? null : actions;
}
