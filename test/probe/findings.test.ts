// probeSources: one probe per (host, port), verdicts become findings on every URL naming the host;
// and the human-readable report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLintOptions, extractSources, type SourceRef } from '../../server/src/core/index.js';
import { formatProbeReport, probeSources, probeTargets, Prober, runProbes, type ProberOptions } from '../../server/src/probe/index.js';
import { useProbeFixture } from './helpers/fixture.js';
import { closedPort, fixedLookup, plainTlsServer, tlsServer, type TestServer } from './helpers/servers.js';

const fixture = useProbeFixture();
const { start } = fixture;

/** Every host on port 443 is sent to the test server, as `--probe-connect-to ::127.0.0.1:PORT` would. */
const proberFor = (port: number, extra: ProberOptions = {}): Prober =>
  new Prober({ connectTo: [`:443:127.0.0.1:${port}`], allowPrivateAddresses: true, ca: fixture.pki.ca, timeout: 3000, ...extra });

const IMG = 'https://img.example.com/insecure/rs:fit:300';
const TEXT = [
  `a = "${IMG}/plain/https://Ebtekarstore.ir/host/Ebtekaar/2024/8/9944053727288.jpg"`,
  `b = "${IMG}/plain/https://Ebtekarstore.ir/other.png@webp"`,
  `c = "${IMG}/plain/https://ebtekarstore.ir/lower.png"`,
  `d = "${IMG}/plain/http://Ebtekarstore.ir/plain-http.png"`,
  `e = "${IMG}/plain/s3://Bucket/key.png"`,
  `f = "${IMG}/plain/https://Ebtekarstore.ir/third.png"`,
].join('\n');

test('one probe per distinct host and port; a finding on every URL with that host', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const sources = extractSources(TEXT, defaultLintOptions());
  assert.equal(sources.length, 6, 'the engine found every URL');
  const prober = proberFor(server.port);
  const findings = await probeSources(sources, prober, { rules: {} });
  assert.equal(server.connections, 3, 'Ebtekarstore.ir: two handshakes for three URLs; ebtekarstore.ir: one');
  assert.equal(prober.stats.probes, 2);

  const sensitive = findings.filter((f) => f.rule === 'tls-sni-case-sensitive');
  assert.equal(sensitive.length, 3);
  assert.equal(findings.length, 3, 'nothing for the lowercase host, http or s3 sources');
  const byUrl = new Map(sources.map((s) => [s.url, s]));
  for (const f of sensitive) {
    const ref = byUrl.get(f.url)!;
    assert.equal(f.severity, 'error');
    assert.equal(f.start, ref.start);
    assert.equal(f.end, ref.end);
    assert.equal(TEXT.slice(f.start, f.end), f.url);
    assert.equal(f.source, ref.source);
    assert.equal(f.host, 'Ebtekarstore.ir');
    assert.equal(f.fix, null);
    assert.equal(f.message,
      `The server for Ebtekarstore.ir (127.0.0.1:${server.port}) rejects the TLS handshake for SNI "Ebtekarstore.ir" with fatal alert 40 (handshake_failure) ` +
        `and accepts "ebtekarstore.ir"; imgproxy logs 'remote error: tls: handshake failure'. Lowercase the host.`);
    assert.equal(f.probe?.verdict, 'sni-case-sensitive');
    assert.equal(f.probe?.host, 'Ebtekarstore.ir');
    assert.equal(f.probe?.port, 443);
    assert.equal(f.probe?.asWritten.alert?.number, 40);
    assert.equal(f.probe?.lowercased?.outcome, 'ok');
  }
  // JSON output carries the evidence as it is.
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(findings)));
});

test('http sources only with includeHttp, probed over TLS on 443 with the https ones', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const sources = extractSources(TEXT, defaultLintOptions());
  assert.deepEqual(probeTargets(sources, true).map((t) => [t.host, t.port, t.sources.length]), [
    ['Ebtekarstore.ir', 443, 4],
    ['ebtekarstore.ir', 443, 1],
  ]);
  const findings = await probeSources(sources, proberFor(server.port), { includeHttp: true });
  assert.equal(findings.length, 4);
  assert.ok(findings.some((f) => f.source === 'http://Ebtekarstore.ir/plain-http.png'));
  assert.equal(server.connections, 3, 'no extra probe for the http source');
});

test('severity overrides: off drops the finding, anything else replaces the default', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const sources = extractSources(TEXT, defaultLintOptions());
  const prober = proberFor(server.port);
  assert.deepEqual(await probeSources(sources, prober, { rules: { 'tls-sni-case-sensitive': 'off' } }), []);
  const warned = await probeSources(sources, prober, { rules: { 'tls-sni-case-sensitive': 'warning' } });
  assert.deepEqual(new Set(warned.map((f) => f.severity)), new Set(['warning']));
});

function ref(host: string, port = ''): SourceRef {
  const source = `https://${host}${port ? `:${port}` : ''}/x.jpg`;
  const url = `${IMG}/plain/${source}`;
  return { url, start: 10, end: 10 + url.length, source, scheme: 'https', host, port };
}

async function findingsFor(server: TestServer | number, host = 'Ebtekarstore.ir', rules = {}) {
  const port = typeof server === 'number' ? server : server.port;
  return probeSources([ref(host)], proberFor(port), { rules });
}

test('certificate findings: expired is an error, expiring within 14 days a warning', async () => {
  const expired = await findingsFor(await start(plainTlsServer(fixture.pki.expired)));
  assert.deepEqual(expired.map((f) => [f.rule, f.severity]), [['tls-cert-expired', 'error']]);
  assert.match(expired[0].message, /^The certificate of Ebtekarstore\.ir \(127\.0\.0\.1:\d+\) expired on \d{4}-\d\d-\d\d \(\d+ days ago\): CN=ebtekarstore\.ir/);

  const soonServer = await start(plainTlsServer(fixture.pki.expiringSoon));
  const soon = await findingsFor(soonServer);
  assert.deepEqual(soon.map((f) => [f.rule, f.severity]), [['tls-cert-expired', 'warning']]);
  assert.match(soon[0].message, /expires on \d{4}-\d\d-\d\d, in 5 days/);
  const soonInfo = await findingsFor(soonServer, 'Ebtekarstore.ir', { 'tls-cert-expired': 'info' });
  assert.equal(soonInfo[0].severity, 'info', 'the cap never raises a lower setting');

  const notYet = await findingsFor(await start(plainTlsServer(fixture.pki.notYetValid)));
  assert.deepEqual(notYet.map((f) => f.rule), ['tls-cert-expired']);
  assert.match(notYet[0].message, /is not valid until/);
});

test('certificate findings: untrusted, self-signed, name mismatch', async () => {
  const self = await findingsFor(await start(plainTlsServer(fixture.pki.selfSigned)));
  assert.deepEqual(self.map((f) => [f.rule, f.severity]), [['tls-cert-untrusted', 'warning']]);
  assert.match(self[0].message, /is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);

  const rogue = await findingsFor(await start(plainTlsServer(fixture.pki.untrusted)));
  assert.deepEqual(rogue.map((f) => f.rule), ['tls-cert-untrusted']);
  assert.match(rogue[0].message, /does not chain to a trusted root \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);

  const wrong = await findingsFor(await start(plainTlsServer(fixture.pki.wrongName)));
  assert.deepEqual(wrong.map((f) => [f.rule, f.severity]), [['tls-cert-name-mismatch', 'warning']]);
  assert.match(wrong[0].message, /is not valid for this host: .*other\.invalid/);
});

test('a default certificate for the uppercase spelling: tls-sni-case-certificate plus the mismatch it causes', async () => {
  const findings = await findingsFor(await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good }, fallback: fixture.pki.fallback })));
  assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [
    ['tls-sni-case-certificate', 'warning'],
    ['tls-cert-name-mismatch', 'warning'],
  ]);
  assert.match(findings[0].message, /presents a different certificate for SNI "Ebtekarstore\.ir" \(CN=default\.invalid.*than for SNI "ebtekarstore\.ir" \(CN=ebtekarstore\.ir/);
});

test('a case-sensitive server with an expired certificate: both findings, the certificate read lowercased', async () => {
  const findings = await findingsFor(await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.expired } })));
  assert.deepEqual(findings.map((f) => f.rule), ['tls-sni-case-sensitive', 'tls-cert-expired']);
  assert.match(findings[1].message, /\(served for SNI "ebtekarstore\.ir"\) expired/);
});

test('unreachable hosts are info; a healthy server gives nothing', async () => {
  const refused = await findingsFor(await closedPort());
  assert.deepEqual(refused.map((f) => [f.rule, f.severity]), [['tls-unreachable', 'info']]);
  assert.match(refused[0].message, /could not complete a handshake with Ebtekarstore\.ir \(127\.0\.0\.1:\d+\) for SNI "Ebtekarstore\.ir": connection refused \(ECONNREFUSED\)/);

  const blocked = await probeSources([ref('Ebtekarstore.ir')], new Prober({ lookup: fixedLookup('127.0.0.1') }));
  assert.deepEqual(blocked.map((f) => [f.rule, f.severity]), [['tls-unreachable', 'info']]);
  assert.match(blocked[0].message, /did not contact Ebtekarstore\.ir \(127\.0\.0\.1:443\): 127\.0\.0\.1 is loopback/);

  const healthy = await findingsFor(await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good }, caseInsensitive: true })));
  assert.deepEqual(healthy, []);
});

test('the report names the verdict, both attempts, the alert and the certificate', async () => {
  const sensitive = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const { results } = await runProbes([ref('Ebtekarstore.ir')], proberFor(sensitive.port));
  const refusedPort = await closedPort();
  const { results: more } = await runProbes([ref('Down.example')], proberFor(refusedPort));
  const report = formatProbeReport([...results, ...more]);
  assert.match(report, new RegExp(`^Ebtekarstore\\.ir \\(127\\.0\\.0\\.1:${sensitive.port}\\): BROKEN for the host as written`, 'm'));
  assert.match(report, /^ {2}as written SNI "Ebtekarstore\.ir": fatal alert 40 \(handshake_failure\), \d+ ms$/m);
  assert.match(report, /^ {2}lowercased SNI "ebtekarstore\.ir": handshake completed, certificate valid, TLSv1\.[23] \S+, \d+ ms$/m);
  assert.match(report, /certificate: CN=ebtekarstore\.ir; SAN DNS:ebtekarstore\.ir; issuer CN=Probe Test CA; valid .* \d+ days left/);
  assert.match(report, /^Down\.example \(127\.0\.0\.1:\d+\): connection refused$/m);
  assert.match(report, /2 hosts probed, 1 with case-sensitive SNI handling\.\n$/);
  assert.equal(formatProbeReport([]), 'No https source hosts to probe.\n');
});

test('onResult reports each host as its probe finishes', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const seen: Array<[string, number]> = [];
  const { findings } = await runProbes(extractSources(TEXT, defaultLintOptions()), proberFor(server.port), {
    onResult: (result, hostFindings) => seen.push([result.host, hostFindings.length]),
  });
  assert.deepEqual(seen.sort(), [['Ebtekarstore.ir', 3], ['ebtekarstore.ir', 0]]);
  assert.equal(findings.length, 3);
});
