// Property-based tests over URLs from the independent builder (builder.ts): the engine decodes every
// source exactly as imgproxy does, and every fix is a round trip that keeps the URL working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractSources, lintText } from '../../../server/src/core/index.js';
import { builtUrlArb, canonicalSource, imgproxySignature, signatureValid, signerArb, type BuiltUrl } from './builder.js';
import { configFor, fixAll, lintOptionsFor, show } from './helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const caseArb = fc.record({ built: builtUrlArb(), configureHost: fc.boolean() });

function expectedSources(built: BuiltUrl): string[] {
  return built.optionSource === undefined ? [built.source] : [built.source, built.optionSource];
}

test('the engine decodes every generated source exactly as imgproxy would', () => {
  fc.assert(
    fc.property(caseArb, ({ built, configureHost }) => {
      const options = lintOptionsFor(configFor(built, configureHost));
      const text = `"${built.url}"`;
      const refs = extractSources(text, options);
      // The wmu: option is decoded after the main source.
      assert.deepEqual(refs.map((r) => r.source).sort(), expectedSources(built).sort(), show(built));
      for (const ref of refs) {
        assert.equal(ref.start, 1, show(built));
        assert.equal(ref.end, 1 + built.url.length, show(built));
        assert.equal(ref.url, built.url);
      }
    }),
    { numRuns: RUNS },
  );
});

test('a valid signature is never reported as a mismatch, and a known key never flags its own URLs', () => {
  fc.assert(
    fc.property(caseArb, ({ built, configureHost }) => {
      const rules = lintText(`"${built.url}"`, lintOptionsFor(configFor(built, configureHost))).map((f) => f.rule);
      if (built.signer) assert.ok(!rules.includes('signature-mismatch'), show(built));
      assert.ok(!rules.includes('signature-missing'), show(built));
      assert.ok(!rules.includes('source-undecodable'), `${rules} ${show(built)}`);
      assert.ok(!rules.includes('plain-source-unescaped'), `${rules} ${show(built)}`);
    }),
    { numRuns: RUNS },
  );
});

test('every fix round-trips: same source but for scheme/host case and trailing dot, signature valid, idempotent, nothing outside the URL', () => {
  fc.assert(
    fc.property(caseArb, fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), ({ built, configureHost }, before, after) => {
      const options = lintOptionsFor(configFor(built, configureHost));
      // Text around the URL that can never join it: a quote on each side.
      const head = `${before.replace(/[:/]/g, '')} 😀\r\n'`;
      const tail = `'\r\n${after}`;
      const text = head + built.url + tail;
      const findings = lintText(text, options);
      for (const f of findings) {
        if (!f.fix) continue;
        assert.ok(f.fix.start >= head.length && f.fix.end <= head.length + built.url.length, `fix outside its URL: ${JSON.stringify(f.fix)} ${show(built)}`);
      }
      const fixed = fixAll(text, options);
      assert.ok(fixed.startsWith(head), 'text before the URL unchanged');
      assert.ok(fixed.endsWith(tail), 'text after the URL unchanged');
      const newUrl = fixed.slice(head.length, fixed.length - tail.length);
      const wantFix = findings.some((f) => ['host-uppercase', 'scheme-uppercase', 'host-trailing-dot'].includes(f.rule));
      if (wantFix) assert.ok(findings.some((f) => f.fix !== null), `a fixable finding has a fix: ${JSON.stringify(findings.map((f) => [f.rule, f.message]))} ${show(built)}`);

      const refs = extractSources(fixed, options).map((r) => r.source).sort();
      const expected = expectedSources(built).map((s) => (newUrl === built.url ? s : canonicalSource(s))).sort();
      assert.deepEqual(refs, expected, `decoded after the fix: ${newUrl} ${show(built)}`);
      assert.ok(signatureValid(newUrl, built), `signature invalid after the fix: ${newUrl} ${show(built)}`);
      assert.equal(fixAll(fixed, options), fixed, `fixing twice changes something: ${newUrl}`);
      const after2 = lintText(fixed, options).map((f) => f.rule);
      assert.ok(!after2.includes('host-uppercase'), `host-uppercase remains after the fix: ${newUrl} ${show(built)}`);
      if (built.signer) assert.ok(!after2.includes('signature-mismatch'), `signature-mismatch after the fix: ${newUrl}`);
    }),
    { numRuns: RUNS },
  );
});

test('a URL signed with a key the linter does not know is never rewritten (re-signing is impossible)', () => {
  fc.assert(
    fc.property(signerArb.filter((s) => s.size >= 4), fc.boolean(), (signer, configureHost) => fc.assert(
      fc.property(builtUrlArb({ signer }), (built) => {
        // An all-lowercase signature (rare) is the short-signature gap below, not this property.
        fc.pre(/[A-Z0-9_-]/.test(built.url.slice(built.signatureStart, built.signatureEnd)));
        const options = lintOptionsFor(configFor(built, configureHost, null));
        const text = ` ${built.url} `;
        assert.equal(fixAll(text, options), text, `a signed URL was rewritten without its key (its signature is now wrong): ${show(built)}`);
      }),
      { numRuns: 3 },
    )),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

// Found by this suite (fixed in d2b937c): a signature of IMGPROXY_SIGNATURE_SIZE 1..3 is 2..4 characters, and an
// all-lowercase one has no [A-Z0-9_-]; looksLikeSignature() takes neither for a signature, so with the
// key unknown the URL is treated as unsigned and "fixed", and imgproxy answers 403 to the fixed URL.
test('a short (IMGPROXY_SIGNATURE_SIZE 1..3) or all-lowercase signature with an unknown key is not rewritten either', () => {
  const signer = { key: Buffer.from('secret'), salt: Buffer.from('hello'), size: 2 };
  const rest = 'w:100/plain/https://Example.com/a.jpg';
  const url = `https://imgproxy.example.com/${imgproxySignature(rest, signer)}/${rest}`;
  const noKey = lintOptionsFor({ pathPrefix: '', separator: ':', base64UrlIncludesFilename: false, hosts: [], signer: null });
  // Size 8 (11 characters) that happens to be all lowercase: found by searching salts for one.
  const lower = { key: Buffer.from('secret'), salt: Buffer.alloc(0), size: 8 };
  for (let i = 0; ; i++) {
    lower.salt = Buffer.from(`salt${i}`);
    if (/^[a-z]+$/.test(imgproxySignature(rest, lower))) break;
  }
  const url2 = `https://imgproxy.example.com/${imgproxySignature(rest, lower)}/${rest}`;
  const texts = [` ${url} `, ` ${url2} `];
  assert.deepEqual(texts.map((t) => fixAll(t, noKey)), texts);
});

test('with a different key known, a signed URL is reported as a mismatch and a fix keeps the signature segment as written', () => {
  fc.assert(
    fc.property(builtUrlArb().filter((b) => b.signer !== null), signerArb, (built, other) => {
      fc.pre(!other.key.equals(built.signer!.key) || !other.salt.equals(built.signer!.salt));
      // At small signature sizes another pair can sign the same path identically (1 in 256 at size 1):
      // then the URL *is* validly signed for it, and no mismatch is owed.
      const otherSigner = { ...other, size: built.signer!.size };
      fc.pre(!signatureValid(built.url, { signatureStart: built.signatureStart, signer: otherSigner }));
      const options = lintOptionsFor(configFor(built, true, otherSigner));
      const text = ` ${built.url} `;
      const rules = lintText(text, options).map((f) => f.rule);
      assert.ok(rules.includes('signature-mismatch'), `${rules} ${show(built)}`);
      const fixed = fixAll(text, options);
      const signature = built.url.slice(built.signatureStart, built.signatureEnd);
      assert.equal(fixed.slice(1 + built.signatureStart, 1 + built.signatureEnd), signature, 'an invalid signature is not replaced by a guess');
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});
