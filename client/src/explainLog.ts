// "Explain Proxy Log…": the selection, the active editor's text or a chosen file goes to the server's
// imgproxyUrlLint.explainProxyLog command; its Markdown report opens beside the editor as a preview,
// each failing source linked to the lines of code that build it.
import { commands, ProgressLocation, window, workspace } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { Commands, type ExplainLogArguments, type ExplainLogResult } from '../../server/src/lsp/protocol.js';

/** What to explain: the selection when there is one, else the user picks the editor's text or a file. */
async function chooseLog(): Promise<ExplainLogArguments | undefined> {
  const editor = window.activeTextEditor;
  if (editor && !editor.selection.isEmpty) return { text: editor.document.getText(editor.selection) };
  const pickFile = async () => {
    const files = await window.showOpenDialog({ canSelectMany: false, openLabel: 'Explain', title: 'Choose a proxy log file' });
    return files?.[0] ? { uri: files[0].toString() } : undefined;
  };
  if (!editor) return pickFile();
  const choice = await window.showQuickPick([
    { label: `Text of ${workspace.asRelativePath(editor.document.uri)}`, value: 'editor' },
    { label: 'Choose a log file…', value: 'file' },
  ], { title: 'Explain Proxy Log' });
  if (!choice) return undefined;
  if (choice.value === 'file') return pickFile();
  // A saved file is streamed by the server from disk (any size); unsaved text is sent as it is.
  return editor.document.uri.scheme === 'file' && !editor.document.isDirty ? { uri: editor.document.uri.toString() } : { text: editor.document.getText() };
}

export async function explainProxyLog(start: () => Promise<LanguageClient>): Promise<void> {
  const args = await chooseLog();
  if (!args) return;
  const client = await start();
  const result = await window.withProgress(
    { location: ProgressLocation.Notification, title: 'imgproxy URL Lint: explaining the proxy log', cancellable: true },
    (_progress, token) => client.sendRequest(ExecuteCommandRequest.type, { command: Commands.explainProxyLog, arguments: [args] }, token) as Promise<ExplainLogResult | null>,
  );
  if (!result) return;
  const document = await workspace.openTextDocument({ language: 'markdown', content: result.markdown });
  await commands.executeCommand('markdown.showPreviewToSide', document.uri);
  if (result.report.failures === 0) void window.showInformationMessage('imgproxy URL Lint: no failed requests found in this log.');
}
