// thumbor, imagor and imageproxy request paths read by their dialects (spec proxy-logs.md §3-5 lines):
// the decoded source, the engine's verdicts said of the proxy that wrote the log, the signature hidden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATH_READERS } from '../../../../server/src/core/logs/index.js';
import { options } from '../helpers.js';
import { only, read } from './helpers.js';

const SRC = 'https://Example.com/img/a.jpg';
const uppercase = (group: { verdicts: { rule: string; message: string }[] }) => group.verdicts.find((v) => v.rule === 'host-uppercase')?.message ?? '';

test('thumbor: an access line alone (no thumbor: line) yields the source decoded from its path, judged as thumbor fetches it', () => {
  const group = only('2026-08-20 12:00:01 tornado.access:ERROR 500 GET /unsafe/300x200/https://Example.com/img/a.jpg (203.0.113.7) 90.00ms');
  assert.equal(group.cause.id, 'unknown');
  assert.equal(group.host, 'Example.com');
  assert.equal(group.sources[0].source, SRC);
  assert.match(uppercase(group), /thumbor's default HTTP client \(tornado's simple client\) sends the host verbatim/);
  assert.doesNotMatch(uppercase(group), /imgproxy|imagor/);
});

test('thumbor#895: a percent-encoded source in the path is decoded (fit-in, smart and a filter before it)', () => {
  const path = '/unsafe/fit-in/640x440/smart/filters:fill(transparent)/http%3A%2F%2Fwww.carlosandre.me%2Fimages%2F%28revl%29.jpg';
  const group = only(`2017-05-09 11:54:47 tornado.access:ERROR 500 GET ${path} (127.0.0.1) 8582.00ms`);
  assert.equal(group.sources[0].source, 'http://www.carlosandre.me/images/(revl).jpg');
  assert.deepEqual(group.sources[0].paths, [path], 'an unsigned path has nothing to hide');
});

test('thumbor TLS failure: the explanation and the host-uppercase verdict name thumbor\'s client, not another proxy\'s', () => {
  const group = only([
    '2026-08-20 12:00:00 thumbor:ERROR [BaseHandler] get_image failed for url `https%3A//Example.com/img/a.jpg`. error: `[SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] sslv3 alert handshake failure (_ssl.c:1006)`',
    '2026-08-20 12:00:01 tornado.access:ERROR 500 GET /unsafe/300x200/https://Example.com/img/a.jpg (203.0.113.7) 90.00ms',
  ].join('\n'));
  assert.equal(group.cause.id, 'tls-handshake');
  assert.match(group.explanation, /thumbor's default HTTP client \(tornado's simple client\) sends the host verbatim as the TLS SNI/);
  assert.doesNotMatch(group.explanation, /imgproxy \(Go\)|imagor|imageproxy/);
  assert.match(uppercase(group), /^Source host "Example\.com" has uppercase letters; thumbor's default HTTP client/);
});

test('thumbor#666: the signed path is read by the dialect, its hash hidden by the reading, not by a guess', () => {
  const group = only([
    'WARNING Malformed URL: /3kNz30VGY_ErpeSkaJJvAhGj73I=/750x360/http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png',
    'WARNING 400 GET /3kNz30VGY_ErpeSkaJJvAhGj73I=/750x360/http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png (93.218.77.184) 2.66ms',
  ].join('\n'));
  assert.equal(group.sources[0].source, 'http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png');
  assert.equal(group.sources[0].paths[0], '/…/750x360/http://blog.qnips.com/wp-content/uploads/2015/01/1+2.png');
  const reading = PATH_READERS.thumbor!('/3kNz30VGY_ErpeSkaJJvAhGj73I=/750x360/http://blog.qnips.com/a.png', options());
  assert.deepEqual(reading?.signature, [1, 29]);
});

test('imagor: an access line (production JSON, no DEBUG) yields its source from the path; verdicts name imagor', () => {
  const line = '{"level":"info","ts":1755691200.123,"caller":"server/handler.go:102","msg":"access","status":500,"method":"GET","uri":"/unsafe/300x200/https://Example.com/img/a.jpg","ip":"203.0.113.7","user-agent":"Mozilla/5.0","took":0.09}';
  const group = only(line);
  assert.equal(group.sources[0].source, SRC);
  assert.match(uppercase(group), /imagor \(Go\) sends the host verbatim as the TLS SNI/);
  assert.doesNotMatch(uppercase(group), /thumbor|imgproxy/);
  assert.ok(read(line).limits.some((l) => l.id === 'imagor-debug' && l.message.includes('decoded from the request path')));
});

test('imagor: a signed path (its README example, scheme-less: https) and a b64: source; the hash never shown', () => {
  const signed = '/cST4Ko5_FqwT3BDn-Wf4gO3RFSk=/500x500/top/raw.githubusercontent.com/cshum/imagor/master/testdata/gopher.png';
  const group = only(`{"level":"info","ts":1755691200.5,"msg":"access","status":403,"method":"GET","uri":"${signed}","ip":"203.0.113.7","took":0.01}`);
  assert.equal(group.cause.id, 'forbidden');
  assert.equal(group.sources[0].source, 'https://raw.githubusercontent.com/cshum/imagor/master/testdata/gopher.png');
  assert.equal(group.sources[0].paths[0], '/…/500x500/top/raw.githubusercontent.com/cshum/imagor/master/testdata/gopher.png');
  assert.ok(!JSON.stringify(group).includes('cST4Ko5'), 'the signature appears nowhere in the report');
  const b64 = `/unsafe/fit-in/200x150/b64:${Buffer.from('https://Media.Example.com/a.gif').toString('base64url')}`;
  const encoded = only(`{"level":"info","ts":1755691201,"msg":"access","status":500,"method":"GET","uri":"${b64}","ip":"203.0.113.7","took":0.2}`);
  assert.equal(encoded.sources[0].source, 'https://Media.Example.com/a.gif');
  assert.match(uppercase(encoded), /"Media\.Example\.com" \(decoded from b64:\) has uppercase letters; imagor \(Go\)/);
});

test('imageproxy: its path reader decodes plain and base64url remote URLs and finds the s<signature> option', () => {
  const reader = PATH_READERS.imageproxy!;
  const signature = 'RYifAJRfbhsitJeOrDNxWURCCkPsVR4ihCPXNv-ePbA=';
  const path = `/100x150,s${signature}/https://Example.com/img/a.jpg`;
  const plain = reader(path, options());
  assert.equal(plain?.source, SRC);
  assert.deepEqual(plain?.signature, [path.indexOf(signature), path.indexOf(signature) + signature.length]);
  assert.match(plain!.verdicts.find((v) => v.rule === 'host-uppercase')!.message, /imageproxy \(Go\) sends the host verbatim/);
  const b64 = reader(`/x300,q60/${Buffer.from(SRC).toString('base64url')}`, options());
  assert.equal(b64?.source, SRC);
  assert.equal(b64?.signature, undefined);
  assert.equal(reader('not-a-path', options()), undefined);
});

test('imageproxy log lines: the explanation and verdicts name imageproxy (its lines carry the source, not a path)', () => {
  const tls = only('2026/08/20 12:00:00 error fetching remote image: Get "https://Example.com/img/a.jpg#300x300": Get "https://Example.com/img/a.jpg": remote error: tls: handshake failure');
  assert.equal(tls.cause.id, 'tls-handshake');
  assert.match(tls.explanation, /imageproxy \(Go\) sends the host verbatim as the TLS SNI/);
  assert.match(uppercase(tls), /imageproxy \(Go\) sends the host verbatim as the TLS SNI.*-allowHosts/);
  const refused = only('2026/08/20 12:00:00 request does not contain an allowed host or valid signature: https://Example.com/img/a.jpg#300x300,sBADSIGNATURE');
  assert.match(uppercase(refused), /imageproxy/);
  assert.doesNotMatch(uppercase(refused), /imgproxy \(Go\)/);
});

test('imgproxy\'s own explanation still names imgproxy (#1325)', () => {
  const group = only('time="2026-08-20 12:00:00" level="WARNING" msg="Completed in 48.213ms /SIGNATURE/rs:fit:300:300/plain/https://Example.com/img/a.jpg" request_id="V1StGXR8_Z5jdHi6B-myT" method="GET" status=404 client_ip="203.0.113.7" error="can\'t download source image: Get \\"https://Example.com/img/a.jpg\\": remote error: tls: handshake failure"');
  assert.match(group.explanation, /imgproxy \(Go\) sends the host verbatim/);
  assert.match(uppercase(group), /imgproxy \(Go\)/);
});
