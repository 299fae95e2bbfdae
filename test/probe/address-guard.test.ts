// The SSRF guard: after resolution, non-public addresses are refused unless allowPrivateAddresses.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { privateAddressReason } from '../../server/src/probe/address-guard.js';
import { probeHost } from '../../server/src/probe/probe-host.js';
import { useProbeFixture } from './helpers/fixture.js';
import { fixedLookup, plainTlsServer, type TestServer } from './helpers/servers.js';

test('non-public addresses are named, public ones pass', () => {
  const blocked: Record<string, RegExp> = {
    '127.0.0.1': /loopback/,
    '127.255.1.2': /loopback/,
    '10.1.2.3': /RFC 1918/,
    '172.16.0.1': /RFC 1918/,
    '172.31.255.255': /RFC 1918/,
    '192.168.1.1': /RFC 1918/,
    '100.64.0.1': /carrier-grade NAT/,
    '100.127.255.255': /carrier-grade NAT/,
    '169.254.169.254': /link-local/,
    '0.0.0.0': /unspecified/,
    '::': /unspecified/,
    '::1': /loopback/,
    'fe80::1': /link-local/,
    'fe80::1%eth0': /link-local/,
    'fd12:3456::1': /unique local/,
    'fc00::1': /unique local/,
    '::ffff:127.0.0.1': /loopback \(IPv4-mapped 127\.0\.0\.1\)/,
    '::FFFF:7f00:1': /loopback \(IPv4-mapped 127\.0\.0\.1\)/,
    '::ffff:10.0.0.1': /RFC 1918/,
    '::127.0.0.1': /loopback \(IPv4-compatible/,
    '::ffff:169.254.169.254': /link-local/,
    '64:ff9b::7f00:1': /loopback \(NAT64/,
    '224.0.0.1': /multicast/,
    '255.255.255.255': /reserved or broadcast/,
  };
  for (const [address, reason] of Object.entries(blocked)) {
    assert.match(privateAddressReason(address) ?? 'null', reason, address);
  }
  for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450::1']) {
    assert.equal(privateAddressReason(address), null, address);
  }
});

const fixture = useProbeFixture();
let server: TestServer;
before(async () => {
  server = await fixture.start(plainTlsServer(fixture.pki.good));
});

test('a public-looking name that resolves to 127.0.0.1 is not dialled', async () => {
  const lookup = fixedLookup('127.0.0.1');
  const before = server.connections;
  const result = await probeHost('Ebtekarstore.ir', server.port, { lookup, ca: fixture.pki.ca, timeout: 2000 });
  assert.equal(result.verdict, 'blocked-private-address');
  assert.equal(result.address, '127.0.0.1');
  assert.match(result.asWritten.errorMessage ?? '', /127\.0\.0\.1 is loopback; not probed unless private addresses are allowed/);
  assert.equal(result.lowercased, undefined);
  assert.deepEqual(lookup.calls, ['Ebtekarstore.ir'], 'resolved once');
  assert.equal(server.connections, before, 'no connection was made');
});

test('the same probe with allowPrivateAddresses dials the resolved address once per spelling', async () => {
  const lookup = fixedLookup('127.0.0.1');
  const before = server.connections;
  const result = await probeHost('Ebtekarstore.ir', server.port, { lookup, ca: fixture.pki.ca, timeout: 2000, allowPrivateAddresses: true });
  assert.equal(result.verdict, 'ok');
  assert.deepEqual(lookup.calls, ['Ebtekarstore.ir'], 'resolved once for both attempts');
  assert.equal(server.connections, before + 2);
});

test('IP literals are guarded too, IPv4-mapped IPv6 unwrapped', async () => {
  const before = server.connections;
  for (const host of ['127.0.0.1', '::ffff:127.0.0.1', '[::ffff:127.0.0.1]', '::1', '::ffff:7f00:1']) {
    const result = await probeHost(host, server.port, { timeout: 2000 });
    assert.equal(result.verdict, 'blocked-private-address', host);
    assert.equal(result.asWritten.servername, null, `${host}: no SNI for IP literals`);
  }
  assert.equal(server.connections, before);
});

test('--connect-to targets are guarded as well', async () => {
  const before = server.connections;
  const result = await probeHost('ebtekarstore.ir', 443, { connectTo: [`ebtekarstore.ir:443:127.0.0.1:${server.port}`], timeout: 2000 });
  assert.equal(result.verdict, 'blocked-private-address');
  assert.equal(server.connections, before);
});
