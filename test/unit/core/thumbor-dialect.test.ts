// imagor and thumbor URLs (one grammar, spec/dialects.md §3): recognised on evidence, every source read
// (plain, percent-encoded, b64:, scheme-less, inside watermark()/frame()), signatures checked with the
// projects' own documented vectors, and fixes that keep the encoding and re-sign.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { analyzeText, applyEdits, lintText, type Finding, type LintOptions } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const rules = (findings: Finding[]) => findings.map((f) => f.rule);
const dialectOf = (url: string, opts: LintOptions = options()) => {
  const [read] = analyzeText(`"${url}"`, opts).urls;
  return read.read ? `${read.read.dialect.id}:${(read.read.reading as { proxies?: string[] }).proxies?.join('+') ?? ''}` : null;
};
/** The text with the first finding's fix applied. */
const fixed = (text: string, opts: LintOptions) => {
  const [finding] = lintText(text, opts);
  assert.ok(finding?.fix, `a fix for ${text}`);
  return applyEdits(text, [finding.fix]);
};

test('libthumbor\'s documented example signs with HMAC-SHA1 (my-security-key): valid, and a changed path is a mismatch', () => {
  const url = 'https://thumbor.example.com/8ammJH8D-7tXy6kU3lTvoXlhu4o=/300x200/my.server.com/some/path/to/image.jpg';
  const thumbor = options({}, { SECURITY_KEY: 'my-security-key' });
  assert.deepEqual(lintText(`"${url}"`, thumbor), []);
  assert.equal(dialectOf(url, thumbor), 'thumbor:thumbor');
  const changed = url.replace('300x200', '300x201');
  assert.deepEqual(rules(lintText(`"${changed}"`, thumbor)), ['signature-mismatch']);
});

test('imagor\'s own test vector (sha256, truncated to 40, secret "1234") verifies and says imagor', () => {
  const path = 'meta/10x11:12x13/fit-in/-300x-200/5x6/left/top/smart/filters:some_filter()/img';
  const url = `https://imagor.example.com/XBCO7esuLsNQuSF2v9ie36pESRGx2rzLjhUxXWnV/${path}`;
  const imagor = options({}, { IMAGOR_SECRET: '1234', IMAGOR_SIGNER_TYPE: 'sha256', IMAGOR_SIGNER_TRUNCATE: '40' });
  assert.deepEqual(lintText(`"${url}"`, imagor), []);
  assert.equal(dialectOf(url, imagor), 'thumbor:imagor');
  // A 40-character hash that does not verify, before an image that is no URL, is not evidence enough to read.
  assert.deepEqual(analyzeText(`"${url.replace('5x6', '5x7')}"`, imagor).urls.map((u) => u.read), [null]);
  assert.deepEqual(rules(lintText(`"${url.replace('/img', '/example.com/img.png')}"`, imagor)), ['signature-mismatch']);
});

test('every way a source is written is read: explicit, percent-encoded, b64:, scheme-less, watermark() and frame()', () => {
  const cases: [string, string][] = [
    ['https://img.example.com/unsafe/300x200/https://Example.com/a.jpg', 'Example.com'],
    ['https://img.example.com/unsafe/fit-in/300x200/https%3A%2F%2FExample.com%2Fa.jpg', 'Example.com'],
    [`https://img.example.com/unsafe/300x200/b64:${b64('https://Example.com/a.jpg')}`, 'Example.com'],
    ['https://img.example.com/unsafe/fit-in/600x600/filters:quality(90):fill(white)/Cdn.example.com/images/a.jpg', 'Cdn.example.com'],
    ['https://img.example.com/unsafe/filters:watermark(https://Wm.example.com/w.png,10,10,50)/https://example.com/a.jpg', 'Wm.example.com'],
    ['https://img.example.com/unsafe/filters:frame(https://Frame.example.com/f.9.png)/example.com/a.jpg', 'Frame.example.com'],
  ];
  for (const [url, host] of cases) {
    const findings = lintText(`"${url}"`, options());
    assert.deepEqual(findings.map((f) => [f.rule, f.host]), [['host-uppercase', host]], url);
    const after = fixed(`"${url}"`, options());
    assert.deepEqual(lintText(after, options()), [], `fixed: ${after}`);
    // Only the host changed, inside the encoding the URL uses.
    assert.equal(after.toLowerCase(), `"${url}"`.toLowerCase().replace(b64('https://Example.com/a.jpg').toLowerCase(), b64('https://example.com/a.jpg').toLowerCase()), url);
  }
});

test('messages say what is true for the proxy: imagor (Go) and thumbor\'s tornado client; scheme-less goes over http in thumbor', () => {
  const explicit = lintText('"https://img.example.com/unsafe/300x200/https://Example.com/a.jpg"', options())[0];
  assert.match(explicit.message, /imagor \(Go\)/);
  assert.match(explicit.message, /tornado/);
  assert.match(explicit.message, /HTTP_LOADER_ALLOWED_SOURCES/);
  const imagorOnly = lintText(`"https://img.example.com/unsafe/b64:${b64('https://Example.com/a.jpg')}"`, options())[0];
  assert.doesNotMatch(imagorOnly.message, /thumbor/);
  const thumborSchemeless = lintText('"https://img.example.com/unsafe/fit-in/300x200/Cdn.example.com/a.jpg"', options({ dialects: ['thumbor'] }))[0];
  assert.match(thumborSchemeless.message, /over http, so no SNI/);
  assert.equal(thumborSchemeless.severity, 'info');
  const bothSchemeless = lintText('"https://img.example.com/unsafe/fit-in/300x200/Cdn.example.com/a.jpg"', options())[0];
  assert.match(bothSchemeless.message, /imagor fetches a scheme-less source over https/);
  assert.equal(bothSchemeless.severity, 'warning');
});

test('a fix re-signs with the key that signed it: thumbor SHA1, imagor sha512 truncated, imagor over the unescaped path', () => {
  const thumborKey = 'my-security-key';
  const path = '300x200/https://Example.com/a.jpg';
  const sha1 = (text: string) => createHmac('sha1', thumborKey).update(text).digest('base64url') + '=';
  const thumbor = options({}, { SECURITY_KEY: thumborKey });
  const after = fixed(`"https://t.example.com/${sha1(path)}/${path}"`, thumbor);
  assert.equal(after, `"https://t.example.com/${sha1(path.toLowerCase())}/${path.toLowerCase()}"`);
  assert.deepEqual(lintText(after, thumbor), []);

  const imagor = options({}, { IMAGOR_SECRET: 's3cret', IMAGOR_SIGNER_TYPE: 'sha512', IMAGOR_SIGNER_TRUNCATE: '30' });
  const sha512 = (text: string) => createHmac('sha512', 's3cret').update(text).digest('base64').replaceAll('+', '-').replaceAll('/', '_').slice(0, 30);
  const encoded = 'fit-in/300x200/https%3A%2F%2FExample.com%2Fa%20b.jpg';
  for (const signed of [encoded, decodeURIComponent(encoded)]) {
    const text = `"https://i.example.com/${sha512(signed)}/${encoded}"`;
    assert.deepEqual(rules(lintText(text, imagor)), ['host-uppercase'], signed);
    const result = fixed(text, imagor);
    assert.deepEqual(lintText(result, imagor), [], result);
    assert.ok(result.includes('https%3A%2F%2Fexample.com%2Fa%20b.jpg'), result);
  }
});

test('a signed URL with no key known gets no fix, and says which key to set', () => {
  const [finding] = lintText('"https://t.example.com/8ammJH8D-7tXy6kU3lTvoXlhu4o=/300x200/https://Example.com/a.jpg"', options());
  assert.equal(finding.rule, 'host-uppercase');
  assert.equal(finding.fix, null);
  assert.match(finding.message, /IMAGOR_SECRET or SECURITY_KEY/);
});

test('configured hosts make a URL imagor\'s or thumbor\'s whatever its shape; the dialects setting turns a grammar off', () => {
  const url = 'https://media.example.com/unsafe/https://Example.com/a.jpg';
  assert.equal(dialectOf(url, options({ thumbor: { hosts: ['media.example.com'] } })), 'thumbor:thumbor');
  assert.equal(dialectOf(url, options({ imagor: { hosts: ['media.example.com'] } })), 'thumbor:imagor');
  assert.equal(dialectOf(url, options({ dialects: ['imgproxy'] })), null);
  assert.equal(dialectOf(`https://x.example.com/unsafe/b64:${b64('https://a.example.com/')}`, options({ dialects: ['thumbor'] })), null);
});

test('paths that only look like the grammar are not read: a relative image, a word as hash, imgproxy\'s own URLs', () => {
  for (const url of [
    'https://gh.jumia.is/unsafe/fit-in/500x500/filters:fill(white)/product/24/6996611/1.jpg?0331',
    'https://shop.example.com/products/300x200/https://Example.com/a.jpg',
    'https://example.com/blog/2020/01/https://Example.com/post',
  ]) assert.deepEqual(lintText(`"${url}"`, options()), [], url);
  assert.equal(dialectOf('https://img.example.com/insecure/rs:fill:300:200/plain/https://Example.com/a.jpg'), 'imgproxy:');
  assert.equal(dialectOf('https://img.example.com/unsafe/plain/https://Example.com/a.jpg'), 'imgproxy:');
});

test('a hash that no known key could have written (a docs placeholder such as "hash_if_signed") is not a mismatch; the host fix leaves it as written', () => {
  const imagor = options({}, { IMAGOR_SECRET: 'mysecret' });
  const placeholder = 'https://your-imagor-server.com/hash_if_signed/300x200/filters:format(webp)/https://example.com/original-image.jpg';
  assert.deepEqual(rules(lintText(`"${placeholder}"`, imagor)), []);
  const upper = placeholder.replace('example.com', 'Example.com');
  assert.deepEqual(rules(lintText(`"${upper}"`, imagor)), ['host-uppercase']);
  assert.equal(fixed(`"${upper}"`, imagor), `"${placeholder}"`);
  // A hash of the key's own form that does not verify is still a mismatch, truncated forms too.
  const wrong = `https://your-imagor-server.com/${'Abc9_xY-'.repeat(3)}Abc=/300x200/https://example.com/a.jpg`;
  assert.deepEqual(rules(lintText(`"${wrong}"`, imagor)), ['signature-mismatch']);
  const truncated = options({}, { IMAGOR_SECRET: 'mysecret', IMAGOR_SIGNER_TYPE: 'sha256', IMAGOR_SIGNER_TRUNCATE: '40' });
  assert.deepEqual(rules(lintText(`"${wrong.replace(`${'Abc9_xY-'.repeat(3)}Abc=`, 'Abc9_xY-'.repeat(5))}"`, truncated)), ['signature-mismatch']);
});

test('hover calls a hash of no key\'s form a placeholder, and `unsafe` unsigned', () => {
  const imagor = options({}, { IMAGOR_SECRET: 'mysecret' });
  const hover = (url: string) => {
    const [{ read }] = analyzeText(`"${url}"`, imagor).urls;
    assert.ok(read, `${url} is read`);
    return read.dialect.explain(read.reading, imagor);
  };
  assert.match(hover('https://your-imagor-server.com/hash_if_signed/300x200/https://example.com/a.jpg'), /`hash_if_signed`: a placeholder/);
  assert.match(hover('https://your-imagor-server.com/unsafe/300x200/https://example.com/a.jpg'), /`unsafe`: unsigned/);
});
