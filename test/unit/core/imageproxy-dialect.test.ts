// willnorris/imageproxy URLs (spec/dialects.md §3): `/{options}/{remote_url}`, the remote URL plain,
// percent-encoded or base64url; signatures over the URL or the URL + "#" + canonical options, checked
// with the project's documented vectors; fixes that keep the encoding and re-sign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { analyzeText, applyEdits, lintText, type LintOptions } from '../../../server/src/core/index.js';
import { canonicalOptions } from '../../../server/src/core/dialects/imageproxy/parse.js';
import { options } from './helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const sign = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64url');
const dialect = (url: string, opts: LintOptions = options()) => analyzeText(`"${url}"`, opts).urls[0].read?.dialect.id ?? null;
const fixedText = (text: string, opts: LintOptions) => {
  const [finding] = lintText(text, opts);
  assert.ok(finding?.fix, `a fix for ${text}`);
  return applyEdits(text, [finding.fix]);
};

test('docs/url-signing.md: key "test" signs https://www.google.fr/images/srpr/logo11w.png as RYifAJRf…', () => {
  assert.equal(sign('test', 'https://www.google.fr/images/srpr/logo11w.png') + '=', 'RYifAJRfbhsitJeOrDNxWURCCkPsVR4ihCPXNv-ePbA=');
  const url = 'https://imageproxy.example.com/100,sRYifAJRfbhsitJeOrDNxWURCCkPsVR4ihCPXNv-ePbA=/https://www.google.fr/images/srpr/logo11w.png';
  const opts = options({}, { IMAGEPROXY_SIGNATUREKEY: 'test' });
  assert.equal(dialect(url, opts), 'imageproxy');
  assert.deepEqual(lintText(`"${url}"`, opts), []);
  assert.deepEqual(lintText(`"${url.replace('logo11w', 'logo12w')}"`, opts).map((f) => f.rule), ['signature-mismatch']);
});

test('docs/url-signing.md: "100,r90,q75" signs as "100x100,q75,r90"; a size is always there', () => {
  assert.equal(canonicalOptions(['100', 'r90', 'q75']), '100x100,q75,r90');
  assert.equal(canonicalOptions([]), '0x0');
  assert.equal(canonicalOptions(['x500', 'fit']), '0x500,fit');
});

test('every encoding of the remote URL is read and fixed in place, re-signed in the form that signed it', () => {
  const key = 'k3y';
  const opts = options({}, { IMAGEPROXY_SIGNATUREKEY: `other ${key}` });
  const remote = 'https://Example.com/a.jpg';
  const cases = [
    `https://p.example.com/100x150,q75,s${sign(key, remote)}/${remote}`,
    `https://p.example.com/100x150,s${sign(key, `${remote}#100x150`)}/${remote}`,
    `https://p.example.com/200x,fit,s${sign(key, remote)}=/${encodeURIComponent(remote)}`,
    `https://p.example.com/200x,fit,s${sign(key, remote)}/${b64(remote)}`,
  ];
  for (const url of cases) {
    assert.equal(dialect(url, opts), 'imageproxy', url);
    const [finding] = lintText(`"${url}"`, opts);
    assert.equal(finding.rule, 'host-uppercase', url);
    assert.match(finding.message, /imageproxy \(Go\).*-allowHosts/);
    const after = fixedText(`"${url}"`, opts);
    assert.deepEqual(lintText(after, opts), [], after);
    assert.ok(!after.includes('Example'), after);
  }
});

test('unsigned URLs are fixed; a signed one with no key known gets no fix', () => {
  assert.equal(fixedText('"https://p.example.com/100x150,fit/https://Example.com/a.jpg"', options()), '"https://p.example.com/100x150,fit/https://example.com/a.jpg"');
  const [finding] = lintText(`"https://p.example.com/100x150,s${sign('k', 'x')}/https://Example.com/a.jpg"`, options());
  assert.equal(finding.fix, null);
  assert.match(finding.message, /IMAGEPROXY_SIGNATUREKEY/);
});

test('shapes other services share are not imageproxy\'s: a bare /https://…, a year, unknown words', () => {
  for (const url of [
    'https://r.example.com/https://Example.com/a.jpg',
    'https://example.com/2024/https://Example.com/a.jpg',
    'https://web.archive.org/web/https://Example.com/',
    'https://example.com/redirect/https://Example.com/a.jpg',
  ]) assert.equal(dialect(url), null, url);
  assert.equal(dialect('https://r.example.com/https://Example.com/a.jpg', options({ imageproxy: { hosts: ['r.example.com'] } })), 'imageproxy');
});

test('an @file key (bytes as imageproxy reads them, newline included) verifies and re-signs; the path itself is never a key', () => {
  const fileKey = 'file-k3y\n';
  const base = options({}, { IMAGEPROXY_SIGNATUREKEY: '@/run/secrets/key' });
  const opts: LintOptions = { ...base, signing: { ...base.signing, imageproxy: { signatureKey: '@/run/secrets/key', fileKeys: [Buffer.from(fileKey)] } } };
  const remote = 'https://Example.com/a.jpg';
  const url = `https://p.example.com/100x150,s${sign(fileKey, remote)}/${remote}`;
  const fixed = fixedText(`"${url}"`, opts);
  assert.equal(fixed, `"https://p.example.com/100x150,s${sign(fileKey, remote.toLowerCase())}/${remote.toLowerCase()}"`);
  // Without the file's bytes the key is unknown: no re-signing fix, and "@/run/secrets/key" is not tried as a key.
  const [unknown] = lintText(`"${url}"`, base);
  assert.equal(unknown.fix, null);
  assert.deepEqual(lintText(`"https://p.example.com/100x150,s${sign('@/run/secrets/key', remote)}/${remote.toLowerCase()}"`, opts).map((f) => f.rule), ['signature-mismatch']);
});
