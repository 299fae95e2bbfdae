import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign, signingFromEnv } from '../../../server/src/core/index.js';
import { EXAMPLES_KEY, EXAMPLES_SALT, hex } from './helpers.js';

// Spec §2 test vectors.
const vectors: { key: string; salt: string; path: string; size: number; expected: string }[] = [
  { key: hex('secret'), salt: hex('hello'), path: '/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png', size: 32, expected: 'oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8' },
  { key: hex('test-key'), salt: hex('test-salt'), path: 'asd', size: 32, expected: 'oWaL7QoW5TsgbuiS9-5-DI8S3Ibbo1gdB2SteJh3a20' },
  { key: hex('test-key'), salt: hex('test-salt'), path: 'asd', size: 8, expected: 'oWaL7QoW5Ts' },
  { key: hex('test-key2'), salt: hex('test-salt2'), path: 'asd', size: 32, expected: 'jYz1UZ7j1BCdSzH3pZhaYf0iuz0vusoOTdqJsUT6WXI' },
  { key: EXAMPLES_KEY, salt: EXAMPLES_SALT, path: '/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', size: 32, expected: 'm3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavc' },
  { key: EXAMPLES_KEY, salt: EXAMPLES_SALT, path: '/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', size: 8, expected: 'm3k5QADfcKM' },
  { key: EXAMPLES_KEY, salt: EXAMPLES_SALT, path: '/el:t/f:png/g:no/h:300/rt:fit/w:300/aHR0cHM6Ly9leGFtcGxlLmNvbS9pbWFnZS5qcGc', size: 32, expected: 'zsdsCjFCqcAniKFCygMBToRh6l5jVZbL0bhrnnUGK58' },
  { key: hex('secret'), salt: hex('hello'), path: '/rs:fit:300:300/plain/https%3A%2F%2FCDN.Example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp', size: 32, expected: 'EIDC83AI-MdisxL2Ww40Jc8-C-eYKI2cGspqBAsiCPA' },
];

for (const v of vectors) {
  test(`signature of ${v.path.slice(0, 40)}… (size ${v.size})`, () => {
    const { pairs } = signingFromEnv(new Map([['IMGPROXY_KEY', v.key], ['IMGPROXY_SALT', v.salt]]), 'test');
    assert.equal(sign(v.path, pairs[0], v.size), v.expected);
  });
}

test('signing settings: comma lists make pairs, mismatched counts and bad hex are errors that never echo the secret', () => {
  const settings = signingFromEnv(new Map([['IMGPROXY_KEY', `${hex('a')},${hex('b')}`], ['IMGPROXY_SALT', `${hex('c')},${hex('d')}`], ['IMGPROXY_SIGNATURE_SIZE', '8']]), 'x.env');
  assert.equal(settings.pairs.length, 2);
  assert.equal(settings.signatureSize, 8);
  assert.throws(() => signingFromEnv(new Map([['IMGPROXY_KEY', hex('a')], ['IMGPROXY_SALT', `${hex('c')},${hex('d')}`]]), 'x.env'), /1 entries but IMGPROXY_SALT has 2/);
  assert.throws(
    () => signingFromEnv(new Map([['IMGPROXY_KEY', 'zz-secret-zz'], ['IMGPROXY_SALT', hex('c')]]), 'x.env'),
    (error: Error) => /x\.env.*IMGPROXY_KEY.*hex/.test(error.message) && !error.message.includes('zz-secret-zz'),
  );
  assert.throws(() => signingFromEnv(new Map([['IMGPROXY_SIGNATURE_SIZE', '33']]), 'x.env'), /1 to 32/);
  assert.equal(signingFromEnv(new Map([['IMGPROXY_KEY', hex('a')]]), 'x').pairs.length, 0, 'signing is off when the salt is empty');
});
