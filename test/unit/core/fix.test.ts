// Every fix as a round trip: after the fix the URL decodes to the same source with a canonical host,
// the signature is valid where the key is known, nothing outside the URL changes, and a second pass is a no-op.
import { test } from 'node:test';
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import { applyEdits, asciiLower, extractSources, lintText, parseSourceUrl, selectNonOverlapping, type LintOptions } from '../../../server/src/core/index.js';
import { examplesSigning, options, secretHello } from './helpers.js';

function canonical(source: string): string {
  const parts = parseSourceUrl(source)!;
  let host = parts.host;
  if (host.endsWith('.')) host = host.slice(0, -1);
  return asciiLower(parts.scheme) + source.slice(parts.scheme.length, parts.hostStart) + asciiLower(host) + source.slice(parts.hostEnd);
}

function fixAll(text: string, opts: LintOptions): string {
  const edits = lintText(text, opts).flatMap((f) => (f.fix ? [f.fix] : []));
  return applyEdits(text, selectNonOverlapping(edits));
}

function roundTrip(url: string, opts: LintOptions) {
  const text = `before 😀 "${url}" after\r\n`;
  const sourcesBefore = extractSources(text, opts).map((s) => s.source);
  const fixed = fixAll(text, opts);
  assert.notEqual(fixed, text, 'a fix was applied');
  const start = text.indexOf(url);
  assert.equal(fixed.slice(0, start), text.slice(0, start), 'nothing before the URL changed');
  assert.ok(fixed.endsWith(text.slice(start + url.length)), 'nothing after the URL changed');
  assert.deepEqual(extractSources(fixed, opts).map((s) => s.source), sourcesBefore.map(canonical));
  const after = lintText(fixed, opts).map((f) => f.rule);
  for (const rule of ['host-uppercase', 'scheme-uppercase', 'host-trailing-dot', 'signature-mismatch']) assert.ok(!after.includes(rule), `${rule} remains: ${after}`);
  assert.equal(fixAll(fixed, opts), fixed, 'fixing twice changes nothing');
  return fixed.slice(start, fixed.length - text.length + start + url.length);
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

test('plain source: only the host changes', () => {
  assert.equal(roundTrip('https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/Path/A.JPG@webp', options()), 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/Path/A.JPG@webp');
});

test('percent-encoded plain source keeps its escapes', () => {
  assert.equal(roundTrip('https://img.example.org/_/rs:fit:300:300/plain/https%3A%2F%2FCDN.Example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp', options()), 'https://img.example.org/_/rs:fit:300:300/plain/https%3A%2F%2Fcdn.example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp');
  // An escaped letter in the host stays escaped.
  assert.equal(roundTrip('https://img.example.org/_/w:1/plain/https%3A%2F%2F%43DN.example.com%2Fa.jpg', options()), 'https://img.example.org/_/w:1/plain/https%3A%2F%2F%63DN.example.com%2Fa.jpg'.replace('DN', 'dn'));
});

test('scheme, host case and trailing dot are fixed together in one pass', () => {
  assert.equal(roundTrip('https://imgproxy.example.com/insecure/w:1/plain/HTTPS://Cdn.Example.com./a.jpg', options()), 'https://imgproxy.example.com/insecure/w:1/plain/https://cdn.example.com/a.jpg');
});

test('scheme:/x repaired by imgproxy stays as written apart from the host', () => {
  assert.equal(roundTrip('http://imgproxy.example.com/unsafe/w:1/plain/https:/Example.com/a.jpg', options()), 'http://imgproxy.example.com/unsafe/w:1/plain/https:/example.com/a.jpg');
});

test('base64 unsplit, no padding', () => {
  const fixed = roundTrip(`https://imgproxy.example.com/insecure/w:300/${b64('https://CDN.Example.com/a.jpg')}`, options());
  assert.equal(fixed, `https://imgproxy.example.com/insecure/w:300/${b64('https://cdn.example.com/a.jpg')}`);
});

test('base64 split every 16 characters with an extension keeps its split points', () => {
  const url = 'http://127.0.0.1:8080/insecure/mb:1048576/rs:fit:4096:4096/aHR0cHM6Ly9FYnRl/a2Fyc3RvcmUuaXIv/aG9zdC9FYnRla2Fh/ci8yMDI0LzgvOTk0/NDA1MzcyNzI4OC5q/cGc.jpg';
  const fixed = roundTrip(url, options());
  const chunks = (u: string) => u.split('/').slice(6).map((c) => c.length);
  assert.deepEqual(chunks(fixed), chunks(url));
  assert.ok(fixed.endsWith('.jpg'));
});

test('padded base64 (issue #1325) keeps its padding', () => {
  const fixed = roundTrip('http://127.0.0.1:8080/preset:default/mb:1048576/rs:fit:4096:4096/aHR0cHM6Ly9FYnRla2Fyc3RvcmUuaXIvaG9zdC9FYnRla2Fhci8yMDI0LzgvOTk0NDA1MzcyNzI4OC5qcGc=.jpg', options());
  assert.ok(fixed.endsWith('=.jpg'), fixed);
});

test('a trailing dot removed from a split base64 source re-pads correctly', () => {
  const payload = b64('https://cdn.example.com./images/a.jpg') + '=';
  const url = `https://imgproxy.example.com/insecure/w:1/${payload.slice(0, 16)}/${payload.slice(16)}.png`;
  roundTrip(url, options());
});

test('base64 with an SEO filename keeps the filename', () => {
  const opts = options({ imgproxy: { base64UrlIncludesFilename: true } });
  const fixed = roundTrip(`https://imgproxy.example.com/unsafe/rs:fit:300:300/${b64('http://Example.com/puppy.jpg')}.webp/Puppy.jpg`, opts);
  assert.ok(fixed.endsWith('.webp/Puppy.jpg'));
});

test('wmu: option URL and the main source are fixed in the same pass', () => {
  roundTrip(`https://imgproxy.example.com/insecure/wmu:${b64('https://Images.test/wm.svg')}/plain/https://CDN.example.com/a.jpg`, options());
});

test('signed URL is re-signed with the known pair (plain and base64, size 8)', () => {
  const plainPath = '/rs:fit:300:300/plain/http://Img.Example.com/pretty/image.jpg';
  const plain = roundTrip(`http://imgproxy.example.com/${signOf(plainPath)}${plainPath}`, options({}, examplesSigning));
  assert.ok(plain.startsWith('http://imgproxy.example.com/m3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavc/'), plain);
  const small = options({}, { ...examplesSigning, IMGPROXY_SIGNATURE_SIZE: '8' });
  const path = `/w:300/${b64('https://Example.com/a.jpg').slice(0, 16)}/${b64('https://Example.com/a.jpg').slice(16)}`;
  const fixed = roundTrip(`https://imgproxy.example.com/${signOf(path, 8)}${path}`, small);
  assert.equal(fixed.split('/')[3].length, 11);
});

test('percent-encoded signed URL (spec example 5) is re-signed with secret/hello', () => {
  roundTrip('https://img.example.org/EIDC83AI-MdisxL2Ww40Jc8-C-eYKI2cGspqBAsiCPA/rs:fit:300:300/plain/https%3A%2F%2FCDN.Example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp', options({}, secretHello));
});

test('a signed URL with an unknown key gets no fix, and the message says why', () => {
  const [finding] = lintText('https://img.example.org/EIDC83AI-MdisxL2Ww40Jc8-C-eYKI2cGspqBAsiCPA/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg', options());
  assert.equal(finding.rule, 'host-uppercase');
  assert.equal(finding.fix, null);
  assert.match(finding.message, /signed.*IMGPROXY_KEY/);
});

test('an encrypted source is never rewritten', () => {
  const opts = options({}, { IMGPROXY_SOURCE_URL_ENCRYPTION_KEY: '1eb5b0e971ad7f45324c1bb15c947cb207c43152fa5c6c7f35c4f36e0c18e0f1' });
  assert.deepEqual(lintText('http://imgproxy.example.com/unsafe/rs:fit:300:300/enc/p5VjorNdhs7mRRw8gA9TWoRlGci3l1kuzqN43UQlRaRIQ0qtBKW3qFABIsx-ZRz_cVc8iVTYbhsNsxNBL1BHaQ', opts), []);
});

test('two URLs on one line are fixed independently and exactly', () => {
  const text = `srcset="https://imgproxy.example.com/insecure/w:1/plain/https://A.example.com/1.jpg 1x, https://imgproxy.example.com/insecure/w:2/plain/https://B.example.com/2.jpg 2x"`;
  assert.equal(fixAll(text, options()), text.replace('A.example', 'a.example').replace('B.example', 'b.example'));
});

function signOf(path: string, size = 32): string {
  return createHmac('sha256', Buffer.from(examplesSigning.IMGPROXY_KEY, 'hex')).update(Buffer.concat([Buffer.from(examplesSigning.IMGPROXY_SALT, 'hex'), Buffer.from(path)])).digest().subarray(0, size).toString('base64url');
}
