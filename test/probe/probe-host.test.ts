// probeHost against real TLS servers on 127.0.0.1, one for each way a server can answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeHost, type ProbeHostOptions } from '../../server/src/probe/probe-host.js';
import { useProbeFixture } from './helpers/fixture.js';
import { closedPort, fixedLookup, httpServer, plainTlsServer, silentServer, sniRouter, tlsServer, waitFor } from './helpers/servers.js';

const fixture = useProbeFixture();
const { start } = fixture;

/** Every probe here: the real name, pointed at loopback by an injected lookup. */
const opts = (extra: Partial<ProbeHostOptions> = {}): ProbeHostOptions => ({
  lookup: fixedLookup('127.0.0.1'),
  allowPrivateAddresses: true,
  ca: fixture.pki.ca,
  timeout: 3000,
  ...extra,
});

test('exact-match SNICallback without a default certificate: alert 40 as written, ok lowercased', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const r = await probeHost('Ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'sni-case-sensitive');
  assert.equal(r.caseRelated, true);
  assert.equal(r.address, '127.0.0.1');
  assert.equal(r.asWritten.outcome, 'tls-alert');
  assert.deepEqual(r.asWritten.alert, { number: 40, name: 'handshake_failure' });
  assert.equal(r.asWritten.errorCode, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
  assert.equal(r.asWritten.tcpConnected, true);
  assert.equal(r.asWritten.handshake, false);
  assert.equal(r.asWritten.certificate, undefined, 'no certificate was ever sent');
  assert.equal(r.lowercased?.outcome, 'ok');
  assert.equal(r.lowercased?.certificate?.subjectCN, 'ebtekarstore.ir');
  assert.deepEqual(server.sniSeen, ['Ebtekarstore.ir', 'ebtekarstore.ir'], 'SNI sent exactly as written, then ASCII-lowercased');
});

test('byte-exact SNI router in front of strict-sni: alert 112 as written', async () => {
  const backend = await start(plainTlsServer(fixture.pki.good));
  const router = await start(sniRouter({ names: ['ebtekarstore.ir'], backendPort: backend.port, alert: 112 }));
  const r = await probeHost('Ebtekarstore.ir', router.port, opts());
  assert.equal(r.verdict, 'sni-case-sensitive');
  assert.deepEqual(r.asWritten.alert, { number: 112, name: 'unrecognized_name' });
  assert.equal(r.asWritten.errorCode, 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME');
  assert.equal(r.lowercased?.outcome, 'ok');
});

test('an unknown name rejected with 112 for both spellings is not case-related', async () => {
  const backend = await start(plainTlsServer(fixture.pki.good));
  const router = await start(sniRouter({ names: ['ebtekarstore.ir'], backendPort: backend.port, alert: 112 }));
  const r = await probeHost('Other.invalid', router.port, opts());
  assert.equal(r.verdict, 'tls-alert');
  assert.equal(r.caseRelated, false);
  assert.equal(r.lowercased?.alert?.number, 112);
});

test('case-insensitive server: ok for both spellings, same certificate', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good }, caseInsensitive: true }));
  const r = await probeHost('EBTEKARSTORE.IR', server.port, opts());
  assert.equal(r.verdict, 'ok');
  assert.equal(r.caseRelated, false);
  assert.equal(r.asWritten.outcome, 'ok');
  assert.deepEqual(r.asWritten.flags, []);
  assert.equal(r.asWritten.certificate?.fingerprint256, r.lowercased?.certificate?.fingerprint256);
  const c = r.asWritten.certificate!;
  assert.deepEqual(c.subjectAltNames, ['DNS:ebtekarstore.ir']);
  assert.match(c.issuer, /CN=Probe Test CA/);
  assert.ok(c.daysLeft >= 363 && c.daysLeft <= 365, String(c.daysLeft));
  assert.match(c.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(c.chainLength, 2);
  assert.match(r.asWritten.protocol ?? '', /^TLSv1\.[23]$/);
});

test('a lowercase host makes one handshake only', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const r = await probeHost('ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'ok');
  assert.equal(r.lowercased, undefined);
  assert.equal(server.connections, 1);
});

test('default certificate for the uppercase spelling: different certificates, name mismatch', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good }, fallback: fixture.pki.fallback }));
  const r = await probeHost('Ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'sni-case-sensitive-certificate');
  assert.equal(r.asWritten.outcome, 'name-mismatch');
  assert.equal(r.asWritten.certificate?.subjectCN, 'default.invalid');
  assert.equal(r.lowercased?.outcome, 'ok');
  assert.notEqual(r.asWritten.certificate?.fingerprint256, r.lowercased?.certificate?.fingerprint256);
});

test('expired certificate (and the name check ignores case, like Go and Node)', async () => {
  const server = await start(plainTlsServer(fixture.pki.expired));
  const r = await probeHost('Ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'expired');
  assert.deepEqual(r.asWritten.flags, ['expired']);
  assert.equal(r.asWritten.authorizationError, 'CERT_HAS_EXPIRED');
  assert.ok(r.asWritten.certificate!.daysLeft < -29);
});

test('not yet valid certificate', async () => {
  const server = await start(plainTlsServer(fixture.pki.notYetValid));
  const r = await probeHost('ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'not-yet-valid');
  assert.equal(r.asWritten.authorizationError, 'CERT_NOT_YET_VALID');
});

test('certificate expiring in five days is ok, with its days left', async () => {
  const server = await start(plainTlsServer(fixture.pki.expiringSoon));
  const r = await probeHost('ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'ok');
  assert.equal(r.asWritten.certificate?.daysLeft, 5);
});

test('self-signed certificate', async () => {
  const server = await start(plainTlsServer(fixture.pki.selfSigned));
  const r = await probeHost('ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'self-signed');
  assert.equal(r.asWritten.authorizationError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
  assert.equal(r.asWritten.certificate?.chainLength, 1);
});

test('chain to an untrusted CA; trusted once its CA is given', async () => {
  const server = await start(plainTlsServer(fixture.pki.untrusted));
  const r = await probeHost('ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'untrusted-chain');
  assert.equal(r.asWritten.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  const server2 = await start(plainTlsServer(fixture.pki.good));
  const withoutCa = await probeHost('ebtekarstore.ir', server2.port, opts({ ca: undefined }));
  assert.equal(withoutCa.verdict, 'untrusted-chain', 'the test CA is trusted only through the ca option');
});

test('certificate for another name', async () => {
  const server = await start(plainTlsServer(fixture.pki.wrongName));
  const r = await probeHost('Ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'name-mismatch');
  assert.match(r.asWritten.errorMessage ?? '', /Ebtekarstore\.ir.*DNS:other\.invalid/);
  assert.equal(r.caseRelated, false, 'same certificate for both spellings');
});

test('IP literal: no SNI, checked against IP SANs', async () => {
  const server = await start(plainTlsServer(fixture.pki.ipLiteral));
  const r = await probeHost('127.0.0.1', server.port, { allowPrivateAddresses: true, ca: fixture.pki.ca, timeout: 3000 });
  assert.equal(r.verdict, 'ok');
  assert.equal(r.asWritten.servername, null);
  assert.equal(r.lowercased, undefined);
  await waitFor(() => server.handshakes === 1);
  assert.deepEqual(server.sniSeen, [undefined]);
});

test('a listener that never answers costs one timeout, not a hang', { timeout: 5000 }, async () => {
  const server = await start(silentServer());
  const t0 = Date.now();
  const r = await probeHost('Ebtekarstore.ir', server.port, opts({ timeout: 300 }));
  const elapsed = Date.now() - t0;
  assert.equal(r.verdict, 'timeout');
  assert.equal(r.asWritten.timeoutPhase, 'tls-handshake');
  assert.equal(r.asWritten.tcpConnected, true);
  assert.equal(r.lowercased, undefined, 'the lowercase spelling is not tried after a timeout');
  assert.equal(server.connections, 1);
  assert.ok(elapsed >= 290 && elapsed < 1500, `took ${elapsed} ms`);
});

test('a closed port is refused', async () => {
  const port = await closedPort();
  const r = await probeHost('Ebtekarstore.ir', port, opts());
  assert.equal(r.verdict, 'refused');
  assert.equal(r.asWritten.errorCode, 'ECONNREFUSED');
  assert.equal(r.lowercased, undefined);
});

test('a plain HTTP port is not TLS', async () => {
  const server = await start(httpServer());
  const r = await probeHost('Ebtekarstore.ir', server.port, opts());
  assert.equal(r.verdict, 'not-tls');
  assert.equal(r.asWritten.errorCode, 'ERR_SSL_WRONG_VERSION_NUMBER');
  assert.equal(r.lowercased, undefined);
});

test('a DNS failure dials nothing', async () => {
  const lookup = (_h: string, _o: { all: true }, cb: (err: NodeJS.ErrnoException | null, a: never[]) => void): void =>
    cb(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' }), []);
  const r = await probeHost('Nowhere.invalid', 443, opts({ lookup }));
  assert.equal(r.verdict, 'dns-failure');
  assert.equal(r.asWritten.errorCode, 'ENOTFOUND');
  assert.equal(r.address, undefined);
});

test('connect-to points a real name at a test server; SNI and the name check keep the real name', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const r = await probeHost('Ebtekarstore.ir', 443, {
    connectTo: [`ebtekarstore.ir:443:127.0.0.1:${server.port}`],
    allowPrivateAddresses: true,
    ca: fixture.pki.ca,
    timeout: 3000,
  });
  assert.equal(r.verdict, 'sni-case-sensitive');
  assert.equal(r.port, 443);
  assert.equal(r.dialledPort, server.port);
  assert.equal(r.lowercased?.outcome, 'ok', 'name check against ebtekarstore.ir passed');
  assert.deepEqual(server.sniSeen, ['Ebtekarstore.ir', 'ebtekarstore.ir']);
});

test('never writes application data: the server receives no byte after the handshake', async () => {
  const server = await start(plainTlsServer(fixture.pki.good));
  for (let i = 0; i < 3; i++) await probeHost('Ebtekarstore.ir', server.port, opts());
  await waitFor(() => server.handshakes === 6); // 3 probes x 2 spellings
  await new Promise((r) => setTimeout(r, 100)); // let the server read whatever might still be in flight
  assert.equal(server.applicationBytes, 0);
});

test('aborting stops a probe at once', { timeout: 5000 }, async () => {
  const server = await start(silentServer());
  const controller = new AbortController();
  const t0 = Date.now();
  const pending = probeHost('ebtekarstore.ir', server.port, opts({ timeout: 5000, signal: controller.signal }));
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, { name: 'AbortError' });
  assert.ok(Date.now() - t0 < 1000);
});

test('a server that closes without an alert for the uppercase spelling: confirmed, then sni-case-sensitive', async () => {
  const backend = await start(plainTlsServer(fixture.pki.good));
  const router = await start(sniRouter({ names: ['ebtekarstore.ir'], backendPort: backend.port, alert: 'close' }));
  const r = await probeHost('Ebtekarstore.ir', router.port, opts());
  assert.equal(r.verdict, 'sni-case-sensitive');
  assert.equal(r.asWritten.outcome, 'reset');
  assert.equal(r.lowercased?.outcome, 'ok');
  assert.deepEqual(router.sniSeen, ['Ebtekarstore.ir', 'ebtekarstore.ir', 'Ebtekarstore.ir'], 'the reset was confirmed once');
});

test('a lookup answering the single-address shape (address, family) is understood', async () => {
  const server = await start(plainTlsServer(fixture.pki.good));
  const lookup = ((_h: string, _o: unknown, cb: (err: null, address: string, family: number) => void) => cb(null, '127.0.0.1', 4)) as unknown as ProbeHostOptions['lookup'];
  const r = await probeHost('ebtekarstore.ir', server.port, opts({ lookup }));
  assert.equal(r.verdict, 'ok');
  assert.equal(r.address, '127.0.0.1');
});

test('invalid input gives an outcome, not an exception', async () => {
  const r = await probeHost('ebtekarstore.ir', 70000, opts());
  assert.equal(r.verdict, 'tls-error');
  assert.equal(r.asWritten.errorCode, 'ERR_SOCKET_BAD_PORT');
});
