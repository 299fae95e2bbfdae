// The imgproxy recogniser decides before decoding a URL's source whether its signature and options can
// make it convincing (mayConvince), and skips the decoding when not. That must never change a verdict:
// whenever a full reading has evidence, the early check said yes. Generated imgproxy URLs (every
// encoding, prefix, separator, signed or not), the same broken at random, and ordinary links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseImgproxyUrl } from '../../../server/src/core/dialects/imgproxy/parse.js';
import { evidence, mayConvince } from '../../../server/src/core/dialects/imgproxy/recognize.js';
import { builtUrlArb, prefixArb, sourceUrlArb } from './builder.js';
import { configFor, lintOptionsFor } from './helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const noise = fc.constantFrom('', '/', 'x', 'plain', 'AbC_-9', '%3A', ':', 'rs:fit:1:1', 'w:10', 'aW1n', 'insecure', 'unsafe', 'imgproxy.', '.png', '@webp');
const urlArb = fc.oneof(
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
