// A URL is read as imgproxy's only on evidence (spec §8.1); a shape other proxies share is not enough,
// and a segment that may be a preset list is said to be one, not called a typo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { analyzeText, lintText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const source = 'https://Example.com/cat.jpg';

test('go-camo URLs (HMAC-SHA1 digest, then the URL in base64url or hex) are not imgproxy URLs', () => {
  const digest = createHmac('sha1', 'camo-key').update(source).digest();
  const urls = [
    `https://camo.example.com/${digest.toString('base64url')}/${b64(source)}`,
    `https://camo.example.com/${digest.toString('hex')}/${Buffer.from(source).toString('hex')}`,
    `https://assets.example.com/proxy/${digest.toString('base64url')}/${b64(source)}`,
  ];
  // They are go-camo's (its own dialect reads the base64url form; the hex form it shares with the Node
  // camo stays unread without a key), never imgproxy's.
  for (const url of urls) assert.notEqual(analyzeText(`"${url}"`, options()).urls[0].read?.dialect.id, 'imgproxy', url);
  assert.deepEqual(lintText(`"${urls[1]}"`, options()), [], urls[1]);
  assert.deepEqual(lintText(`"${urls[0]}"`, options({ dialects: ['imgproxy'] })), [], urls[0]);
});

test('imgproxy\'s own shapes are still read: a signature of its form, a placeholder, an option, /plain/, its name', () => {
  const sig = createHmac('sha256', 'k').update('x').digest('base64url');
  const urls = [
    `https://img.example.com/${sig}/${b64(source)}`,
    `https://img.example.com/insecure/${b64(source)}`,
    `https://img.example.com/${'AbC123xyz_-Q'}/rs:fit:300/${b64(source)}`,
    `https://img.example.com/_/plain/${source}`,
    `https://imgproxy.example.com/${createHmac('sha1', 'k').update('x').digest('base64url')}/${b64(source)}`,
  ];
  for (const url of urls) assert.deepEqual(lintText(`"${url}"`, options()).map((f) => f.rule), ['host-uppercase'], url);
  // With IMGPROXY_SIGNATURE_SIZE=20 configured, a 27-character signature is imgproxy's form.
  const short = `https://img.example.com/${createHmac('sha1', 'k').update('x').digest('base64url')}/${b64(source)}`;
  assert.deepEqual(lintText(`"${short}"`, options({}, { IMGPROXY_SIGNATURE_SIZE: '20' })).map((f) => f.rule), ['host-uppercase']);
});

test('a segment of bare words, none an option name, may be a preset list: said so, at info', () => {
  const [finding] = lintText('"https://imgproxy.example.com/unsafe/thumbnail:blurry:watermarked/plain/https://example.com/a.jpg"', options());
  assert.equal(finding.rule, 'option-unknown');
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /preset/);
  // A clear typo (digits, or a known option beside it) stays a warning.
  for (const url of ['https://imgproxy.example.com/unsafe/resze:fit:300/plain/https://example.com/a.jpg', 'https://imgproxy.example.com/unsafe/rs:fit:300/qualty:80/plain/https://example.com/a.jpg']) {
    const findings = lintText(`"${url}"`, options()).filter((f) => f.rule === 'option-unknown');
    assert.deepEqual(findings.map((f) => f.severity), ['warning'], url);
  }
});

test('a loopback source is a failure where the proxy refuses it (imgproxy), a note where it fetches it (thumbor docs)', () => {
  const thumbor = lintText('http://localhost:8888/unsafe/filters:gifv()/http://localhost/livingroom.gif', options()).filter((f) => f.rule === 'host-loopback');
  assert.deepEqual(thumbor.map((f) => f.severity), ['info']);
  const imgproxy = lintText('"https://imgproxy.example.com/insecure/rs:fit:300/plain/http://localhost/a.gif"', options()).filter((f) => f.rule === 'host-loopback');
  assert.deepEqual(imgproxy.map((f) => f.severity), ['warning']);
});
