// The workspace scan with the scan cache in the client's storage folder (initializationOptions.storagePath):
// a second scan does not read files that were clean and are unchanged, still reads files with findings,
// and reads a clean file again once its size or mtime changes. Real server over stdio, real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { fileUri, TestClient } from './client.js';

const URL_UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const URL_LOWER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';

test('workspace scan: the cache in the storage folder skips unchanged clean files, never files with findings', async () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-scan-cache-')));
  const storage = join(root, '.storage');
  const files: Record<string, string> = { 'src/a.ts': `export const a = "${URL_UPPER}";\n` };
  for (let i = 0; i < 20; i++) files[`src/clean${i}.ts`] = `export const c = "${URL_LOWER}";\n`;
  const old = new Date(Date.now() - 60_000);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
    utimesSync(join(root, rel), old, old); // not "just written": size and mtime are proof enough
  }
  const { client } = await TestClient.start({ workspace: root, initializationOptions: { storagePath: storage } });
  const scan = async () => (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace', arguments: [{ exclude: ['.storage/**'] }] })) as Record<string, unknown>;
  try {
    const first = await scan();
    assert.equal(first.filesScanned, 21);
    assert.deepEqual(first.byRule, { 'host-uppercase': 1 });
    assert.ok(existsSync(join(storage, 'scan-cache')), 'the cache is written in the storage folder');
    assert.match(readFileSync(join(storage, 'scan-cache'), 'utf8'), /^imgproxy-url-lint cache 2 /);

    // clean3.ts gets a finding with the same size and the old mtime: a cached scan does not read it.
    writeFileSync(join(root, 'src/clean3.ts'), files['src/clean3.ts'].replace('cdn.example.com', 'CDN.Example.com'));
    utimesSync(join(root, 'src/clean3.ts'), old, old);
    const second = await scan();
    assert.equal(second.filesScanned, 21);
    assert.deepEqual(second.byRule, { 'host-uppercase': 1 }, 'a.ts still read and reported; clean3.ts served from the cache');

    // A new mtime: read again, and its finding reported.
    const now = new Date();
    utimesSync(join(root, 'src/clean3.ts'), now, now);
    const third = await scan();
    assert.deepEqual(third.byRule, { 'host-uppercase': 2 });
    const published = client.publications.filter((p) => p.uri === fileUri(join(root, 'src/clean3.ts')));
    assert.equal(published.at(-1)?.diagnostics[0]?.code, 'host-uppercase');
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
