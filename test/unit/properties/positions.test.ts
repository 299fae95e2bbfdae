// positionsAt (one pass, no line index) gives every offset exactly the position LineIndex gives it, for
// any mix of \n, \r\n and lone \r, offsets in any order, repeated, past the end or negative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex, positionsAt } from '../../../server/src/core/index.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const textArb = fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', '\n\r', '😀', ' '), { maxLength: 60 }).map((parts) => parts.join(''));

test('positionsAt agrees with LineIndex on every offset', () => {
  fc.assert(
    fc.property(textArb, fc.array(fc.integer({ min: -2, max: 130 }), { maxLength: 20 }), (text, offsets) => {
      const index = new LineIndex(text);
      assert.deepEqual(positionsAt(text, offsets), offsets.map((offset) => index.positionAt(offset)));
    }),
    { numRuns: RUNS },
  );
});

test('positionsAt: an offset inside \\r\\n stays on the line the \\r ends', () => {
  assert.deepEqual(positionsAt('ab\r\ncd\rx', [3, 2, 4, 7, 8]), [
    { line: 0, character: 3 }, { line: 0, character: 2 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 2, character: 1 },
  ]);
});
