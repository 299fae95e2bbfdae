// Pure parts of the probe: error and certificate classification, the verdict, host spellings, --connect-to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProbeAttempt } from '../../server/src/core/types.js';
import { certificateFlags, classifyError, goAlertMessage, judge } from '../../server/src/probe/classify.js';
import { asciiLowercase, probeNames } from '../../server/src/probe/hostname.js';
import { applyConnectTo, parseConnectTo } from '../../server/src/probe/resolve.js';

const err = (code: string, message: string): Error => Object.assign(new Error(message), { code });

test('alerts are read from "SSL alert number N", whatever the code', () => {
  // The HTTP layer reports the alert as EPROTO from the write path (spec §3.3 caveat).
  assert.deepEqual(classifyError(err('EPROTO', 'write EPROTO 0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40')), {
    outcome: 'tls-alert',
    alert: { number: 40, name: 'handshake_failure' },
  });
  assert.deepEqual(classifyError(err('ERR_SSL_TLSV1_UNRECOGNIZED_NAME', 'error:0A000458:SSL routines::tlsv1 unrecognized name:SSL alert number 112')).alert, {
    number: 112,
    name: 'unrecognized_name',
  });
  assert.deepEqual(classifyError(err('ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR', '...:SSL alert number 80')).alert, { number: 80, name: 'internal_error' });
});

test('socket errors map to outcomes', () => {
  assert.equal(classifyError(err('ENOTFOUND', 'getaddrinfo ENOTFOUND x.invalid')).outcome, 'dns-failure');
  assert.equal(classifyError(err('EAI_AGAIN', 'getaddrinfo EAI_AGAIN x')).outcome, 'dns-failure');
  assert.equal(classifyError(err('ECONNREFUSED', 'connect ECONNREFUSED')).outcome, 'refused');
  assert.equal(classifyError(err('ETIMEDOUT', 'connect ETIMEDOUT')).outcome, 'timeout');
  assert.equal(classifyError(err('EHOSTUNREACH', 'connect EHOSTUNREACH')).outcome, 'unreachable');
  assert.equal(classifyError(err('ECONNRESET', 'read ECONNRESET')).outcome, 'reset');
  assert.equal(classifyError(err('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established')).outcome, 'reset');
  assert.equal(classifyError(err('ERR_SSL_WRONG_VERSION_NUMBER', 'ssl3_get_record:wrong version number')).outcome, 'not-tls');
  assert.equal(classifyError(err('ERR_SSL_UNSUPPORTED_PROTOCOL', 'unsupported protocol')).outcome, 'tls-error');
});

test('Go wording of alerts, as imgproxy logs them', () => {
  assert.equal(goAlertMessage(40), 'remote error: tls: handshake failure');
  assert.equal(goAlertMessage(112), 'remote error: tls: unrecognized name');
  assert.equal(goAlertMessage(80), 'remote error: tls: internal error');
  assert.equal(goAlertMessage(70), 'remote error: tls: protocol version not supported');
});

test('certificate flags: all problems, most serious first, dates checked by us too', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const validFrom = new Date('2025-01-01T00:00:00Z');
  const past = new Date('2026-01-01T00:00:00Z');
  const future = new Date('2027-01-01T00:00:00Z');
  // OpenSSL reports only the first error: a self-signed expired certificate says DEPTH_ZERO_SELF_SIGNED_CERT.
  assert.deepEqual(certificateFlags({ authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', validFrom, validTo: past, now, nameError: new Error('x') }), [
    'expired',
    'self-signed',
    'name-mismatch',
  ]);
  assert.deepEqual(certificateFlags({ authorizationError: 'CERT_NOT_YET_VALID', validFrom: future, validTo: future, now }), ['not-yet-valid']);
  assert.deepEqual(certificateFlags({ authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', validFrom, validTo: future, now }), ['untrusted-chain']);
  assert.deepEqual(certificateFlags({ authorizationError: 'CERT_REVOKED', validFrom, validTo: future, now }), ['untrusted']);
  assert.deepEqual(certificateFlags({ authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID', validFrom, validTo: future, now }), []);
  assert.deepEqual(certificateFlags({ validFrom, validTo: future, now }), []);
});

function attempt(fields: Partial<ProbeAttempt>): ProbeAttempt {
  return { servername: 'x', outcome: 'ok', flags: [], tcpConnected: true, handshake: true, durationMs: 1, ...fields };
}
const cert = (fingerprint256: string) => ({ subjectAltNames: [], issuer: '', validFrom: '', validTo: '', daysLeft: 1, fingerprint256, chainLength: 1 });

test('verdict: rejected as written and accepted lowercased is sni-case-sensitive', () => {
  const rejected = attempt({ outcome: 'tls-alert', handshake: false, alert: { number: 40, name: 'handshake_failure' } });
  assert.deepEqual(judge(rejected, attempt({ certificate: cert('A') })), { verdict: 'sni-case-sensitive', caseRelated: true });
  assert.deepEqual(judge(attempt({ outcome: 'reset', handshake: false }), attempt({})), { verdict: 'sni-case-sensitive', caseRelated: true });
  assert.deepEqual(judge(rejected, attempt({ outcome: 'tls-alert', handshake: false })), { verdict: 'tls-alert', caseRelated: false });
  assert.deepEqual(judge(rejected, undefined), { verdict: 'tls-alert', caseRelated: false });
  // A timeout is not a rejection: no case verdict from it.
  assert.deepEqual(judge(attempt({ outcome: 'timeout', handshake: false }), attempt({})), { verdict: 'timeout', caseRelated: false });
});

test('verdict: different certificates for the two spellings', () => {
  const a = attempt({ outcome: 'name-mismatch', flags: ['name-mismatch'], certificate: cert('A') });
  assert.deepEqual(judge(a, attempt({ certificate: cert('B') })), { verdict: 'sni-case-sensitive-certificate', caseRelated: true });
  assert.deepEqual(judge(attempt({ outcome: 'expired', certificate: cert('A') }), attempt({ outcome: 'expired', certificate: cert('A') })), {
    verdict: 'expired',
    caseRelated: false,
  });
});

test('host spellings: ASCII folding only, trailing dot stripped, IDN as A-labels, IP literals', () => {
  assert.equal(asciiLowercase('Ebtekarstore.IR'), 'ebtekarstore.ir');
  assert.equal(asciiLowercase('KELVIN\u212A'), 'kelvin\u212A'); // the Kelvin sign is not A-Z
  assert.deepEqual(probeNames('Ebtekarstore.ir.'), { asWritten: 'Ebtekarstore.ir', lowercased: 'ebtekarstore.ir', ipLiteral: false });
  assert.deepEqual(probeNames('ebtekarstore.ir'), { asWritten: 'ebtekarstore.ir', lowercased: 'ebtekarstore.ir', ipLiteral: false });
  assert.deepEqual(probeNames('Bücher.example'), { asWritten: 'xn--bcher-kva.example', lowercased: 'xn--bcher-kva.example', ipLiteral: false });
  assert.deepEqual(probeNames('[::1]'), { asWritten: '::1', lowercased: '::1', ipLiteral: true });
  assert.deepEqual(probeNames('127.0.0.1'), { asWritten: '127.0.0.1', lowercased: '127.0.0.1', ipLiteral: true });
  assert.equal(probeNames(''), null);
  assert.equal(probeNames('.'), null);
});

test('--connect-to HOST:PORT:ADDR:PORT, as curl', () => {
  assert.deepEqual(parseConnectTo('Ebtekarstore.ir:443:127.0.0.1:8443'), { host: 'Ebtekarstore.ir', port: 443, toHost: '127.0.0.1', toPort: 8443 });
  assert.deepEqual(parseConnectTo('::[::1]:'), { host: '', port: null, toHost: '::1', toPort: null });
  assert.deepEqual(parseConnectTo('a.example::b.example:'), { host: 'a.example', port: null, toHost: 'b.example', toPort: null });
  assert.throws(() => parseConnectTo('a:443:b'), /HOST:PORT:ADDR:PORT/);
  assert.throws(() => parseConnectTo('a:99999:b:1'), /not a port/);
  assert.throws(() => parseConnectTo('a:x:b:1'), /not a port/);
  const rules = [parseConnectTo('ebtekarstore.ir:443:127.0.0.1:8443'), parseConnectTo('::10.0.0.1:')];
  assert.deepEqual(applyConnectTo('Ebtekarstore.ir', 443, rules), { host: '127.0.0.1', port: 8443 }, 'host matched ignoring case');
  assert.deepEqual(applyConnectTo('Ebtekarstore.ir', 8080, rules), { host: '10.0.0.1', port: 8080 }, 'port did not match, the catch-all did');
  assert.deepEqual(applyConnectTo('x.example', 443, []), { host: 'x.example', port: 443 });
});
