// The recognisers decide early, before most of a URL is read, whether it can be convincing, and stop
// when not: imgproxy on one split of the path (mayConvinceWithAnyPrefix), then per reading before the
// source is decoded (mayConvince); thumbor/imagor on the hash segment (hashMayConvince). That must never
// change a verdict: whenever a full reading has evidence, the early check said yes. Generated imgproxy
// URLs (every encoding, prefix, separator, signed or not), the same broken at random, URLs put together
// from pieces of imgproxy and thumbor paths, and ordinary links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseImgproxyUrl } from '../../../server/src/core/dialects/imgproxy/parse.js';
import { evidence, mayConvince, mayConvinceWithAnyPrefix } from '../../../server/src/core/dialects/imgproxy/recognize.js';
import { proxyPath } from '../../../server/src/core/dialects/endpoints.js';
import { parseThumborUrl } from '../../../server/src/core/dialects/thumbor/parse.js';
import { evidence as thumborEvidence, hashMayConvince } from '../../../server/src/core/dialects/thumbor/recognize.js';
import { builtUrlArb, prefixArb, sourceUrlArb } from './builder.js';
import { configFor, lintOptionsFor } from './helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const noise = fc.constantFrom('', '/', 'x', 'info/', 'info', 'sig', 'S1gnature_', 'plain', 'AbC_-9', '%3A', ':', 'rs:fit:1:1', 'w:10', 'aW1n', 'insecure', 'unsafe', 'imgproxy.', '.png', '@webp');
// URLs put together from pieces of imgproxy paths: the info endpoint and its own options, hosts named
// imgproxy, placeholders, signatures of every length, escaped colons, plain and base64 sources.
const assembledArb = fc.record({
  host: fc.constantFrom('imgproxy.example.com', 'img-imgproxy:8080', 'cdn.example.com', 'example.com'),
  prefix: fc.constantFrom('', 'images/', 'a/b/'),
  info: fc.constantFrom('', 'info/'),
  signature: fc.constantFrom('insecure', '_', 'AbCdEf12', 'Ab_d-f', 'q2hBSytk9UFw2hFq1_1yGCPlp-n8pCZ0bh5VbB0NtTY', 'images', 'w:10', 'x'),
  options: fc.array(fc.constantFrom('exif:1', 'vm:1', 'do:1', 'size:1', 'rs%3Afit%3A10', 'w:10', 'pr:thumb', 'x:1'), { maxLength: 3 }),
  source: fc.constantFrom('plain/http:%2F%2Fexample.com%2Fa.png', 'plain/https://example.com/a.png@webp', 'aHR0cDovL2V4YW1wbGUuY29tL2EucG5n', 'aHR0cDovL2V4YW1w/bGUuY29tL2EucG5n.png', 'enc/QUJD', 'images/a.png'),
  built: builtUrlArb(),
}).map(({ host, prefix, info, signature, options, source, built }) => ({ url: `https://${host}/${prefix}${info}${[signature, ...options, source].join('/')}`, built }));

const urlArb = fc.oneof(
  assembledArb,
  builtUrlArb().map((built) => ({ url: built.url, built })),
  fc.record({ built: builtUrlArb(), cut: fc.nat(), insert: noise }).map(({ built, cut, insert }) => {
    const at = cut % (built.url.length + 1);
    return { url: built.url.slice(0, at) + insert + built.url.slice(at + (cut % 3)), built };
  }),
  fc.record({ link: sourceUrlArb, built: builtUrlArb() }).map(({ link, built }) => ({ url: link, built })),
);

test('a URL whose full reading has evidence is never dropped before its source is decoded', () => {
  fc.assert(
    fc.property(urlArb, prefixArb, fc.boolean(), ({ url, built }, extraPrefix, keyKnown) => {
      const options = lintOptionsFor(configFor(built, false, keyKnown ? built.signer : null));
      for (const prefix of ['', built.pathPrefix, extraPrefix]) {
        const reading = parseImgproxyUrl(url, options.imgproxy, options.signing, prefix);
        if (reading === null || evidence(reading, options) === 0) continue;
        assert.ok(mayConvince(reading, options), `${url} (prefix "${prefix}") has evidence ${evidence(reading, options)} but was judged not worth reading`);
        assert.deepEqual(parseImgproxyUrl(url, options.imgproxy, options.signing, prefix, (head) => mayConvince(head, options)), reading);
      }
    }),
    { numRuns: RUNS },
  );
});

test('a URL that some reading, with any path prefix, finds evidence in is never dropped by the one-split check', () => {
  fc.assert(
    fc.property(urlArb, prefixArb, fc.boolean(), ({ url, built }, extraPrefix, keyKnown) => {
      const options = lintOptionsFor(configFor(built, false, keyKnown ? built.signer : null));
      const located = proxyPath(url);
      if (located === null) return;
      const path = url.slice(located.pathStart, located.pathEnd);
      const host = url.slice(located.endpointParts.hostStart, located.endpointParts.hostEnd);
      const segments = path.split('/');
      const prefixes = ['', built.pathPrefix, extraPrefix, segments.slice(0, 2).join('/'), segments.slice(0, 3).join('/')];
      for (const prefix of prefixes) {
        const reading = parseImgproxyUrl(url, options.imgproxy, options.signing, prefix);
        if (reading === null || evidence(reading, options) === 0) continue;
        assert.ok(mayConvinceWithAnyPrefix(path, host, options), `${url} (prefix "${prefix}") has evidence ${evidence(reading, options)} but the one-split check dropped it`);
      }
    }),
    { numRuns: RUNS },
  );
});

const thumborArb = fc.record({
  prefix: fc.constantFrom('', 'thumbor/', 'v1/image/'),
  params: fc.constantFrom('', 'params/'),
  hash: fc.constantFrom('unsafe', 'products', 'en-US', 'AbCdEfGh12', '12345678', 'abcdefgh', 'Zm9vYmFyYmF6cXV4cXV1eDEyMzQ=', `${'Ab1_'.repeat(10)}abc=`, 'UNSAFE-unsafe'),
  steps: fc.array(fc.constantFrom('meta', 'trim', '10x20:30x40', 'fit-in', '300x200', '-300x0', 'left', 'top', 'smart', 'filters:quality(80)', 'filters:watermark(https://example.com/w.png,0,0,0)'), { maxLength: 3 }),
  source: fc.constantFrom('https://example.com/a.png', 'example.com/a.png', 'Example.COM/a.png', 'b64:aHR0cHM6Ly9leGFtcGxlLmNvbS9hLnBuZw', 'images/a.png', 'a.png', 'https%3A%2F%2Fexample.com%2Fa.png'),
}).map(({ prefix, params, hash, steps, source }) => `https://t.example.com/${prefix}${params}${[hash, ...steps, source].join('/')}`);

test('a thumbor/imagor URL whose full reading has evidence is never dropped on its hash', () => {
  fc.assert(
    fc.property(fc.oneof(thumborArb, sourceUrlArb, urlArb.map((u) => u.url)), fc.constantFrom('', '/thumbor', '/v1/image'), fc.constantFrom('http', 'https'), (url, prefix, scheme) => {
      const reading = parseThumborUrl(url, prefix, scheme);
      if (reading === null || thumborEvidence(reading, false) === 0) return;
      assert.ok(hashMayConvince(reading.hash.text), `${url} (prefix "${prefix}") has evidence ${thumborEvidence(reading, false)} but its hash "${reading.hash.text}" was judged not worth reading`);
      assert.deepEqual(parseThumborUrl(url, prefix, scheme, hashMayConvince), reading);
    }),
    { numRuns: RUNS },
  );
});
