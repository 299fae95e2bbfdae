// The language server on issue 11's cases: a bad discovered file never silences the workspace, and the
// config's overrides apply per document, as in the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { removeTempDir, tempTree } from '../helpers/tempDir.js';
import { fileUri, TestClient } from './client.js';

const UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const PRESETS = 'https://imgproxy.example.com/unsafe/thumbnail:blurry/plain/https://example.com/a.jpg';

const workspace = (files: Record<string, string>) => tempTree('iul-lsp-precision-', files);

test('a bad key in a discovered .env: a diagnostic on that file, a status warning, and every other document still validated', async () => {
  const root = workspace({ '.env': 'RAILS_ENV=production\nIMGPROXY_KEY=abc\nIMGPROXY_SALT=0102\n', '.env.sample': "IMGPROXY_KEY=$(xxd -g 2 -l 64 -p /dev/random | tr -d '\\n')\n" });
  const statuses: { uri: string; state: string; notices?: string[] }[] = [];
  const { client } = await TestClient.start({ workspace: root, initializationOptions: { statusNotifications: true } });
  client.connection.onNotification('imgproxyUrlLint/status', (params) => { statuses.push(params); client.notify(); });
  try {
    const ts = fileUri(join(root, 'src/a.ts'));
    const code = await client.open(ts, `const u = "${UPPER}";\n`, 'typescript');
    assert.deepEqual(code.diagnostics.map((d) => d.code), ['host-uppercase']);
    const status = await client.waitFor('status of a.ts', () => statuses.find((s) => s.uri === ts));
    assert.equal(status.state, 'ok');
    assert.equal(status.notices?.length, 1);
    assert.match(status.notices![0], /\.env:2: IMGPROXY_KEY .*key unknown/);
    const env = await client.open(fileUri(join(root, '.env')), 'RAILS_ENV=production\nIMGPROXY_KEY=abc\nIMGPROXY_SALT=0102\n', 'dotenv');
    assert.deepEqual(env.diagnostics.map((d) => [d.code, d.range.start.line]), [['signing-key-invalid', 1]]);
    const sample = await client.open(fileUri(join(root, '.env.sample')), "IMGPROXY_KEY=$(xxd -g 2 -l 64 -p /dev/random | tr -d '\\n')\n", 'dotenv');
    assert.deepEqual(sample.diagnostics, []);
  } finally {
    await client.stop();
    removeTempDir(root);
  }
});

test('overrides per glob apply to each document as in the CLI', async () => {
  const root = workspace({ '.imgproxy-url-lint.json': JSON.stringify({ overrides: [{ files: ['docs/**'], imgproxy: { onlyPresets: true } }] }) });
  const { client } = await TestClient.start({ workspace: root });
  try {
    const doc = await client.open(fileUri(join(root, 'docs/presets.md')), `See ${PRESETS}\n`, 'markdown');
    assert.deepEqual(doc.diagnostics, []);
    const other = await client.open(fileUri(join(root, 'notes.md')), `See ${PRESETS}\n`, 'markdown');
    assert.deepEqual(other.diagnostics.map((d) => d.code), ['option-unknown']);
  } finally {
    await client.stop();
    removeTempDir(root);
  }
});
