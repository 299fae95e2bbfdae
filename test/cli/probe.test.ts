// The CLI's --probe against a real TLS server on loopback that matches SNI case-sensitively
// (exact-match SNICallback, no default certificate: fatal alert 40 for "Ebtekarstore.ir").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { makePki } from '../probe/helpers/pki.js';
import { tlsServer } from '../probe/helpers/servers.js';
import { CLI, runCli, tree } from './helpers.js';

const pki = makePki();
after(() => pki.cleanup());

const URL_UPPER = `https://imgproxy.example.com/insecure/rs:fit:300:300/${Buffer.from('https://Ebtekarstore.ir/host/a.jpg').toString('base64url')}.jpg`;

/** Runs the CLI without blocking the event loop (the test's own TLS server must keep answering). */
function runCliAsync(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('--probe reports tls-sni-case-sensitive with the alert, and never runs without --probe', async () => {
  const server = await tlsServer({ contexts: { 'ebtekarstore.ir': pki.good } });
  try {
    const root = tree({ 'a.ts': `const hero = "${URL_UPPER}";\n` });
    writeFileSync(join(root, 'ca.pem'), pki.ca);
    const env = { NODE_EXTRA_CA_CERTS: join(root, 'ca.pem') };
    const withoutProbe = runCli(['--format', 'json'], root, env);
    assert.deepEqual(JSON.parse(withoutProbe.stdout).findings.map((f: { rule: string }) => f.rule), ['host-uppercase']);
    assert.equal(server.connections, 0, 'no connection without --probe');

    const { code, stdout, stderr } = await runCliAsync(['--format', 'json', '--probe', '--probe-allow-private', '--probe-timeout', '5000', '--probe-connect-to', `Ebtekarstore.ir:443:127.0.0.1:${server.port}`], root, env);
    assert.equal(code, 1, stderr);
    const findings = JSON.parse(stdout).findings;
    const probe = findings.find((f: { rule: string }) => f.rule === 'tls-sni-case-sensitive');
    assert.ok(probe, JSON.stringify(findings.map((f: { rule: string }) => f.rule)));
    assert.equal(probe.severity, 'error');
    assert.match(probe.message, /alert 40 \(handshake_failure\)/);
    assert.equal(probe.file, 'a.ts');
    assert.equal(probe.fix, null);
    assert.ok(probe.probe.asWritten && probe.probe.lowercased, 'both attempts are reported');
    assert.deepEqual(server.sniSeen.slice(0, 2), ['Ebtekarstore.ir', 'ebtekarstore.ir']);
    assert.equal(server.applicationBytes, 0);
  } finally {
    await server.close();
  }
});

test('--probe refuses a loopback address unless --probe-allow-private, and says so', async () => {
  const server = await tlsServer({ contexts: { 'ebtekarstore.ir': pki.good } });
  try {
    const root = tree({ 'a.ts': `"${URL_UPPER}"` });
    const { stdout } = await runCliAsync(['--format', 'json', '--probe', '--probe-connect-to', `Ebtekarstore.ir:443:127.0.0.1:${server.port}`], root, {});
    const unreachable = JSON.parse(stdout).findings.find((f: { rule: string }) => f.rule === 'tls-unreachable');
    assert.ok(unreachable);
    assert.match(unreachable.message, /loopback/);
    assert.equal(server.connections, 0);
  } finally {
    await server.close();
  }
});

test('a malformed --probe-connect-to is a usage error', () => {
  const { code, stderr } = runCli(['--probe', '--probe-connect-to', 'nonsense'], tree({}));
  assert.equal(code, 2);
  assert.match(stderr, /connect-to/i);
});
