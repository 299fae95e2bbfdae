// The documented signature examples of Imaginary (README "URL signature") and picfit (signature_test.go,
// README "Request signing"), recomputed. Expected values were computed apart from this code, with Python's
// hmac and urllib (quote_plus with Go's unreserved set), following middleware.go and signature.go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { parseQueryUrl } from '../../../server/src/core/dialects/query.js';
import { goEncodeQuery, goParseQuery } from '../../../server/src/core/dialects/go-query.js';
import { imaginaryAccepts, signImaginary } from '../../../server/src/core/dialects/imaginary/signature.js';
import { picfitAccepts, picfitSignedText, signPicfit } from '../../../server/src/core/dialects/picfit/signature.js';

const IMAGINARY_README_KEY = '4f46feebafc4b5e988f131c4ff8b5997';

test('Imaginary\'s README example: /resize + file=image.jpg&height=200&type=jpeg&width=300, in any parameter order', () => {
  for (const query of ['file=image.jpg&height=200&type=jpeg&width=300', 'width=300&type=jpeg&file=image.jpg&height=200&sign=x']) {
    const reading = parseQueryUrl(`http://localhost:8088/resize?${query}`)!;
    assert.equal(signImaginary(reading, IMAGINARY_README_KEY), 'ruEWRoFO-ic-L38vTsjqIYE6DLZ532CTaZXOh1gwuVo', query);
  }
});

test('Imaginary accepts only unpadded base64url of the right MAC (base64.RawURLEncoding)', () => {
  const reading = parseQueryUrl('http://localhost:8088/resize?file=image.jpg&height=200&type=jpeg&width=300')!;
  assert.equal(imaginaryAccepts(reading, IMAGINARY_README_KEY, 'ruEWRoFO-ic-L38vTsjqIYE6DLZ532CTaZXOh1gwuVo'), true);
  assert.equal(imaginaryAccepts(reading, IMAGINARY_README_KEY, 'ruEWRoFO-ic-L38vTsjqIYE6DLZ532CTaZXOh1gwuVo='), false);
  assert.equal(imaginaryAccepts(reading, IMAGINARY_README_KEY, 'ruEWRoFO+ic+L38vTsjqIYE6DLZ532CTaZXOh1gwuVo'), false);
  assert.equal(imaginaryAccepts(reading, IMAGINARY_README_KEY, ''), false);
});

test('picfit\'s signature_test.go: Sign("abcdef", "x=1&y=2&z=3") is c9516346…; the server signs "&x=1&y=2&z=3" for that query', () => {
  assert.equal(createHmac('sha1', 'abcdef').update('x=1&y=2&z=3').digest('hex'), 'c9516346abf62876b6345817dba2f9a0c797ef26');
  const query = 'x=1&y=2&z=3&sig=c9516346abf62876b6345817dba2f9a0c797ef26';
  // Nothing sorts before "sig": VerifyParameters re-encodes "sig=…&x=1&y=2&z=3" and cuts "sig=…" only.
  assert.equal(picfitSignedText(query), '&x=1&y=2&z=3');
  const reading = parseQueryUrl(`http://localhost:3001/display?${query}`)!;
  assert.equal(signPicfit(reading, 'abcdef'), '59eec9a70885a31438813b2d457bf72bf88e177b');
  assert.equal(picfitAccepts(reading, 'abcdef', 'c9516346abf62876b6345817dba2f9a0c797ef26'), false);
});

test('picfit\'s README example "w=100&h=100&sig=…" is signed sorted, as h=100&w=100', () => {
  assert.equal(picfitSignedText('w=100&h=100&sig=c9516346abf62876b6345817dba2f9a0c797ef26'), 'h=100&w=100');
  assert.equal(signPicfit(parseQueryUrl('http://localhost:3001/display?w=100&h=100&sig=0')!, 'abcdef'), '8f697a11dec959bc2bc1bc76c6c56cb68a5f5054');
});

test('picfit keeps every op= but only the first value of other parameters; + and %20 are one space', () => {
  assert.equal(
    picfitSignedText('sig=x&url=https%3A%2F%2FExample.com%2Fa%20b.jpg&w=100&w=200&op=resize&op=op:rotate+deg:180'),
    'op=resize&op=op%3Arotate+deg%3A180&url=https%3A%2F%2FExample.com%2Fa+b.jpg&w=100',
  );
});

test('Go\'s ParseQuery and Values.Encode: pairs with ; or bad escapes dropped, bytes sorted, QueryEscape', () => {
  assert.deepEqual(goParseQuery('a=1;b=2&c=%zz&d=%41+b&&e'), [['d', 'A b'], ['e', '']]);
  assert.equal(goEncodeQuery(goParseQuery('b=2&a=é&a=1&~=x y*')), 'a=%C3%A9&a=1&b=2&~=x+y%2A');
});
