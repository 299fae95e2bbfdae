// The live probe from the editor: the probeHosts command against a real TLS server on loopback that
// matches SNI case-sensitively. Never without the command, never without probe.enable, never untrusted.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecuteCommandRequest, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressReport, type WorkDoneProgressEnd } from 'vscode-languageserver-protocol/node';
import { makePki } from '../probe/helpers/pki.js';
import { tlsServer } from '../probe/helpers/servers.js';
import { fileUri, TestClient } from './client.js';

const pki = makePki();
after(() => pki.cleanup());

const URL_UPPER = `https://imgproxy.example.com/insecure/rs:fit:300:300/${Buffer.from('https://Ebtekarstore.ir/host/a.jpg').toString('base64url')}.jpg`;

test('probeHosts: tls-sni-case-sensitive on the URL, with evidence; dropped by an edit; only when enabled and trusted', async () => {
  const server = await tlsServer({ contexts: { 'ebtekarstore.ir': pki.good } });
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-lsp-probe-')));
  writeFileSync(join(root, 'ca.pem'), pki.ca);
  let probeSettings: Record<string, unknown> = {};
  const start = (trusted: boolean) => TestClient.start({
    workspace: root,
    env: { NODE_EXTRA_CA_CERTS: join(root, 'ca.pem') },
    initializationOptions: { workspaceTrusted: trusted, probeConnectTo: [`Ebtekarstore.ir:443:127.0.0.1:${server.port}`] },
    settings: () => ({ probe: probeSettings }),
  });
  const { client } = await start(true);
  try {
    const uri = fileUri(join(root, 'a.ts'));
    const text = `const hero = "${URL_UPPER}";\n`;
    const opened = await client.open(uri, text, 'typescript');
    assert.deepEqual(opened.diagnostics.map((d) => d.code), ['host-uppercase']);
    assert.equal(server.connections, 0, 'opening and validating never probes');

    // Off by default: the command says how to turn it on, and connects nowhere.
    const off = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.probeHosts', arguments: [{ uri }] })) as { available: boolean; message: string };
    assert.equal(off.available, false);
    assert.match(off.message, /imgproxyUrlLint\.probe\.enable/);
    assert.equal(server.connections, 0);

    probeSettings = { enable: true, allowPrivateAddresses: true, timeout: 5000 };
    await client.configurationChanged();
    await client.nextDiagnostics(uri);
    const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
    client.connection.onProgress(WorkDoneProgress.type, 'probe-1', (v) => { progress.push(v); });
    const published = client.nextDiagnostics(uri, 1);
    const summary = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.probeHosts', arguments: [{ uri }], workDoneToken: 'probe-1' })) as Record<string, unknown>;
    assert.equal(summary.available, true);
    assert.equal(summary.hosts, 1);
    assert.deepEqual(summary.byRule, { 'tls-sni-case-sensitive': 1 });
    const diagnostics = (await published).diagnostics;
    const probe = diagnostics.find((d) => d.code === 'tls-sni-case-sensitive');
    assert.ok(probe, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(probe.severity, 1);
    assert.match(probe.message as string, /alert 40/);
    assert.ok(probe.relatedInformation?.some((r) => r.message.startsWith('Probe of Ebtekarstore.ir:443')), JSON.stringify(probe.relatedInformation));
    assert.deepEqual(server.sniSeen.slice(0, 2), ['Ebtekarstore.ir', 'ebtekarstore.ir']);
    assert.equal(server.applicationBytes, 0);
    assert.ok(progress.some((p) => p.kind === 'begin') && progress.some((p) => p.kind === 'end'));

    // An edit makes the probe's offsets stale: its findings go until the next probe.
    const v2 = await client.change(uri, `// edited\n${text}`);
    assert.deepEqual((await client.nextDiagnostics(uri, v2)).diagnostics.map((d) => d.code), ['host-uppercase']);
  } finally {
    await client.stop();
  }

  // An untrusted workspace never probes, whatever the settings say.
  const untrusted = await start(false);
  try {
    const connections = server.connections;
    await untrusted.client.open(fileUri(join(root, 'b.ts')), URL_UPPER);
    await assert.rejects(untrusted.client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.probeHosts' }), /untrusted/);
    assert.equal(server.connections, connections);
  } finally {
    await untrusted.client.stop();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('probe.enable: open documents and scanned files are probed in the background, results join their diagnostics', async () => {
  const server = await tlsServer({ contexts: { 'ebtekarstore.ir': pki.good } });
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-lsp-autoprobe-')));
  writeFileSync(join(root, 'ca.pem'), pki.ca);
  writeFileSync(join(root, 'closed.ts'), `export const img = "${URL_UPPER}";\n`);
  const { client } = await TestClient.start({
    workspace: root,
    env: { NODE_EXTRA_CA_CERTS: join(root, 'ca.pem') },
    initializationOptions: { workspaceTrusted: true, probeConnectTo: [`Ebtekarstore.ir:443:127.0.0.1:${server.port}`] },
    settings: () => ({ probe: { enable: true, allowPrivateAddresses: true, timeout: 5000 } }),
  });
  try {
    const uri = fileUri(join(root, 'a.ts'));
    const withProbe = (p: { uri: string; diagnostics: { code?: unknown }[] }) => p.uri === uri && p.diagnostics.some((d) => d.code === 'tls-sni-case-sensitive');
    const opened = await client.open(uri, `const hero = "${URL_UPPER}";\n`, 'typescript');
    assert.deepEqual(opened.diagnostics.map((d) => d.code), ['host-uppercase'], 'static findings come first, at once');
    await client.waitFor('probe findings on the open document', () => client.publications.find(withProbe));
    assert.deepEqual(server.sniSeen.slice(0, 2), ['Ebtekarstore.ir', 'ebtekarstore.ir']);

    const closedUri = fileUri(join(root, 'closed.ts'));
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' });
    await client.waitFor('probe findings on the scanned file', () => client.publications.find((p) => p.uri === closedUri && p.diagnostics.some((d) => d.code === 'tls-sni-case-sensitive')));
    assert.equal(server.applicationBytes, 0);
  } finally {
    await client.stop();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
