// Lines built from each proxy's format code as the spec shows them (proxy-logs §2.3-§5), at least one per
// format and per failure class: the format is detected from the line itself, the class from its text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CauseId } from '../../../../server/src/core/logs/index.js';
import { only, read } from './helpers.js';

const SRC = 'https://Example.com/img/a.jpg';
const PATH = '/insecure/rs:fit:300:300/plain/https://Example.com/img/a.jpg';
const v4 = (status: number, error: string, level = 'WARNING') =>
  `time="2026-08-20 12:00:00" level="${level}" msg="Completed in 48.213ms ${PATH}" request_id="V1StGXR8_Z5jdHi6B-myT" method="GET" status=${status} client_ip="203.0.113.7" error=${JSON.stringify(error)}`;

const IMGPROXY_V4: [string, number, string, CauseId][] = [
  ['TLS handshake failure', 404, `can't download source image: Get "${SRC}": remote error: tls: handshake failure`, 'tls-handshake'],
  ['TLS unrecognized name', 404, `can't download source image: Get "${SRC}": remote error: tls: unrecognized name`, 'tls-unrecognized-name'],
  ['DNS', 404, `can't download source image: Get "${SRC}": dial tcp: lookup Example.com on 127.0.0.11:53: no such host`, 'dns'],
  ['download timeout', 504, `can't download source image: source request timed out: Get "${SRC}": context deadline exceeded`, 'timeout'],
  ['request timeout', 503, 'Request was timed out after 10.000370522s', 'timeout'],
  ['source 404', 404, "can't download source image: status: 404", 'source-status'],
  ['invalid signature', 403, 'Invalid signature', 'signature'],
  ['signature encoding', 403, 'Invalid signature encoding', 'signature'],
  ['signature missing', 403, 'The signature appears to be a processing option. The signature section should always be present in the URL.', 'signature'],
  ['unknown option', 404, 'Unknown processing option foo', 'unknown-option'],
  ['forbidden option', 404, 'Forbidden processing option foo', 'unknown-option'],
  ['not allowed', 404, `Source URL is not allowed: ${SRC}`, 'source-not-allowed'],
  ['private address', 404, "can't download source image: Private source address is not allowed: 10.0.0.5:443", 'source-not-allowed'],
  ['unknown scheme', 404, "can't download source image: unknown scheme: s3 (set IMGPROXY_USE_S3 to enable)", 'scheme'],
  ['unsupported format', 422, 'Resulting image format is not supported: heic', 'unknown'],
];

for (const [name, status, error, cause] of IMGPROXY_V4) {
  test(`imgproxy v4 structured: ${name}`, () => {
    const group = only(v4(status, error));
    assert.equal(group.cause.id, cause);
    assert.deepEqual(group.formats, ['imgproxy v4 structured']);
    assert.deepEqual(group.statuses, { [status]: 1 });
    assert.deepEqual(group.requestIds, ['V1StGXR8_Z5jdHi6B-myT']);
    assert.equal(group.sources[0].source, SRC, 'from the error text or the path');
    assert.equal(group.host, 'Example.com');
  });
}

test('imgproxy: each rendering of the same failure, in any key order', () => {
  const error = `can't download source image: Get "${SRC}": remote error: tls: handshake failure`;
  const E = '\x1b';
  const lines: [string, string][] = [
    [`2026-08-20 12:00:00 ${E}[1;33m[WRN]${E}[0m Completed in 48ms ${PATH} ${E}[1mrequest_id${E}[0m=abc ${E}[1mstatus${E}[0m=404 ${E}[1merror${E}[0m=${JSON.stringify(error)}`, 'imgproxy v4 pretty'],
    [JSON.stringify({ time: '2026-08-20T12:00:00Z', level: 'WARNING', msg: `Completed in 48ms ${PATH}`, request_id: 'abc', status: 404, error }), 'imgproxy v4 json'],
    [JSON.stringify({ error, status: 404, message: `Completed in 48ms ${PATH}`, severity: 'WARNING', time: '2026-08-20T12:00:00Z', request_id: 'abc' }), 'imgproxy v4 gcp'],
    [`time="2026-08-20T12:00:00Z" level="warning" message="Completed in 48ms ${PATH}" request_id="abc" status="404" error=${JSON.stringify(error)}`, 'imgproxy v3 structured'],
    [`WARNING [2026-08-20T12:00:00Z] Completed in 48ms ${PATH}  error=${JSON.stringify(error)} status=404 request_id=abc`, 'imgproxy v3 pretty'],
    [JSON.stringify({ client_ip: 'x', error, level: 'warning', msg: `Completed in 48ms ${PATH}`, request_id: 'abc', status: 404 }), 'imgproxy v3 json'],
  ];
  for (const [line, format] of lines) {
    const group = only(line);
    assert.deepEqual([group.cause.id, group.formats, group.statuses, group.requestIds, group.sources[0].source], ['tls-handshake', [format], { 404: 1 }, ['abc'], SRC], line);
  }
});

test('transport wrappers: kubectl --timestamps / --prefix, CRI, journald, Docker json-file', () => {
  const line = v4(404, `can't download source image: Get "${SRC}": remote error: tls: handshake failure`);
  for (const wrapped of [
    `2026-08-20T12:00:00.123456789Z ${line}`,
    `2026-08-20T12:00:00.123456789Z stdout F ${line}`,
    `[pod/imgproxy-7d9f/imgproxy] 2026-08-20T12:00:00Z ${line}`,
    `Aug 20 12:00:00 web1 imgproxy[811]: ${line}`,
    JSON.stringify({ log: line + '\n', stream: 'stdout', time: '2026-08-20T12:00:00Z' }),
  ]) {
    assert.equal(only(wrapped).cause.id, 'tls-handshake', wrapped);
  }
});

test('thumbor: each class on its thumbor: line, paired with the tornado.access line after it', () => {
  const access = (status: number, path: string) => `2026-08-20 12:00:01 tornado.access:${status >= 500 ? 'ERROR' : 'WARNING'} ${status} GET ${path} (203.0.113.7) 40.33ms`;
  const cases: [string, number, string, CauseId, string | undefined][] = [
    ['2026-08-20 12:00:00 thumbor:ERROR [BaseHandler] get_image failed for url `https%3A//Example.com/img/a.jpg`. error: `[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)`', 500, '/unsafe/300x200/https://Example.com/img/a.jpg', 'tls-handshake', SRC],
    ['2026-08-20 12:00:00 thumbor:ERROR [BaseHandler] get_image failed for url `https%3A//Example.com/img/a.jpg`. error: `[SSL: TLSV1_UNRECOGNIZED_NAME] tlsv1 unrecognized name (_ssl.c:1006)`', 500, '/unsafe/300x200/https://Example.com/img/a.jpg', 'tls-unrecognized-name', SRC],
    ['2026-08-20 12:00:00 thumbor:WARNING ERROR retrieving image https://Example.com/img/missing.jpg: HTTP 404: Not Found', 404, '/unsafe/300x200/https://Example.com/img/missing.jpg', 'source-status', 'https://Example.com/img/missing.jpg'],
    ['2026-08-20 12:00:00 thumbor:WARNING ERROR retrieving image https://nohost.example/a.jpg: HTTP 599: [Errno -2] Name or service not known', 504, '/unsafe/nohost.example/a.jpg', 'dns', 'https://nohost.example/a.jpg'],
    ['2026-08-20 12:00:00 thumbor:WARNING ERROR retrieving image https://slow.example/a.jpg: HTTP 599: Timeout during request', 504, '/unsafe/https://slow.example/a.jpg', 'timeout', 'https://slow.example/a.jpg'],
    ['2026-08-20 12:00:00 thumbor:WARNING Request denied because the specified path "https%3A//Example.com/img/a.jpg" was not identified by the loader as a valid path', 400, '/unsafe/300x200/https://Example.com/img/a.jpg', 'source-not-allowed', SRC],
    ['2026-08-20 12:00:00 thumbor:WARNING Malformed URL: /abcdefghijklmnopqrstuvwxyz0=/300x200/https://Example.com/img/a.jpg', 400, '/abcdefghijklmnopqrstuvwxyz0=/300x200/https://Example.com/img/a.jpg', 'signature', SRC],
    ['2026-08-20 12:00:00 thumbor:WARNING URL has unsafe but unsafe is not allowed by the config: /unsafe/300x200/https://Example.com/img/a.jpg', 400, '/unsafe/300x200/https://Example.com/img/a.jpg', 'signature', SRC],
  ];
  // The detail lines of the two signature cases name no source: thumbor's path reader decodes it from the path.
  for (const [detail, status, path, cause, source] of cases) {
    const report = read(`${detail}\n${access(status, path)}`);
    assert.equal(report.stats.failures, 1, detail);
    const [group] = report.groups;
    assert.deepEqual([group.cause.id, group.statuses, group.formats], [cause, { [status]: 1 }, ['thumbor']], detail);
    assert.equal(group.sources[0].source, source ?? '', detail);
  }
});

test('thumbor: an access line with no thumbor: line before it is a failure of unknown cause; a traceback is skipped', () => {
  const report = read([
    '2026-08-20 12:00:00 thumbor:ERROR ERROR: Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/thumbor/handlers/__init__.py", line 280, in get_image',
    'ssl.SSLError: [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)',
    '2026-08-20 12:00:01 tornado.access:WARNING 404 GET /unsafe/nothing-matches (203.0.113.7) 3.00ms',
  ].join('\n'));
  assert.equal(report.stats.failures, 1);
  assert.equal(report.groups[0].cause.id, 'unknown');
  assert.equal(report.stats.continuations, 1);
});

test('imagor: access lines (production JSON, ECS, console) with and without the DEBUG=1 load line', () => {
  const load = (error: string, path = '300x200/https://Example.com/img/a.jpg') =>
    `2026-08-20T12:00:00.000Z\tDEBUG\timagor/imagor.go:448\tload\t${JSON.stringify({ params: { path, image: SRC, unsafe: true, width: 300, height: 200 }, error })}`;
  const access = (status: number) => JSON.stringify({ level: 'info', ts: 1787227200.123, caller: 'server/handler.go:102', msg: 'access', status, method: 'GET', uri: '/unsafe/300x200/https://Example.com/img/a.jpg', ip: '203.0.113.7', took: 0.212 });
  const cases: [string, number, CauseId][] = [
    [`Get "${SRC}": remote error: tls: handshake failure`, 500, 'tls-handshake'],
    ['imagor: 404 dial tcp: lookup nohost.example on 127.0.0.11:53: no such host: https://nohost.example/a.jpg', 404, 'dns'],
    ['imagor: 404 Not Found', 404, 'source-status'],
    [`Get "${SRC}": context deadline exceeded`, 408, 'timeout'],
    ['imagor: 403 http source not allowed', 403, 'source-not-allowed'],
  ];
  for (const [error, status, cause] of cases) {
    const report = read(`${load(error)}\n${access(status)}`);
    assert.equal(report.stats.failures, 1, error);
    assert.deepEqual([report.groups[0].cause.id, report.groups[0].statuses], [cause, { [status]: 1 }], error);
    assert.deepEqual(report.groups[0].formats, ['imagor json', 'imagor console']);
  }
  // sign-mismatch: the correct signature on that line is never kept.
  const mismatch = read(`2026-08-20T12:00:00.000Z\tDEBUG\timagor/imagor.go:297\tsign-mismatch\t${JSON.stringify({ params: { path: '300x200/https://Example.com/img/a.jpg', image: SRC, hash: 'BADHASHBADHASHBADHASH' }, expected: 'THE-CORRECT-SIGNATURE-XYZ' })}\n${access(403)}`);
  assert.equal(mismatch.groups[0].cause.id, 'signature');
  assert.ok(!JSON.stringify(mismatch).includes('THE-CORRECT-SIGNATURE-XYZ'));
  // Access lines only: the class from the status, and the limit said.
  const accessOnly = read(`${access(403)}\n${access(408)}\n${access(500)}`);
  assert.deepEqual(accessOnly.groups.map((g) => g.cause.id).sort(), ['forbidden', 'timeout', 'unknown']);
  assert.ok(accessOnly.limits.some((l) => l.id === 'imagor-debug'));
  // ECS access line.
  const ecs = read(JSON.stringify({ '@timestamp': '2026-08-20T12:00:00.000Z', 'log.level': 'info', message: 'access', 'ecs.version': '1.6.0', status: 408, uri: '/unsafe/x.jpg' }));
  assert.deepEqual([ecs.groups[0].cause.id, ecs.groups[0].formats], ['timeout', ['imagor ecs']]);
  // Debug lines only: the access log is off.
  const debugOnly = read(load(`Get "${SRC}": remote error: tls: handshake failure`));
  assert.equal(debugOnly.groups[0].cause.id, 'tls-handshake');
  assert.ok(debugOnly.limits.some((l) => l.id === 'imagor-access-log'));
});

test('imageproxy: std log lines, the double-wrapped url.Error, the signature in the fragment', () => {
  const cases: [string, CauseId, string][] = [
    [`2026/08/20 12:00:00 error fetching remote image: Get "${SRC}#300x300": Get "${SRC}": remote error: tls: handshake failure`, 'tls-handshake', SRC],
    ['2026/08/20 12:00:00 error fetching remote image: Get "https://nohost.example/a.jpg": dial tcp: lookup nohost.example on 127.0.0.11:53: no such host', 'dns', 'https://nohost.example/a.jpg'],
    [`2026/08/20 12:00:00 request does not contain an allowed host or valid signature: ${SRC}#300x300,sBADSIGNATURE`, 'forbidden', SRC],
    [`2026/08/20 12:00:00 request contains a denied host: ${SRC}#300x300`, 'source-not-allowed', SRC],
    [`2026/08/20 12:00:00 request is no longer valid: ${SRC}#300x300`, 'signature', SRC],
    ['2026/08/20 12:00:00 invalid request URL: malformed URL "/300x300/": too few path segments', 'unknown', ''],
  ];
  for (const [line, cause, source] of cases) {
    const report = read(line);
    assert.equal(report.groups.length, 1, line);
    assert.deepEqual([report.groups[0].cause.id, report.groups[0].sources[0].source, report.groups[0].formats], [cause, source, ['imageproxy']], line);
    assert.ok(!(report.groups[0].error ?? '').includes('BADSIGNATURE'), 'the s<signature> option is redacted');
    assert.ok(report.limits.some((l) => l.id === 'imageproxy-thin'));
  }
  // Under Caddy: the same text as the msg of Caddy's JSON logger.
  const caddy = read(JSON.stringify({ level: 'error', ts: 1787227200.1, logger: 'http.handlers.imageproxy', msg: `error fetching remote image: Get "${SRC}": remote error: tls: handshake failure` }));
  assert.deepEqual([caddy.groups[0].cause.id, caddy.groups[0].formats], ['tls-handshake', ['imageproxy (caddy)']]);
});
