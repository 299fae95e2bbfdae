// imgproxyUrlLint.explainProxyLog over stdio with the real server bundle: a log given as text or as a
// file URI, explained against the workspace folder's code; the Markdown links each failing source to
// the lines that build it. Any LSP client can call it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol/node';
import { fileUri, TestClient } from './client.js';

const WORKSPACE = resolve('test/fixtures/logs/workspace');
const LOG = resolve('test/fixtures/logs/mixed.log');

interface Result { markdown: string; report: { version: number; failures: number; namedFailures: number; filesSearched: number; groups: { cause: { id: string }; host: string; sources: { source: string; locations: { file: string; range: { start: { line: number } }; match: string }[] }[] }[] } }

test('explainProxyLog: text or file, the same report as the CLI, code locations linked in the Markdown', async () => {
  const { client } = await TestClient.start({ workspace: WORKSPACE, initializationOptions: { workspaceTrusted: true } });
  try {
    const explain = (args: unknown) => client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.explainProxyLog', arguments: [args] }) as Promise<Result>;
    const fromText = await explain({ text: readFileSync(LOG, 'utf8') });
    const fromFile = await explain({ uri: fileUri(LOG) });
    assert.deepEqual(fromFile.report, fromText.report);
    assert.equal(fromText.report.version, 1);
    assert.equal(fromText.report.failures, 15);
    assert.equal(fromText.report.filesSearched, 7);
    const ebtekar = fromText.report.groups.find((g) => g.host === 'Ebtekarstore.ir')!;
    assert.equal(ebtekar.cause.id, 'tls-handshake');
    assert.deepEqual(ebtekar.sources[0].locations.map((l) => `${l.file}:${l.range.start.line + 1} ${l.match}`), ['src/products.jsx:7 exact', 'lib/paths.js:3 pattern']);
    // Markdown: a section per host, the rule's explanation, each location a link to file and line.
    const md = fromText.markdown;
    assert.match(md, /^# Proxy log explained\n/);
    assert.match(md, /## `Ebtekarstore\.ir`\n\n### TLS handshake failure — 1 request\n/);
    assert.ok(md.includes(`[src/products.jsx:7](${fileUri(resolve(WORKSPACE, 'src/products.jsx'))}#L7) — exact source`), md);
    assert.ok(md.includes(`[lib/paths.js:3](${fileUri(resolve(WORKSPACE, 'lib/paths.js'))}#L3) — same host and path pattern`));
    assert.match(md, /\*\*host-uppercase\*\* \(warning\): Source host "Ebtekarstore\.ir"/);
    assert.match(md, /\*\*Limits of these logs:\*\*\n\n- thumbor: each access line was paired/);
    assert.ok(!md.includes('SECRET123'), 'redacted by default');
    assert.ok((await explain({ text: readFileSync(LOG, 'utf8'), showUrls: true })).markdown.includes('SECRET123'));
    // Bad arguments are the client's mistake, said plainly.
    await assert.rejects(explain({}), /exactly one of text .* and uri/);
    await assert.rejects(explain({ uri: 'https://example.com/log' }), /uri must be a file: URI/);
    await assert.rejects(explain({ uri: fileUri(resolve(WORKSPACE, 'no-such.log')) }), /no-such\.log: cannot read the log/);
  } finally {
    await client.stop();
  }
});
