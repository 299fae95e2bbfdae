// The language server over stdio, driven by a real JSON-RPC client (test/lsp/client.ts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CodeActionRequest,
  DocumentLinkRequest,
  HoverRequest,
  type DocumentLink,
  type Hover,
  type MarkupContent,
  ExecuteCommandRequest,
  WorkDoneProgress,
  CancellationTokenSource,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type TextDocumentEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
  type WorkDoneProgressEnd,
} from 'vscode-languageserver-protocol/node';
import { defaultLintOptions, lintText, LineIndex, ruleDocUrl } from '../../server/src/core/index.js';
import { applyTextEdits, fileUri, TestClient, VSCODE_LIKE_CAPABILITIES } from './client.js';

const URL_UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const URL_LOWER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';
const B64_UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/' + Buffer.from('https://CDN.Example.com/a.jpg').toString('base64url');

function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-lsp-')));
  writeFiles(root, files);
  return root;
}

function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
}

/** The engine's own ranges for `text`: what every adapter must show byte-identically. */
function engineRanges(text: string): { rule: string; range: Diagnostic['range'] }[] {
  const index = new LineIndex(text);
  return lintText(text, defaultLintOptions()).map((f) => ({ rule: f.rule, range: index.range(f.start, f.end) }));
}

function textIn(text: string, range: Diagnostic['range']): string {
  const lines = text.split('\n');
  assert.equal(range.start.line, range.end.line, 'single-line range');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

describe('language server over stdio', () => {
  test('advertises exactly the pinned capabilities', async () => {
    const { client, result } = await TestClient.start();
    try {
      assert.deepEqual(result.capabilities, {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: 2, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll', 'source.fixAll.imgproxyUrlLint'], resolveProvider: false },
        executeCommandProvider: {
          commands: ['imgproxyUrlLint.scanWorkspace', 'imgproxyUrlLint.clearScanResults', 'imgproxyUrlLint.fixAll', 'imgproxyUrlLint.probeHosts', 'imgproxyUrlLint.explainProxyLog'],
        },
        hoverProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      });
      assert.equal(result.serverInfo?.name, 'imgproxy-url-lint');
      // A client that registers the commands itself (the VS Code client) gets none advertised.
      const second = await TestClient.start({ initializationOptions: { clientHandlesCommands: true } });
      assert.deepEqual(second.result.capabilities.executeCommandProvider, { commands: [] });
      await second.client.stop();
    } finally {
      await client.stop();
    }
  });

  describe('diagnostics', () => {
    let client: TestClient;
    let root: string;
    before(async () => {
      root = tempDir();
      ({ client } = await TestClient.start({ workspace: root }));
    });
    after(async () => {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    });

    test('didOpen: host-uppercase with source, code, href, fix data and version', async () => {
      const uri = fileUri(join(root, 'a.ts'));
      const text = `const img = "${URL_UPPER}";\n`;
      const published = await client.open(uri, text, 'typescript');
      assert.equal(published.version, 1);
      const d = published.diagnostics.find((x) => x.code === 'host-uppercase');
      assert.ok(d, `host-uppercase expected, got ${JSON.stringify(published.diagnostics)}`);
      assert.equal(d.source, 'imgproxy-url-lint');
      assert.equal(d.severity, DiagnosticSeverity.Warning);
      assert.deepEqual(d.codeDescription, { href: ruleDocUrl('host-uppercase') });
      assert.equal(textIn(text, d.range), 'CDN.Example.com');
      assert.deepEqual(published.diagnostics.map((x) => ({ rule: x.code, range: x.range })), engineRanges(text));
      const data = d.data as { version: number; fix: { range: Diagnostic['range']; newText: string } };
      assert.equal(data.version, 1);
      assert.equal(applyTextEdits(text, [data.fix]), `const img = "${URL_LOWER}";\n`);
      assert.equal(d.relatedInformation, undefined, 'a plain source needs no decoded-source note');
    });

    test('typing (ranged changes, each URL read once per document): every version shows the engine\'s findings and fixes for its whole text', async () => {
      const uri = fileUri(join(root, 'typed.ts'));
      let text = `const a = "${URL_UPPER}";\nconst b = "${B64_UPPER}"; const c = "${URL_UPPER}";\n`;
      const shown = (diagnostics: Diagnostic[]) => diagnostics.map((d) => ({ rule: d.code, range: d.range, fix: (d.data as { fix: unknown }).fix }));
      const engine = (t: string) => {
        const index = new LineIndex(t);
        return lintText(t, defaultLintOptions()).map((f) => ({ rule: f.rule, range: index.range(f.start, f.end), fix: f.fix && { range: index.range(f.fix.start, f.fix.end), newText: f.fix.newText } }));
      };
      assert.deepEqual(shown((await client.open(uri, text, 'typescript')).diagnostics), engine(text));
      const at = (needle: string, nth = 0) => {
        let offset = -1;
        for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
        const index = new LineIndex(text);
        return { offset, position: index.positionAt(offset) };
      };
      const edits: [string, number, number, string][] = [
        ['CDN', 0, 1, 'c'], // the first URL's host, one character lowercased
        ['const c', 0, 0, '\n'], // a line break: the third URL moves to another line
        ['const b', 0, 0, `const d = "${URL_UPPER}";\n`], // a pasted URL, the same as another one
        ['plain/', 1, 1, ''], // a character of the second plain URL deleted
        ['CDN', 1, 3, 'cdn'],
      ];
      for (const [needle, nth, remove, insert] of edits) {
        const { offset, position } = at(needle, nth);
        const end = new LineIndex(text).positionAt(offset + remove);
        const next = client.nextDiagnostics(uri, client.version(uri) + 1);
        await client.edit(uri, { start: position, end }, insert);
        text = text.slice(0, offset) + insert + text.slice(offset + remove);
        assert.deepEqual(shown((await next).diagnostics), engine(text), `after ${JSON.stringify([needle, nth, remove, insert])}`);
      }
      await client.close(uri);
    });

    test('an emoji before the URL: UTF-16 columns', async () => {
      const uri = fileUri(join(root, 'emoji.md'));
      const text = `# 😀🎉 pictures\n\n![cat 🐱](${URL_UPPER})\n`;
      const published = await client.open(uri, text, 'markdown');
      const d = published.diagnostics.find((x) => x.code === 'host-uppercase');
      assert.ok(d);
      assert.equal(d.range.start.line, 2);
      assert.equal(d.range.start.character, text.split('\n')[2].indexOf('CDN.Example.com'));
      assert.equal(textIn(text, d.range), 'CDN.Example.com');
      assert.deepEqual(published.diagnostics.map((x) => ({ rule: x.code, range: x.range })), engineRanges(text));
    });

    test('a CRLF file: lines and columns as the editor counts them', async () => {
      const uri = fileUri(join(root, 'crlf.html'));
      const text = `<html>\r\n<body>\r\n  <img src="${URL_UPPER}">\r\n</body>\r\n`;
      const published = await client.open(uri, text, 'html');
      const d = published.diagnostics.find((x) => x.code === 'host-uppercase');
      assert.ok(d);
      assert.equal(d.range.start.line, 2);
      assert.equal(textIn(text, d.range), 'CDN.Example.com');
      const data = d.data as { fix: { range: Diagnostic['range']; newText: string } };
      assert.equal(applyTextEdits(text, [data.fix]), text.replace('CDN.Example.com', 'cdn.example.com'));
    });

    test('a base64 source: related information shows the decoded URL', async () => {
      const uri = fileUri(join(root, 'b64.txt'));
      const published = await client.open(uri, `see ${B64_UPPER}\n`);
      const d = published.diagnostics.find((x) => x.code === 'host-uppercase');
      assert.ok(d);
      assert.ok(d.relatedInformation?.some((r) => r.message.includes('https://CDN.Example.com/a.jpg') && r.location.uri === uri), JSON.stringify(d.relatedInformation));
    });

    test('didChange: re-linted, debounced, never published for a stale version', async () => {
      const uri = fileUri(join(root, 'typing.ts'));
      await client.open(uri, 'let a = 1;\n', 'typescript');
      // Several quick changes: only the last version is published.
      const before = client.publications.length;
      let version = 0;
      for (let i = 0; i < 5; i++) version = await client.change(uri, `let a = "${i % 2 ? URL_LOWER : URL_UPPER}";\n`);
      const last = await client.nextDiagnostics(uri, version);
      assert.equal(last.diagnostics.filter((d) => d.code === 'host-uppercase').length, 1);
      await new Promise((r) => setTimeout(r, 400));
      const mine = client.publications.slice(before).filter((p) => p.uri === uri);
      assert.deepEqual(mine.map((p) => p.version), [version], 'one publication, for the newest version');
      // Fixing the text clears the diagnostic.
      const fixed = await client.change(uri, `let a = "${URL_LOWER}";\n`);
      assert.deepEqual((await client.nextDiagnostics(uri, fixed)).diagnostics, []);
    });

    test('didClose clears the diagnostics of a file the scan does not own', async () => {
      const uri = fileUri(join(root, 'closing.ts'));
      await client.open(uri, URL_UPPER);
      const next = client.nextDiagnostics(uri);
      await client.close(uri);
      assert.deepEqual((await next).diagnostics, []);
    });

    test('quick fix: preferred, versioned, and the text it makes lints clean', async () => {
      const uri = fileUri(join(root, 'fix.ts'));
      const text = `const a = "${URL_UPPER}";\n`;
      const published = await client.open(uri, text, 'typescript');
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: published.diagnostics[0].range,
        context: { diagnostics: published.diagnostics, only: ['quickfix'] },
      })) as CodeAction[];
      const quickFix = actions.find((a) => a.isPreferred);
      assert.ok(quickFix, JSON.stringify(actions));
      assert.equal(quickFix.kind, 'quickfix');
      const change = quickFix.edit!.documentChanges![0] as TextDocumentEdit;
      assert.deepEqual(change.textDocument, { uri, version: 1 });
      const after = applyTextEdits(text, change.edits as never);
      assert.equal(after, `const a = "${URL_LOWER}";\n`);
      assert.deepEqual(lintText(after, defaultLintOptions()), []);
      // No quick fix is offered for a diagnostic that does not match the current text.
      const v2 = await client.change(uri, `// moved\nconst a = "${URL_UPPER}";\n`);
      await client.nextDiagnostics(uri, v2);
      const stale = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: published.diagnostics[0].range,
        context: { diagnostics: published.diagnostics, only: ['quickfix'] },
      })) as CodeAction[];
      assert.equal(stale.filter((a) => a.isPreferred).length, 0);
    });

    test('fix all: source.fixAll.imgproxyUrlLint edits, applied, leave nothing fixable', async () => {
      const uri = fileUri(join(root, 'many.md'));
      const text = [
        `![a](${URL_UPPER})`,
        `🙂 ${B64_UPPER}`,
        'HTTPS://imgproxy.example.com/insecure/plain/HTTPS://Foo.COM./a.png',
        `again ${URL_UPPER} and ${URL_UPPER}`,
        '',
      ].join('\r\n');
      const published = await client.open(uri, text, 'markdown');
      assert.ok(published.diagnostics.length >= 5, JSON.stringify(published.diagnostics.map((d) => d.code)));
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.imgproxyUrlLint'] },
      })) as CodeAction[];
      assert.equal(actions.length, 1, JSON.stringify(actions));
      assert.equal(actions[0].kind, 'source.fixAll.imgproxyUrlLint');
      const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
      assert.equal(change.textDocument.version, 1);
      const after = applyTextEdits(text, change.edits as never);
      assert.deepEqual(lintText(after, defaultLintOptions()).filter((f) => f.fix), []);
      assert.ok(after.includes(URL_LOWER) && after.includes('\r\n'));
      // source.fixAll (what editor.codeActionsOnSave asks for) includes it too; refactor does not.
      const generic = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      })) as CodeAction[];
      assert.equal(generic.length, 1);
      const refactor = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['refactor'] },
      })) as CodeAction[];
      assert.deepEqual(refactor, []);
      // The fixAll command applies the same edit through workspace/applyEdit.
      const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.fixAll', arguments: [{ uri }] });
      assert.equal((result as { applied: boolean }).applied, true);
      const applied = client.appliedEdits.at(-1)!.edit.documentChanges![0] as TextDocumentEdit;
      assert.equal(applyTextEdits(text, applied.edits as never), after);
    });

    test('hover explains the imgproxy URL under the cursor; the source part links to the decoded source', async () => {
      const uri = fileUri(join(root, 'hover.md'));
      const text = `# 🖼️ pictures\n\n![a](${B64_UPPER}) and ![b](${URL_UPPER})\n`;
      await client.open(uri, text, 'markdown');
      const line = text.split('\n')[2];
      const hover = (await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri }, position: { line: 2, character: line.indexOf('rs:fit') },
      })) as Hover;
      const value = (hover.contents as MarkupContent).value;
      assert.equal((hover.contents as MarkupContent).kind, 'markdown');
      assert.match(value, /^\*\*imgproxy URL\*\*/);
      assert.ok(value.includes('CDN.Example.com'), value);
      assert.deepEqual(hover.range, { start: { line: 2, character: line.indexOf(B64_UPPER) }, end: { line: 2, character: line.indexOf(B64_UPPER) + B64_UPPER.length } });
      assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 3 } }), null);

      // A one-line 1 MB "bundle": the hover looks around the cursor, not at the whole file.
      const bundleUri = fileUri(join(root, 'bundle.min.js'));
      const padding = 'var a=1;'.repeat(65_536);
      const bundle = `${padding}"${URL_UPPER}"${padding}`;
      await client.open(bundleUri, bundle, 'javascript');
      const started = performance.now();
      const onBundle = (await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: bundleUri }, position: { line: 0, character: padding.length + 10 },
      })) as Hover;
      assert.deepEqual(onBundle.range, { start: { line: 0, character: padding.length + 1 }, end: { line: 0, character: padding.length + 1 + URL_UPPER.length } });
      assert.ok(performance.now() - started < 2000);

      const links = (await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } })) as DocumentLink[];
      assert.equal(links.length, 2, JSON.stringify(links));
      const encoded = Buffer.from('https://CDN.Example.com/a.jpg').toString('base64url');
      assert.equal(links[0].target, 'https://CDN.Example.com/a.jpg');
      assert.equal(line.slice(links[0].range.start.character, links[0].range.end.character), encoded);
      assert.equal(line.slice(links[1].range.start.character, links[1].range.end.character), 'https://CDN.Example.com/a.jpg');
    });

    test('hover over the other dialects names their steps, filters, options and parameters', async () => {
      const uri = fileUri(join(root, 'dialects.ts'));
      const urls = [
        'https://thumbor.example.com/unsafe/fit-in/300x200/smart/filters:quality(80):hue(290)/https://Media.Example.com/a.jpg',
        'http://localhost:8080/100x150,q75,r90/https://Media.Example.com/a.jpg',
        'https://img.example.com/display?url=https%3A%2F%2FMedia.Example.com%2Fa.jpg&w=100&h=100&op=resize',
      ];
      const text = urls.map((url, i) => `const u${i} = "${url}";`).join('\n') + '\n';
      await client.open(uri, text, 'typescript');
      const at = async (line: number) => {
        const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 20 } })) as Hover;
        return (hover.contents as MarkupContent).value;
      };
      const thumbor = await at(0);
      assert.match(thumbor, /^\*\*imagor or thumbor URL\*\*/);
      assert.ok(thumbor.includes('`fit-in` → fit-in: fits in the size box without cropping'), thumbor);
      assert.ok(thumbor.includes('`smart` → smart crop: detected focal points decide the crop'), thumbor);
      assert.ok(thumbor.includes('`hue` → hue rotation in degrees: 290 (imagor only)'), thumbor);
      const imageproxy = await at(1);
      assert.ok(imageproxy.includes('`100x150` → size: width 100 px, height 150 px, cropping as needed'), imageproxy);
      assert.ok(imageproxy.includes('`r90` → rotate 90° counter-clockwise'), imageproxy);
      const picfit = await at(2);
      assert.ok(picfit.includes('`op=resize` → operation: resize to w × h (0 keeps the ratio)'), picfit);
      assert.ok(picfit.includes('**`Media.Example.com`**'), picfit);
    });

    test('disable for this line / file: offered exactly when the engine honours the inline markers', async () => {
      const honoured = !lintText(`# imgproxy-url-lint-disable-next-line host-uppercase\nx = "${URL_UPPER}"\n`, defaultLintOptions(), 'a.py').some((f) => f.rule === 'host-uppercase');
      const uri = fileUri(join(root, 'suppress.py'));
      const text = `def hero():\n    return "${URL_UPPER}"\n`;
      const published = await client.open(uri, text, 'python');
      const request = async (u: string, diagnostics: Diagnostic[]) => (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: u }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] },
      })) as CodeAction[];
      const actions = await request(uri, published.diagnostics);
      const line = actions.find((a) => a.title === 'Disable host-uppercase for this line');
      const file = actions.find((a) => a.title === 'Disable host-uppercase for this file');
      if (!honoured) {
        // The engine does not read the markers (yet): a comment that changes nothing is not offered.
        assert.equal(line, undefined);
        assert.equal(file, undefined);
        return;
      }
      assert.ok(line && file, actions.map((a) => a.title).join('\n'));
      const afterLine = applyTextEdits(text, (line.edit!.documentChanges![0] as TextDocumentEdit).edits as never);
      assert.equal(afterLine, `def hero():\n    # imgproxy-url-lint-disable-next-line host-uppercase\n    return "${URL_UPPER}"\n`);
      assert.deepEqual(lintText(afterLine, defaultLintOptions(), 'a.py').filter((f) => f.rule === 'host-uppercase'), []);
      const afterFile = applyTextEdits(text, (file.edit!.documentChanges![0] as TextDocumentEdit).edits as never);
      assert.deepEqual(lintText(afterFile, defaultLintOptions(), 'a.py').filter((f) => f.rule === 'host-uppercase'), []);
      // JSON has no comments: nothing to offer.
      const jsonUri = fileUri(join(root, 'suppress.json'));
      const json = await client.open(jsonUri, `{ "hero": "${URL_UPPER}" }`, 'json');
      assert.ok(!(await request(jsonUri, json.diagnostics)).some((a) => a.title.startsWith('Disable')));
    });

    test('the quick-fix menu also offers fix-all and turning the rule off in the config file', async () => {
      const uri = fileUri(join(root, 'menu.ts'));
      const text = `a("${URL_UPPER}"); b("${URL_UPPER}");\n`;
      const published = await client.open(uri, text, 'typescript');
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri }, range: published.diagnostics[0].range,
        context: { diagnostics: [published.diagnostics[0]] },
      })) as CodeAction[];
      const titles = actions.map((a) => `${a.kind}: ${a.title}`);
      assert.ok(titles.some((t) => t.startsWith('quickfix: Fix host-uppercase') && /"CDN\.Example\.com" → "cdn\.example\.com"/.test(t)), titles.join('\n'));
      assert.ok(titles.includes('quickfix: Fix all imgproxy-url-lint problems in this file'), titles.join('\n'));
      assert.ok(titles.includes('source.fixAll.imgproxyUrlLint: Fix all imgproxy-url-lint problems in this file'), titles.join('\n'));
      const off = actions.find((a) => a.title === 'Turn off host-uppercase in .imgproxy-url-lint.json');
      assert.ok(off, titles.join('\n'));
      const [create, edit] = off.edit!.documentChanges! as [{ kind: string; uri: string }, TextDocumentEdit];
      assert.equal(create.kind, 'create');
      assert.equal(create.uri, fileUri(join(root, '.imgproxy-url-lint.json')));
      assert.deepEqual(JSON.parse(applyTextEdits('', edit.edits as never)), { rules: { 'host-uppercase': 'off' } });
    });
  });

  test('settings: the editor settings override the config file; a config change re-lints', async () => {
    const root = tempDir({ '.imgproxy-url-lint.json': '{ "rules": { "host-uppercase": "error" } }\n' });
    let editorRules: Record<string, string> | undefined;
    const { client } = await TestClient.start({ workspace: root, settings: () => (editorRules ? { rules: editorRules } : {}) });
    try {
      const uri = fileUri(join(root, 'src', 'a.ts'));
      const first = await client.open(uri, URL_UPPER);
      assert.equal(first.diagnostics[0]?.severity, DiagnosticSeverity.Error, 'from the config file');
      assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));

      // The config file changes on disk: the watcher's event re-lints.
      writeFileSync(join(root, '.imgproxy-url-lint.json'), '{ "rules": { "host-uppercase": "info" } }\n');
      let next = client.nextDiagnostics(uri);
      await client.watchedFilesChanged([{ uri: fileUri(join(root, '.imgproxy-url-lint.json')), type: 2 }]);
      assert.equal((await next).diagnostics[0]?.severity, DiagnosticSeverity.Information);

      // The editor setting wins over the file.
      editorRules = { 'host-uppercase': 'hint' };
      next = client.nextDiagnostics(uri);
      await client.configurationChanged();
      assert.equal((await next).diagnostics[0]?.severity, DiagnosticSeverity.Hint);

      editorRules = { 'host-uppercase': 'off' };
      next = client.nextDiagnostics(uri);
      await client.configurationChanged();
      assert.deepEqual((await next).diagnostics, []);

      // A broken config file: told once, no diagnostics, and the server carries on.
      editorRules = undefined;
      writeFileSync(join(root, '.imgproxy-url-lint.json'), '{ "rules": { "host-uppercase": ');
      next = client.nextDiagnostics(uri);
      await client.watchedFilesChanged([{ uri: fileUri(join(root, '.imgproxy-url-lint.json')), type: 2 }]);
      assert.deepEqual((await next).diagnostics, []);
      await client.waitFor('a message about the config', () => client.messages.find((m) => m.message.includes('.imgproxy-url-lint.json')));
      writeFileSync(join(root, '.imgproxy-url-lint.json'), '{}');
      next = client.nextDiagnostics(uri);
      await client.watchedFilesChanged([{ uri: fileUri(join(root, '.imgproxy-url-lint.json')), type: 2 }]);
      assert.equal((await next).diagnostics[0]?.severity, DiagnosticSeverity.Warning, 'back to the default');
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('settings pushed by didChangeConfiguration, for clients without workspace/configuration', async () => {
    const { configuration: _c, ...workspace } = VSCODE_LIKE_CAPABILITIES.workspace!;
    const { client } = await TestClient.start({ capabilities: { ...VSCODE_LIKE_CAPABILITIES, workspace } });
    try {
      const uri = 'untitled:Untitled-1';
      await client.open(uri, URL_UPPER);
      const next = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { imgproxyUrlLint: { rules: { 'host-uppercase': 'error' } } } });
      assert.equal((await next).diagnostics[0]?.severity, DiagnosticSeverity.Error);
    } finally {
      await client.stop();
    }
  });

  test('languages narrows validation, run: onSave waits for a save, status notifications report each validation', async () => {
    const root = tempDir();
    const statuses: { uri: string; state: string; problems: number; validationMs: number; detail?: string }[] = [];
    const { client } = await TestClient.start({
      workspace: root,
      initializationOptions: { statusNotifications: true },
      settings: () => ({ languages: ['markdown'], run: 'onSave' }),
    });
    client.connection.onNotification('imgproxyUrlLint/status', (params) => { statuses.push(params); client.notify(); });
    try {
      const ts = fileUri(join(root, 'a.ts'));
      assert.deepEqual((await client.open(ts, URL_UPPER, 'typescript')).diagnostics, []);
      const tsStatus = await client.waitFor('status of a.ts', () => statuses.find((s) => s.uri === ts));
      assert.equal(tsStatus.state, 'disabled');
      assert.match(tsStatus.detail ?? '', /typescript/);

      const md = fileUri(join(root, 'a.md'));
      assert.equal((await client.open(md, 'nothing yet\n', 'markdown')).diagnostics.length, 0);
      const v2 = await client.change(md, `![x](${URL_UPPER})\n`);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(client.publications.some((p) => p.uri === md && p.version === v2), false, 'onSave: not validated while typing');
      const saved = client.nextDiagnostics(md, v2);
      await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: md } });
      assert.equal((await saved).diagnostics.length, 1);
      const mdStatus = await client.waitFor('status of a.md', () => statuses.find((s) => s.uri === md && s.problems === 1));
      assert.equal(mdStatus.state, 'ok');
      assert.equal(typeof mdStatus.validationMs, 'number');
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('an untrusted workspace ignores the config file\'s probe and signing settings', async () => {
    const root = tempDir({
      '.imgproxy-url-lint.json': '{ "signing": { "envFile": "missing.env" }, "rules": { "host-uppercase": "error" } }',
    });
    const { client } = await TestClient.start({ workspace: root, initializationOptions: { workspaceTrusted: false } });
    try {
      // Trusted, the missing env file would be a config error and no diagnostics at all.
      const published = await client.open(fileUri(join(root, 'a.txt')), URL_UPPER);
      assert.equal(published.diagnostics[0]?.severity, DiagnosticSeverity.Error, JSON.stringify(client.messages));
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('workspace scan', () => {
    test('progress, diagnostics for files not open, .gitignore and excludes honoured, summary, clear', async () => {
      const root = tempDir({
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.gitignore': 'ignored/\n',
        'src/a.ts': `export const a = "${URL_UPPER}";\n`,
        'docs/b.md': `![b](${B64_UPPER})\n`,
        'src/clean.ts': `export const c = "${URL_LOWER}";\n`,
        'ignored/c.ts': URL_UPPER,
        'node_modules/x/index.js': URL_UPPER,
        'vendor/d.js': URL_UPPER,
        'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, ...Buffer.from(URL_UPPER)]),
      });
      const { client } = await TestClient.start({ workspace: root });
      try {
        const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
        client.connection.onProgress(WorkDoneProgress.type, 'scan-1', (value) => { progress.push(value); });
        const summary = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
          command: 'imgproxyUrlLint.scanWorkspace',
          arguments: [{ exclude: ['vendor/**'] }],
          workDoneToken: 'scan-1',
        })) as Record<string, unknown>;
        assert.equal(summary.filesScanned, 4, JSON.stringify(summary));
        assert.equal(summary.filesWithFindings, 2);
        assert.deepEqual(summary.byRule, { 'host-uppercase': 2 });
        assert.deepEqual(summary.skipped, { binary: 1 });
        assert.equal(summary.cancelled, false);
        assert.equal(typeof summary.durationMs, 'number');

        await client.waitFor('$/progress end', () => progress.find((p) => p.kind === 'end'));
        assert.equal(progress[0].kind, 'begin');
        assert.equal((progress[0] as WorkDoneProgressBegin).cancellable, true);
        assert.ok(progress.some((p) => p.kind === 'report' && p.percentage === 100 && p.message === '5/5 files'), JSON.stringify(progress));

        const published = new Map(client.publications.map((p) => [p.uri, p.diagnostics]));
        assert.equal(published.get(fileUri(join(root, 'src/a.ts')))?.[0]?.code, 'host-uppercase');
        assert.equal(published.get(fileUri(join(root, 'docs/b.md')))?.[0]?.code, 'host-uppercase');
        for (const quiet of ['ignored/c.ts', 'node_modules/x/index.js', 'vendor/d.js', 'src/clean.ts']) {
          assert.equal(published.has(fileUri(join(root, quiet))), false, quiet);
        }

        // A file the scan owns keeps its diagnostics when opened and closed again.
        const aUri = fileUri(join(root, 'src/a.ts'));
        await client.open(aUri, readFileSync(join(root, 'src/a.ts'), 'utf8'), 'typescript');
        const onClose = client.nextDiagnostics(aUri);
        await client.close(aUri);
        assert.equal((await onClose).diagnostics.length, 1, 'closing a scanned file keeps its findings');

        // A second scan after a.ts was fixed on disk clears what the first one published for it.
        writeFileSync(join(root, 'src/a.ts'), `export const a = "${URL_LOWER}";\n`);
        const rescan = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace', arguments: [{ exclude: ['vendor/**'] }] })) as Record<string, unknown>;
        assert.equal(rescan.filesWithFindings, 1);
        await client.waitFor('a.ts cleared by the rescan', () => client.lastDiagnostics(aUri)?.diagnostics.length === 0);
        writeFileSync(join(root, 'src/a.ts'), `export const a = "${URL_UPPER}";\n`);
        await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace', arguments: [{ exclude: ['vendor/**'] }] });
        await client.waitFor('a.ts published again', () => client.lastDiagnostics(aUri)?.diagnostics.length === 1);

        const cleared = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.clearScanResults' });
        assert.deepEqual(cleared, { cleared: 2 });
        await client.waitFor('cleared diagnostics', () => client.lastDiagnostics(aUri)?.diagnostics.length === 0 &&
          client.lastDiagnostics(fileUri(join(root, 'docs/b.md')))?.diagnostics.length === 0);
      } finally {
        await client.stop();
        rmSync(root, { recursive: true, force: true });
      }
    });

    test('cancellation stops the scan and returns a partial summary', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.txt`] = `x ${URL_UPPER}\n`.repeat(20);
      const root = tempDir(files);
      const { client } = await TestClient.start({ workspace: root });
      try {
        const source = new CancellationTokenSource();
        const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
        client.connection.onProgress(WorkDoneProgress.type, 'scan-2', (value) => {
          progress.push(value);
          if (value.kind === 'report' && (value.percentage ?? 0) > 0) source.cancel();
        });
        const summary = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
          command: 'imgproxyUrlLint.scanWorkspace', workDoneToken: 'scan-2',
        }, source.token)) as { cancelled: boolean; filesScanned: number };
        assert.equal(summary.cancelled, true);
        assert.ok(summary.filesScanned > 0 && summary.filesScanned < 3000, `scanned ${summary.filesScanned}`);
        await client.waitFor('$/progress end', () => progress.find((p) => p.kind === 'end'));
        // Still serving.
        const uri = fileUri(join(root, 'open.ts'));
        assert.equal((await client.open(uri, URL_UPPER)).diagnostics.length, 1);
      } finally {
        await client.stop();
        rmSync(root, { recursive: true, force: true });
      }
    });

    test('server-initiated progress when the client sends no token; its cancel stops the scan', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 2000; i++) files[`f${i}.txt`] = `x ${URL_UPPER}\n`.repeat(20);
      const root = tempDir(files);
      const { client } = await TestClient.start({ workspace: root });
      try {
        const pending = client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' });
        const token = await client.waitFor('window/workDoneProgress/create', () => client.progressTokens[0]);
        client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
          if (value.kind === 'report') void client.connection.sendNotification('window/workDoneProgress/cancel', { token });
        });
        const summary = (await pending) as { cancelled: boolean };
        assert.equal(summary.cancelled, true);
      } finally {
        await client.stop();
        rmSync(root, { recursive: true, force: true });
      }
    });
  });

  test('survives malformed requests and bad input', async () => {
    const { client } = await TestClient.start();
    try {
      // Params of the wrong shape: an error response, not a crash.
      assert.equal(await client.connection.sendRequest('textDocument/codeAction', { nonsense: true }), null);
      await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.fixAll', arguments: [42] }), /fixAll takes/);
      await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'nope' }), /unknown command/);
      await assert.rejects(client.connection.sendRequest('no/suchMethod', {}) as Promise<unknown>, /Unhandled method/);
      // Garbage on the wire: a frame whose body is not JSON.
      const body = '{"jsonrpc":"2.0","id":99,"method":';
      client.process.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      // A document with lone surrogates, NULs and a 200 KB line.
      const uri = 'untitled:weird';
      const weird = `\uD800 \u0000 ${'a'.repeat(200_000)} ${URL_UPPER} \uDFFF`;
      const published = await client.open(uri, weird);
      assert.equal(published.diagnostics.filter((d) => d.code === 'host-uppercase').length, 1);
      assert.equal(client.process.exitCode, null, 'still running');
    } finally {
      await client.stop();
    }
  });
});
