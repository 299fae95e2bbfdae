// The language server never shows the signing key, salt or encryption key: not in diagnostics (message,
// related information, data), hover, code actions, applied edits, scan results, log or show messages,
// stderr, or anything else it sends, with verbose tracing on, and with bad signing values too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CodeActionRequest, ExecuteCommandRequest, HoverRequest, DocumentLinkRequest, type Message } from 'vscode-languageserver-protocol/node';
import { fileUri, TestClient } from './client.js';
import { assertNoSecret, ENC_HEX, KEY_HEX, SALT_HEX, SECRET_FILES } from '../robustness/secrets-fixture.js';

function tempDir(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-secrets-')));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** Starts a server on `root` recording every message it sends, runs every feature over every file, returns all output. */
async function everythingTheServerSays(root: string, files: string[]): Promise<string> {
  const { client } = await TestClient.start({ workspace: root });
  const wire: string[] = [];
  // Every message from the server, whatever its method (the client helper only records some).
  (client.connection as unknown as { onUnhandledNotification: (h: (m: Message) => void) => void }).onUnhandledNotification((m) => wire.push(JSON.stringify(m)));
  client.connection.trace(2 /* Verbose */, { log: (m: string, d?: string) => wire.push(m, d ?? '') });
  try {
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
    for (const rel of files) {
      const uri = fileUri(join(root, rel));
      const published = await client.open(uri, readFileSync(join(root, rel), 'utf8'));
      wire.push(JSON.stringify(published));
      for (const d of published.diagnostics) {
        wire.push(JSON.stringify(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: d.range.start })));
        wire.push(JSON.stringify(await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })));
      }
      wire.push(JSON.stringify(await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }).catch((e: Error) => e.message)));
      wire.push(JSON.stringify(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.fixAll', arguments: [uri] }).catch((e: Error) => e.message)));
    }
    wire.push(JSON.stringify(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' }).catch((e: Error) => e.message)));
    wire.push(JSON.stringify(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.probeHosts' }).catch((e: Error) => e.message)));
    await new Promise((r) => setTimeout(r, 300));
    wire.push(JSON.stringify(client.publications), JSON.stringify(client.appliedEdits), JSON.stringify(client.messages), client.logs.join('\n'));
  } finally {
    await client.stop();
  }
  wire.push(client.stderr);
  return wire.join('\n');
}

test('LSP: diagnostics, hover, code actions, fix-all, scan, logs and traces never carry the secrets', async () => {
  const root = tempDir({
    ...SECRET_FILES,
    '.imgproxy-url-lint.json': '{ "signing": { "envFile": "imgproxy.env" } }',
    'imgproxy.env': `IMGPROXY_KEY=${KEY_HEX}\nIMGPROXY_SALT=${SALT_HEX}\nIMGPROXY_SOURCE_URL_ENCRYPTION_KEY=${ENC_HEX}\n`,
  });
  try {
    const output = await everythingTheServerSays(root, Object.keys(SECRET_FILES));
    assert.match(output, /signature-mismatch/, 'the key was in use');
    assert.match(output, /Received notification 'textDocument\/publishDiagnostics'/, 'the wire trace is recorded');
    assertNoSecret(output, 'language server');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('LSP: bad signing values in the env file are reported without echoing them', async () => {
  for (const envText of [`IMGPROXY_KEY=${KEY_HEX}a\nIMGPROXY_SALT=${SALT_HEX}\n`, `IMGPROXY_KEY=${KEY_HEX},${KEY_HEX}\nIMGPROXY_SALT=${SALT_HEX}\n`, `IMGPROXY_SOURCE_URL_ENCRYPTION_KEY=${ENC_HEX.slice(2)}\n`]) {
    const root = tempDir({ ...SECRET_FILES, '.imgproxy-url-lint.json': '{ "signing": { "envFile": "imgproxy.env" } }', 'imgproxy.env': envText });
    try {
      const output = await everythingTheServerSays(root, ['src/valid.ts']);
      assertNoSecret(output, `language server, env ${envText.slice(0, 20)}`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});
