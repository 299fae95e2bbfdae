// The engine's offset edits as an LSP workspace edit on one document, in the form the client accepts.
import type { ClientCapabilities, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type OffsetEdit } from '../core/index.js';

/** `edits` are offsets of `text` (the document's text at its current version). */
export function documentEdit(capabilities: ClientCapabilities, document: TextDocument, edits: readonly OffsetEdit[], text: string): WorkspaceEdit {
  const index = new LineIndex(text);
  const textEdits: TextEdit[] = edits.map((e) => ({ range: index.range(e.start, e.end), newText: e.newText }));
  if (capabilities.workspace?.workspaceEdit?.documentChanges) {
    const change: TextDocumentEdit = { textDocument: { uri: document.uri, version: document.version }, edits: textEdits };
    return { documentChanges: [change] };
  }
  return { changes: { [document.uri]: textEdits } };
}
