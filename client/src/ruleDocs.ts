// Rule links in VS Code. Until the project has a public home (DOCS_BASE_URL, set at build time), the
// server names each rule's page by its path in the package (docs/rules/<id>.md), which VS Code cannot
// open; such a link is turned into a command that shows the page bundled in the extension in the
// Markdown preview. A public https link is left as it is. The pages' own examples of bad URLs are not
// problems of the user's: files inside the extension get no diagnostics.
import { commands, Uri, type Diagnostic, type ExtensionContext } from 'vscode';
import { ClientCommands, DIAGNOSTIC_SOURCE } from '../../server/src/lsp/protocol.js';

const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The command link that opens a rule's bundled page. */
function ruleDocCommand(rule: string): Uri {
  return Uri.parse(`command:${ClientCommands.showRuleDoc}?${encodeURIComponent(JSON.stringify([rule]))}`);
}

/** The diagnostics VS Code shows for `uri`: none inside the extension, rule links it can open. */
export function shownDiagnostics(extensionUri: Uri, uri: Uri, diagnostics: Diagnostic[]): Diagnostic[] {
  const inside = extensionUri.toString().replace(/\/?$/, '/');
  return uri.toString().startsWith(inside) ? [] : linkRuleDocs(diagnostics);
}

/** Our diagnostics with a rule link VS Code cannot open get the command link instead (in place). */
function linkRuleDocs(diagnostics: Diagnostic[]): Diagnostic[] {
  for (const diagnostic of diagnostics) {
    const code = diagnostic.code;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof code !== 'object' || !RULE_ID.test(String(code.value))) continue;
    if (code.target.scheme === 'https' || code.target.scheme === 'http') continue;
    diagnostic.code = { value: code.value, target: ruleDocCommand(String(code.value)) };
  }
  return diagnostics;
}

/** `imgproxyUrlLint.showRuleDoc <rule id>`: docs/rules/<id>.md from the extension, in the Markdown preview. */
export function registerShowRuleDoc(context: ExtensionContext): void {
  context.subscriptions.push(commands.registerCommand(ClientCommands.showRuleDoc, async (rule: unknown) => {
    if (typeof rule !== 'string' || !RULE_ID.test(rule)) throw new Error(`not a rule id: ${JSON.stringify(rule)}`);
    await commands.executeCommand('markdown.showPreview', Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`));
  }));
}
