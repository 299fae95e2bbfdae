// Imaginary's `sign=` and picfit's `sig=` checked and re-made: a valid signature is kept valid by the
// fix (only the host changes), a wrong one is signature-mismatch, a missing one with the key known is
// signature-missing, and without the key a signed URL gets no fix and a reason naming the variable.
// Signatures were computed apart from this code (Python hmac + urllib, following middleware.go and
// signature.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, applyEdits, ConfigError, lintText, namedSigningVariables, readUrl, signingFromEnv } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const IMAGINARY_KEY = '4f46feebafc4b5e988f131c4ff8b5997';
const imaginaryKeyed = options({}, { URL_SIGNATURE_KEY: IMAGINARY_KEY });
const picfitKeyed = options({}, { PICFIT_SECRET_KEY: 'abcdef' });

/** The only finding's fix applied to the URL. */
function fixed(url: string, opts: ReturnType<typeof options>): string {
  const findings = lintText(`"${url}"`, opts);
  assert.deepEqual(findings.map((f) => f.rule), ['host-uppercase'], url);
  assert.ok(findings[0].fix, `${url}: ${findings[0].message}`);
  return applyEdits(`"${url}"`, [findings[0].fix]).slice(1, -1);
}

test('Imaginary: plain and percent-encoded url= sign alike; the fix re-signs with URL_SIGNATURE_KEY', () => {
  const lower = 'VnOaMQ4pG3TSLAU98H0qn0XKJjOOPxGHQl-JKH1ot68';
  for (const [url, want] of [
    ['http://localhost:8088/resize?url=https://Example.com/a.jpg&width=300&sign=t0DB83Aeh5Zd6lU2Byxqi5oILaXpFHoNpbb6Op4d4U0', `http://localhost:8088/resize?url=https://example.com/a.jpg&width=300&sign=${lower}`],
    ['http://localhost:8088/resize?url=https%3A%2F%2FExample.com%2Fa.jpg&width=300&sign=t0DB83Aeh5Zd6lU2Byxqi5oILaXpFHoNpbb6Op4d4U0', `http://localhost:8088/resize?url=https%3A%2F%2Fexample.com%2Fa.jpg&width=300&sign=${lower}`],
    ['http://localhost:8088/resize?sign=t0DB83Aeh5Zd6lU2Byxqi5oILaXpFHoNpbb6Op4d4U0&width=300&url=https://Example.com/a.jpg', `http://localhost:8088/resize?sign=${lower}&width=300&url=https://example.com/a.jpg`],
  ]) {
    const after = fixed(url, imaginaryKeyed);
    assert.equal(after, want);
    assert.deepEqual(lintText(`"${after}"`, imaginaryKeyed), [], after);
    assert.equal(readUrl(after, imaginaryKeyed)!.reading.sources[0].url, 'https://example.com/a.jpg');
  }
});

test('picfit: the fix re-signs with PICFIT_SECRET_KEY, with and without the leading & of the signed text', () => {
  for (const [url, want] of [
    ['https://img.example.com/display?url=https://Example.com/a.jpg&w=100&h=100&op=resize&sig=46c5930b18d44b2158a395c9790e615dc71399f8', 'https://img.example.com/display?url=https://example.com/a.jpg&w=100&h=100&op=resize&sig=1e7fe01fb67ca18d9c46b23093c75ef3989706ff'],
    ['https://img.example.com/display?url=https%3A%2F%2FExample.com%2Fa.jpg&w=100&sig=25a8fb7162d59542dfd02f0c0b23c8fcfb777f48', 'https://img.example.com/display?url=https%3A%2F%2Fexample.com%2Fa.jpg&w=100&sig=cb57b83054272da5c733a0e45689c7f4c81269a8'],
    ['https://img.example.com/display?sig=39499b19f8b463baafd198e00cf5ff4f1f0847a2&url=https%3A%2F%2FExample.com%2Fa%20b.jpg&w=100&op=resize&op=op:rotate+deg:180', 'https://img.example.com/display?sig=26ae3e96794b89a11fb5319690e940485805e6eb&url=https%3A%2F%2Fexample.com%2Fa%20b.jpg&w=100&op=resize&op=op:rotate+deg:180'],
  ]) {
    const after = fixed(url, picfitKeyed);
    assert.equal(after, want);
    assert.deepEqual(lintText(`"${after}"`, picfitKeyed), [], after);
  }
});

test('a wrong signature is signature-mismatch on the parameter; the host fix is still offered, unsigned again', () => {
  // Signed over "url=…&w=100" without the leading & picfit keeps: the server rejects it.
  const picfit = '"https://img.example.com/display?url=https://example.com/a.jpg&w=100&sig=7d77539fee59c259344d6d127b3c2144e8192536"';
  const [mismatch] = lintText(picfit, picfitKeyed);
  assert.equal(mismatch.rule, 'signature-mismatch');
  assert.equal(picfit.slice(mismatch.start, mismatch.end), 'sig=7d77539fee59c259344d6d127b3c2144e8192536');
  assert.match(mismatch.message, /PICFIT_SECRET_KEY/);
  assert.match(mismatch.message, /401/);
  const padded = '"http://localhost:8088/resize?url=https://Example.com/a.jpg&width=300&sign=t0DB83Aeh5Zd6lU2Byxqi5oILaXpFHoNpbb6Op4d4U0="';
  const findings = lintText(padded, imaginaryKeyed);
  assert.deepEqual(findings.map((f) => f.rule), ['host-uppercase', 'signature-mismatch']);
  assert.match(findings[1].message, /URL_SIGNATURE_KEY/);
  assert.ok(findings[0].fix);
});

test('with the key known, an unsigned URL is signature-missing; without it, nothing', () => {
  const url = '"http://localhost:8088/resize?url=https://example.com/a.jpg&width=300"';
  const [missing] = lintText(url, imaginaryKeyed);
  assert.equal(missing.rule, 'signature-missing');
  assert.match(missing.message, /sign=/);
  assert.deepEqual(lintText(url, options()), []);
  assert.deepEqual(lintText('"https://img.example.com/display?url=https://example.com/a.jpg&w=100"', picfitKeyed).map((f) => f.rule), ['signature-missing']);
});

test('without the key a signed URL gets no fix, and the message names the variable to set', () => {
  for (const [url, variable] of [
    ['http://localhost:8088/resize?url=https://Example.com/a.jpg&width=300&sign=t0DB83Aeh5Zd6lU2Byxqi5oILaXpFHoNpbb6Op4d4U0', /URL_SIGNATURE_KEY/],
    ['https://img.example.com/display?url=https://Example.com/a.jpg&w=100&sig=25a8fb7162d59542dfd02f0c0b23c8fcfb777f48', /PICFIT_SECRET_KEY/],
  ] as const) {
    const [finding] = lintText(`"${url}"`, options());
    assert.equal(finding.rule, 'host-uppercase');
    assert.equal(finding.fix, null);
    assert.match(finding.message, variable);
  }
});

test('the hover says whether the signature is valid for the key', () => {
  const url = 'https://img.example.com/display?url=https%3A%2F%2FExample.com%2Fa.jpg&w=100&sig=25a8fb7162d59542dfd02f0c0b23c8fcfb777f48';
  const read = analyzeText(`"${url}"`, picfitKeyed).urls[0].read!;
  assert.match(read.dialect.explain(read.reading, picfitKeyed), /\*\*valid\*\* for PICFIT_SECRET_KEY/);
  assert.match(read.dialect.explain(read.reading, options()), /unchecked \(no PICFIT_SECRET_KEY/);
});

test('URL_SIGNATURE_KEY is read from the named env file only, and must be 32 characters as Imaginary requires', () => {
  assert.equal(namedSigningVariables({ URL_SIGNATURE_KEY: IMAGINARY_KEY, PICFIT_SECRET_KEY: 'abcdef' }).has('URL_SIGNATURE_KEY'), false);
  assert.equal(namedSigningVariables({ PICFIT_SECRET_KEY: 'abcdef' }).get('PICFIT_SECRET_KEY'), 'abcdef');
  assert.equal(namedSigningVariables({}, { path: 'imaginary.env', text: `URL_SIGNATURE_KEY=${IMAGINARY_KEY}\n` }).get('URL_SIGNATURE_KEY'), IMAGINARY_KEY);
  assert.throws(() => namedSigningVariables({}, { path: 'imaginary.env', text: 'A=1\nURL_SIGNATURE_KEY=short\n' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(String(error.message), /imaginary\.env.*2.*URL_SIGNATURE_KEY.*32 characters.*it has 5/s);
    assert.doesNotMatch(String(error.message), /short/);
    return true;
  });
  assert.equal(signingFromEnv(new Map([['URL_SIGNATURE_KEY', IMAGINARY_KEY]]), 'env').imaginary?.key, IMAGINARY_KEY);
});
