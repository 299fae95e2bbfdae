// Real log lines from public issue threads (spec proxy-logs §2.5, §6): each read in its format, its
// failure classed, its source decoded from the error text or from the path with the engine's reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EBTEKAR, EBTEKAR_PATH, only, read } from './helpers.js';

test('imgproxy#1325: the TLS handshake failure on an uppercase host, from the error text and from the path alike', () => {
  const error = `Can't download source image: Get "${EBTEKAR}": remote error: tls: handshake failure`;
  const line = `ERROR   [2024-08-12T10:00:00Z] Completed in 48ms ${EBTEKAR_PATH}  request_id=AlkMTtCAZpd7PuekdXLvY method=GET status=500 error=${JSON.stringify(error)}`;
  const group = only(line);
  assert.equal(group.cause.id, 'tls-handshake');
  assert.equal(group.host, 'Ebtekarstore.ir');
  assert.deepEqual(group.sources.map((s) => s.source), [EBTEKAR]);
  assert.deepEqual(group.formats, ['imgproxy v3 pretty']);
  assert.ok(group.verdicts.some((v) => v.rule === 'host-uppercase'), JSON.stringify(group.verdicts));
  // The path alone (a line whose error names no URL) decodes to the same source with the engine's reader.
  const fromPath = only(line.replace(/error=.*$/, 'error="Request was timed out after 10s"'));
  assert.deepEqual(fromPath.sources.map((s) => s.source), [EBTEKAR]);
  assert.ok(fromPath.verdicts.some((v) => v.rule === 'host-uppercase'));
});

test('imgproxy#1186: DNS failure, v3 pretty tail', () => {
  const group = only('ERROR   [2022-08-10T03:12:55Z] Completed in 5.1ms /insecure/plain/https://static.lieyunwang.com/upload2/file/202208/1011052nyhgh.jpg  request_id=AlkMTtCAZpd7PuekdXLvY method=GET status=500 client_ip=172.18.0.1 error="Can\'t download source image: Get \\"https://static.lieyunwang.com/upload2/file/202208/1011052nyhgh.jpg\\": dial tcp: lookup static.lieyunwang.com on 127.0.0.11:53: no such host"');
  assert.equal(group.cause.id, 'dns');
  assert.equal(group.host, 'static.lieyunwang.com');
  assert.deepEqual(group.statuses, { 500: 1 });
  assert.deepEqual(group.requestIds, ['AlkMTtCAZpd7PuekdXLvY']);
});

test('imgproxy#1014: whole-request timeout, a /url/ path prefix and a base64 source split into 16-character chunks', () => {
  const group = only('ERROR   [2022-10-21T07:06:05Z] Completed in 10.000386154s /url/RYopK7X6M0wtFNcEbOpNzWFtZSrwYGgO0r3fa741zbI/rs:fit:150:150/g:sm/aHR0cHM6Ly93d3cu/ZXRhbG9ucHJpYm9y/LnJ1Ly91cGxvYWQv/aWJsb2NrL2Q2Yy9k/NmNkMjZlYmMxY2Iw/NDE3ZjVlMGYwZDEw/MjYxNTViYy5qcGc  request_id=eNDAXKI_GB5Nu_DBpKyIG method=GET status=503 client_ip=66.249.64.158 error="Request was timed out after 10.000370522s"');
  assert.equal(group.cause.id, 'timeout');
  assert.equal(group.host, 'www.etalonpribor.ru');
  assert.equal(group.sources[0].source, 'https://www.etalonpribor.ru//upload/iblock/d6c/d6cd26ebc1cb0417f5e0f0d1026155bc.jpg');
  assert.deepEqual(group.requestIds, ['eNDAXKI_GB5Nu_DBpKyIG']);
  assert.equal(group.firstSeen, '2022-10-21T07:06:05Z');
  // The signature segment after the prefix is hidden.
  assert.match(group.sources[0].paths[0], /^\/url\/…\/rs:fit:150:150\//);
});

test('imgproxy#766: the Started/Completed pair; the source answered 401 (v2-era text)', () => {
  const report = read([
    'INFO    [2022-01-07T16:31:17Z] Started /insecure/rs:fill:400:300/plain/https://example.com/path-to-img.jpg?k=1234567890&o=  request_id=6HrlAA-AvvBXporgIu-xJ method=GET',
    'WARNING [2022-01-07T16:31:17Z] Completed in 31.391506ms /insecure/rs:fill:400:300/plain/https://example.com/path-to-img.jpg?k=1234567890&o=  request_id=6HrlAA-AvvBXporgIu-xJ method=GET status=404 error="Can\'t download image; Status: 401; <html>\\n…"',
  ].join('\n'));
  assert.equal(report.stats.failures, 1);
  const [group] = report.groups;
  assert.deepEqual(group.cause, { id: 'source-status', detail: '401' });
  assert.equal(group.sources[0].source, 'https://example.com/path-to-img.jpg');
  assert.equal(group.sources[0].paths[0], '/insecure/rs:fill:400:300/plain/https://example.com/path-to-img.jpg?…', 'the query string is redacted');
});

test('imgproxy#749: a Docker json-file line around an ANSI-coloured pretty line; source not allowed', () => {
  const group = only('{"log":"\\u001b[33mWARNING\\u001b[0m [2021-12-03T15:25:25Z] Completed in 427.258µs /RwB0fpLImw6vOCql_0pvePKtARF-N2OrlrTzhM_TMhU/fit/400/276/sm/0/aHR0cHM6Ly9hcGkua3J1dS5jb20vdXBsb2Fkcy9sb2NhdGlvbi1tZWRpYXMvMi81LzMvVHJhZm93ZXJrLU1hbm5oZWltLXJ1bmRlLVRpc2NoZS5qcGc  \\u001b[1mrequest_id\\u001b[0m=1DC4fBh3rxW-OQabUEXfA \\u001b[1mmethod\\u001b[0m=GET \\u001b[1mstatus\\u001b[0m=404 \\u001b[1mclient_ip\\u001b[0m=\\"2a00::1\\" \\u001b[1merror\\u001b[0m=\\"Source URL is not allowed: ~+x\\\\x01\\"\\n","stream":"stdout","time":"2021-12-03T15:25:25.1Z"}');
  assert.equal(group.cause.id, 'source-not-allowed');
  assert.deepEqual(group.formats, ['imgproxy v3 pretty']);
  assert.deepEqual(group.requestIds, ['1DC4fBh3rxW-OQabUEXfA']);
  // The old basic URL format: the engine says why the path has no source.
  assert.ok(group.verdicts.some((v) => v.rule === 'source-undecodable'));
});

test('imgproxy#1304: v3 json (keys alphabetical) with a stack; the source answered 403', () => {
  const group = only('{"client_ip":"xxx.xxx.xxx.xxx","error":"Can\'t download source image: Get \\"gs://bucket/folder/path.ext\\": googleapi: got HTTP response code 403 with body: Forbidden","level":"error","method":"GET","msg":"Completed in 54.273428ms /signature/w:1440/source_url","request_id":"yjfXDehbjafGp4jEWQ5Ct","stack":"/app/processing_handler.go:319 main.handleProcessing.func2\\n…","status":500,"time":"2024-01-01T00:00:00Z"}');
  assert.deepEqual(group.cause, { id: 'source-status', detail: '403' });
  assert.equal(group.sources[0].source, 'gs://bucket/folder/path.ext');
  assert.deepEqual(group.formats, ['imgproxy v3 json']);
});

test('imgproxy#1283: gcp (severity, message); a 422 the log does not explain is reported but not named', () => {
  const report = read('{"client_ip":"x.x.x.x","error":"Can\'t download source image: Source image resolution is too big","message":"Completed in 55.089129ms /_/plain/tmp-koen/cloud.jpg?","method":"GET","request_id":"_QWMwXkE1T9SmXPld3dTk","severity":"warning","status":422,"time":"2024-05-19T21:11:48Z"}');
  const [group] = report.groups;
  assert.equal(group.cause.id, 'unknown');
  assert.deepEqual(group.statuses, { 422: 1 });
  assert.deepEqual(group.formats, ['imgproxy v3 gcp']);
});

test('imgproxy#1424, #1399, #1250: timeout inside a fetch, unknown scheme, unknown option (pre-3.28 text)', () => {
  const line = (error: string) => `ERROR   [2024-01-01T00:00:00Z] Completed in 1s /insecure/w:100/plain/s3://img/test.png  request_id=x method=GET status=504 error=${JSON.stringify(error)}`;
  const timeout = only(line('Can\'t download source image: The image request timed out: Get "s3://img/test.png": operation error S3: GetObject, https response error StatusCode: 0, RequestID: , HostID: , canceled, context deadline exceeded'));
  assert.equal(timeout.cause.id, 'timeout');
  assert.equal(timeout.sources[0].source, 's3://img/test.png');
  assert.equal(only(line("Can't download source image: Unknown scheme: s3")).cause.id, 'scheme');
  assert.deepEqual(only(line('Unknown processing option: blurry')).cause, { id: 'unknown-option', detail: 'blurry' });
});

test('thumbor#666: Malformed URL paired with its 400 access line (custom format without logger names)', () => {
  const report = read([
    'WARNING Malformed URL: /3kNz30VGY_ErpeSkaJJvAhGj73I=/750x360/http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png',
    'WARNING 400 GET /3kNz30VGY_ErpeSkaJJvAhGj73I=/750x360/http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png (93.218.77.184) 2.66ms',
  ].join('\n'));
  assert.equal(report.stats.failures, 1, 'the two lines are one failure');
  const [group] = report.groups;
  assert.equal(group.cause.id, 'signature');
  assert.deepEqual(group.statuses, { 400: 1 });
  assert.equal(group.sources[0].paths[0], '/…/750x360/http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png', 'the thumbor hash is redacted');
  assert.ok(report.limits.some((l) => l.id === 'thumbor-pairing'));
});

test('success lines from public threads (thumbor#895, imgproxy#1256) are not failures; the security-key debug line neither', () => {
  const report = read([
    '2017-05-09 11:54:47 tornado.access:INFO 200 GET /unsafe/fit-in/640x440/smart/filters:fill(transparent)/http%3A%2F%2Fwww.carlosandre.me%2Fimages%2F%28revl%29.jpg (127.0.0.1) 8582.00ms',
    '2017-05-09 11:54:47 thumbor:DEBUG Stored crypto at /tmp/thumbor/storage/x (security key: MY_SECURE_KEY)',
    'INFO [2024-03-05T11:02:56Z] Completed in 426.299352ms /rs::640:::/quality:90/plain/s3://x-x/prod/a.jpeg request_id=a69e5065bd59a6739ed4c9451c5d4410 method=GET status=200 client_ip=x.x.x.x processing_options="Format: webp; Quality: 90" image_url="s3://x-x/prod/a.jpeg"',
  ].join('\n'));
  assert.equal(report.stats.failures, 0);
  assert.equal(report.stats.lines, 3);
});
