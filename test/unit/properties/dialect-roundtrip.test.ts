// Round trips for the other dialects' encodings (fast-check): a generated host with capitals, written in
// each encoding a dialect reads and signed with its scheme; after the fix, the URL decodes to the same
// source with only the host lowercased, and the signature is valid with the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { applyEdits, lintText, readUrl, type LintOptions } from '../../../server/src/core/index.js';
import { options } from '../core/helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);
const label = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,10}$/);
const hostArb = fc.tuple(label, label, fc.constantFrom('com', 'org', 'io', 'net')).map(([a, b, tld]) => `${a}.${b}.${tld}`).filter((h) => /[A-Z]/.test(h));
const pathArb = fc.stringMatching(/^[a-z0-9_-]{1,12}\.(jpg|png)$/);

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const imagorSign = (secret: string, path: string) => createHmac('sha256', secret).update(path).digest('base64').replaceAll('+', '-').replaceAll('/', '_').slice(0, 40);

// Imaginary and picfit sign Go's re-escaped query; for these sources (letters, digits, `.`, `_`, `-`, `/`, `:`)
// Go's url.QueryEscape writes what encodeURIComponent writes.
const imaginarySign = (query: string) => createHmac('sha256', 'imaginary-key-of-32-characters!!').update(`/resize${query}`).digest('base64url');
const picfitSign = (signedText: string) => createHmac('sha1', 'picfit-key').update(signedText).digest('hex');

/** Each case: the URL for a source, the options with its key, and how to read the source back. */
const CASES: Record<string, { opts: LintOptions; build: (source: string) => string }> = {
  'imagor plain, signed sha256/40': {
    opts: options({}, { IMAGOR_SECRET: 'imagor-secret', IMAGOR_SIGNER_TYPE: 'sha256', IMAGOR_SIGNER_TRUNCATE: '40' }),
    build: (s) => `https://i.example.com/${imagorSign('imagor-secret', `fit-in/300x200/${s}`)}/fit-in/300x200/${s}`,
  },
  'imagor b64:, signed': {
    opts: options({}, { IMAGOR_SECRET: 'imagor-secret', IMAGOR_SIGNER_TYPE: 'sha256', IMAGOR_SIGNER_TRUNCATE: '40' }),
    build: (s) => `https://i.example.com/${imagorSign('imagor-secret', `300x200/b64:${b64(s)}`)}/300x200/b64:${b64(s)}`,
  },
  'thumbor percent-encoded, SHA1': {
    opts: options({}, { SECURITY_KEY: 'thumbor-key' }),
    build: (s) => {
      const path = `fit-in/300x200/${encodeURIComponent(s)}`;
      return `https://t.example.com/${createHmac('sha1', 'thumbor-key').update(path).digest('base64url')}=/${path}`;
    },
  },
  'imageproxy base64url, URL + options': {
    opts: options({}, { IMAGEPROXY_SIGNATUREKEY: 'ip-key' }),
    build: (s) => `https://p.example.com/100x150,q75,s${createHmac('sha256', 'ip-key').update(`${s}#100x150,q75`).digest('base64url')}/${b64(s)}`,
  },
  'Imaginary plain, sign= first': {
    opts: options({}, { URL_SIGNATURE_KEY: 'imaginary-key-of-32-characters!!' }),
    build: (s) => `https://q.example.com/resize?sign=${imaginarySign(`url=${encodeURIComponent(s)}&width=300`)}&width=300&url=${s}`,
  },
  'Imaginary percent-encoded': {
    opts: options({}, { URL_SIGNATURE_KEY: 'imaginary-key-of-32-characters!!' }),
    build: (s) => `https://q.example.com/resize?url=${encodeURIComponent(s)}&width=300&sign=${imaginarySign(`url=${encodeURIComponent(s)}&width=300`)}`,
  },
  'picfit percent-encoded, op and h before sig': {
    opts: options({}, { PICFIT_SECRET_KEY: 'picfit-key' }),
    build: (s) => `https://f.example.com/display?url=${encodeURIComponent(s)}&w=100&h=100&op=resize&sig=${picfitSign(`h=100&op=resize&url=${encodeURIComponent(s)}&w=100`)}`,
  },
  'picfit plain, nothing before sig (leading &)': {
    opts: options({}, { PICFIT_SECRET_KEY: 'picfit-key' }),
    build: (s) => `https://f.example.com/display?url=${s}&w=100&sig=${picfitSign(`&url=${encodeURIComponent(s)}&w=100`)}`,
  },
  'go-camo hex': {
    opts: options({}, { GOCAMO_HMAC: 'camo-key' }),
    build: (s) => `https://c.example.com/${createHmac('sha1', 'camo-key').update(s).digest('hex')}/${Buffer.from(s).toString('hex')}`,
  },
};

for (const [name, { opts, build }] of Object.entries(CASES)) {
  test(`${name}: the fix lowercases only the host and keeps the signature valid`, () => {
    fc.assert(
      fc.property(hostArb, pathArb, (host, path) => {
        const source = `https://${host}/${path}`;
        const url = build(source);
        const before = lintText(`"${url}"`, opts);
        assert.deepEqual(before.map((f) => f.rule), ['host-uppercase'], url);
        const fixed = applyEdits(`"${url}"`, [before[0].fix!]).slice(1, -1);
        assert.equal(fixed, build(source.toLowerCase()), url);
        assert.deepEqual(lintText(`"${fixed}"`, opts), [], fixed);
        assert.equal(readUrl(fixed, opts)!.reading.sources[0].url, source.toLowerCase());
      }),
      { numRuns: RUNS },
    );
  });
}
