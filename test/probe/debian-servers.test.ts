// Real TLS servers from Debian packages, configured to match the SNI case-sensitively (spec §2.3, §3.3),
// read by the probe exactly as the Node test servers are. Started and stopped here, in their own process
// group. Skipped only when the binary is missing locally; .ci/apt-packages.txt lists it, so CI has it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeHost, type ProbeHostOptions } from '../../server/src/probe/probe-host.js';
import { findBinary, freePort, haproxyConfig, listedForCi, nginxConfig, startServer, type RunningServer } from './helpers/debian.js';
import { makePki, type Pki } from './helpers/pki.js';
import { fixedLookup } from './helpers/servers.js';

let pki: Pki;
const running: RunningServer[] = [];
before(() => {
  pki = makePki();
});
after(async () => {
  for (const server of running) await server.stop();
  pki.cleanup();
});

const opts = (): ProbeHostOptions => ({ lookup: fixedLookup('127.0.0.1'), allowPrivateAddresses: true, ca: pki.ca, timeout: 5000 });

function skipUnlessInstalled(pkg: string, binary: string): string | false {
  assert.ok(listedForCi(pkg), `${pkg} must be listed in .ci/apt-packages.txt so CI installs it`);
  return findBinary(binary) === null ? `${binary} is not installed here (apt-get install ${pkg}); CI installs it from .ci/apt-packages.txt` : false;
}

const nginxSkip = skipUnlessInstalled('nginx', 'nginx');
test('nginx with ssl_certificate .../$ssl_server_name.crt: alert 80 for "Ebtekarstore.ir", ok lowercased', { skip: nginxSkip, timeout: 30_000 }, async () => {
  const dir = join(pki.dir, 'nginx');
  const certs = join(dir, 'certs');
  mkdirSync(certs, { recursive: true });
  copyFileSync(pki.good.certFile, join(certs, 'ebtekarstore.ir.crt'));
  copyFileSync(pki.good.keyFile, join(certs, 'ebtekarstore.ir.key'));
  const port = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, certs, port));
  const nginx = await startServer(findBinary('nginx')!, ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf')], port);
  running.push(nginx);

  const r = await probeHost('Ebtekarstore.ir', port, opts());
  assert.equal(r.verdict, 'sni-case-sensitive');
  assert.deepEqual(r.asWritten.alert, { number: 80, name: 'internal_error' });
  assert.equal(r.asWritten.errorCode, 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR');
  assert.equal(r.lowercased?.outcome, 'ok');
  assert.equal(r.lowercased?.certificate?.subjectCN, 'ebtekarstore.ir');
  // nginx's own log says why: it looked for a file named with the SNI exactly as sent.
  assert.match(readFileSync(join(dir, 'error.log'), 'utf8'), /cannot load certificate ".*\/Ebtekarstore\.ir\.crt"/);

  const lower = await probeHost('ebtekarstore.ir', port, opts());
  assert.equal(lower.verdict, 'ok');
  await nginx.stop();
});

const haproxySkip = skipUnlessInstalled('haproxy', 'haproxy');
test('haproxy routing on req.ssl_sni without -i to strict-sni: alert 112 for "Ebtekarstore.ir", ok lowercased', { skip: haproxySkip, timeout: 30_000 }, async () => {
  const dir = join(pki.dir, 'haproxy');
  mkdirSync(dir, { recursive: true });
  const pem = join(dir, 'ebtekarstore.ir.pem');
  const otherPem = join(dir, 'default.invalid.pem');
  writeFileSync(pem, pki.good.cert + pki.good.key);
  writeFileSync(otherPem, pki.fallback.cert + pki.fallback.key);
  const port = await freePort();
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig(dir, pem, otherPem, port));
  const haproxy = await startServer(findBinary('haproxy')!, ['-db', '-f', join(dir, 'haproxy.cfg')], port);
  running.push(haproxy);

  const r = await probeHost('Ebtekarstore.ir', port, opts());
  assert.equal(r.verdict, 'sni-case-sensitive');
  assert.deepEqual(r.asWritten.alert, { number: 112, name: 'unrecognized_name' });
  assert.equal(r.lowercased?.outcome, 'ok');

  const unknown = await probeHost('other.invalid', port, opts());
  assert.equal(unknown.verdict, 'tls-alert', 'an unknown name is rejected whatever its case: not case-related');
  assert.equal(unknown.caseRelated, false);
  await haproxy.stop();
});
