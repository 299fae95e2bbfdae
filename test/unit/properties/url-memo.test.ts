// The editor's per-document UrlMemo: a document edited at random (characters typed and deleted, URL
// pieces, quotes, holes, builder calls, suppression markers pasted anywhere), analysed after every edit
// with the memo of its earlier versions, gives exactly what an analysis from scratch gives: the same
// findings (offsets, fixes, messages), the same URLs read the same way, the same sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText, UrlMemo, type TextAnalysis } from '../../../server/src/core/index.js';
import { builtUrlArb, signerArb, sourceUrlArb } from './builder.js';
import { lintOptionsFor } from './helpers.js';
import { resolveLintOptions, signingFromEnv } from '../../../server/src/core/index.js';
import { createHmac } from 'node:crypto';
import { examplesSigning, options, secretHello } from '../core/helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Text around URLs in code: literals, template holes, builder calls, suppression markers. */
const AROUND = [
  'const a = "', '";\n', "'", '`', '${id}', '{{ size }}', '%s', ' + x + "', 'generateImageUrl({ url: "', '" })', '.Generate("',
  '// imgproxy-url-lint-disable-next-line\n', '/* imgproxy-url-lint-disable-line host-uppercase */', '# imgproxy-url-lint-disable\n',
  ' ', '\n', '\r\n', ';', '(', ')', '[', ']', '.', ',', 'é', '😀',
];

/** What an edit inserts: pieces of URLs as well as the text around them. */
const insertArb = fc.oneof(
  fc.constantFrom(...AROUND, '://', 'https:', '//', 'HTTPS://', '/plain/', '/rs:fit:300:300/', '@webp', 'a', 'Z', '0', '%2F', '/'),
  sourceUrlArb,
  builtUrlArb().map((b) => b.url),
);

/** An edit: where (a fraction of the text), how much to delete, what to insert. */
const editArb = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.constant(0), fc.nat(3), fc.nat(60)), fc.oneof(fc.constant(''), insertArb));

const docArb = fc.array(fc.oneof(fc.constantFrom(...AROUND), builtUrlArb().map((b) => b.url), sourceUrlArb), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(''));

const optionsArb = fc.oneof(
  fc.record({ signer: fc.option(signerArb, { nil: null }) }).map(({ signer }) => lintOptionsFor({ pathPrefix: '', separator: ':', base64UrlIncludesFilename: false, hosts: [], signer })),
  fc.constant(resolveLintOptions({ checkAllUrls: true }, signingFromEnv(new Map(), 'property test'))),
);

/** What an analysis says, without the getter (its sources are read here). */
function reading(analysis: TextAnalysis) {
  return { findings: analysis.findings, urls: analysis.urls, sources: analysis.sources };
}

test('analysing each version of an edited document with its UrlMemo gives what analysing it from scratch gives', () => {
  fc.assert(
    fc.property(docArb, fc.array(editArb, { minLength: 1, maxLength: 12 }), optionsArb, fc.constantFrom('a.ts', 'a.php', 'page.md'), (doc, edits, options, path) => {
      const memo = new UrlMemo();
      let text = doc;
      assert.deepEqual(reading(analyzeText(text, options, path, memo)), reading(analyzeText(text, options, path)));
      for (const [where, remove, insert] of edits) {
        const at = Math.floor(where * text.length);
        text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + remove));
        assert.deepEqual(reading(analyzeText(text, options, path, memo)), reading(analyzeText(text, options, path)), JSON.stringify(text));
      }
    }),
    { numRuns: RUNS },
  );
});

test('what was read under other options (another signing key) is read again', () => {
  const path = '/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';
  const signature = createHmac('sha256', Buffer.from(examplesSigning.IMGPROXY_KEY, 'hex')).update(Buffer.concat([Buffer.from(examplesSigning.IMGPROXY_SALT, 'hex'), Buffer.from(path)])).digest('base64url');
  const text = `const a = "https://imgproxy.example.com/${signature}${path}";\n`;
  const memo = new UrlMemo();
  assert.deepEqual(analyzeText(text, options({}, examplesSigning), 'a.ts', memo).findings, []);
  const otherKey = options({}, secretHello);
  const fresh = analyzeText(text, otherKey, 'a.ts').findings;
  assert.notDeepEqual(fresh, [], 'the other key finds the signature wrong');
  assert.deepEqual(analyzeText(text, otherKey, 'a.ts', memo).findings, fresh);
});
