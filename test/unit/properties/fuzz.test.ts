// Hostile text for the engine: generated URLs broken at random (characters inserted, deleted, cut short,
// lone surrogates, NULs, template holes) and random noise. The engine never throws, every range lies in
// the text, every fix applies, and fixing twice changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, extractSources, lintText, LineIndex, selectNonOverlapping } from '../../../server/src/core/index.js';
import { builtUrlArb } from './builder.js';
import { configFor, fixAll, lintOptionsFor } from './helpers.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const HOSTILE = ['%', '%2', '%zz', '@', '/', '//', '=', '.', ':', ':/', '?', '#', '{', '}', '${', '{{', '#{', '<%', '\u0000', '\ud800', '\udfff', '😀', '\r', '\n', ' ', '"', ')', '(', '[', ']', 'plain/', 'enc/', 'http://', 'HTTPS://', 'A', '\u00a0', '\u202e', '%E2%80%AE', 'wmu:', '%3A'];

const mutation = fc.oneof(
  fc.tuple(fc.constant('insert' as const), fc.nat(), fc.constantFrom(...HOSTILE)),
  fc.tuple(fc.constant('delete' as const), fc.nat(), fc.integer({ min: 1, max: 5 })),
  fc.tuple(fc.constant('cut' as const), fc.nat(), fc.constant(0)),
);

const brokenArb = fc.record({ built: builtUrlArb(), mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }), configureHost: fc.boolean() }).map(({ built, mutations, configureHost }) => {
  let url = built.url;
  for (const [kind, at, arg] of mutations) {
    const i = at % (url.length + 1);
    if (kind === 'insert') url = url.slice(0, i) + arg + url.slice(i);
    else if (kind === 'delete') url = url.slice(0, i) + url.slice(i + (arg as number));
    else url = url.slice(0, Math.max(10, i));
  }
  return { built, url, configureHost };
});

function checkText(text: string, options: ReturnType<typeof lintOptionsFor>): void {
  const findings = lintText(text, options);
  for (const f of findings) {
    assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end, `range ${f.start}-${f.end} outside a text of ${text.length}`);
    assert.equal(typeof f.message, 'string');
    if (f.fix) assert.ok(f.fix.start >= 0 && f.fix.end <= text.length && f.fix.start <= f.fix.end);
  }
  extractSources(text, options);
  const index = new LineIndex(text);
  for (const f of findings) index.range(f.start, f.end);
  const once = applyEdits(text, selectNonOverlapping(findings.flatMap((f) => (f.fix ? [f.fix] : []))));
  assert.equal(fixAll(once, options), once, `fixing twice changes something: ${JSON.stringify(text)}`);
}

test('broken imgproxy URLs: no throw, ranges inside the text, fixes apply, fixing twice changes nothing', () => {
  fc.assert(
    fc.property(brokenArb, fc.constantFrom('"', "'", ' ', '(', ''), ({ built, url, configureHost }, quote) => {
      checkText(`${quote}${url}${quote}\n${quote}${built.url}${quote}`, lintOptionsFor(configFor(built, configureHost)));
    }),
    { numRuns: RUNS },
  );
});

test('random text with URL fragments: no throw', () => {
  const pieceArb = fc.oneof(fc.constantFrom(...HOSTILE, 'https://', 'http://i.example.com/', 'insecure/', 'rs:fit:1:1/', 'aHR0cHM6Ly9B', '.png', '@webp'), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 4 }));
  fc.assert(
    fc.property(fc.array(pieceArb, { maxLength: 40 }), builtUrlArb(), (pieces, built) => {
      checkText(pieces.join(''), lintOptionsFor(configFor(built, false)));
    }),
    { numRuns: RUNS },
  );
});
