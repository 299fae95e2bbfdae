// Imaginary (`/<operation>?url=…`) and picfit (`/display?url=…&sig=`) URLs: the source in the `url`
// parameter read and fixed in place; a signed URL gets no fix while its key is unknown (re-signing with a
// known key: query-signatures.test.ts); look-alikes such as Next.js's `/_next/image?url=` are not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, applyEdits, lintText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const dialect = (url: string, opts = options()) => analyzeText(`"${url}"`, opts).urls[0].read?.dialect.id ?? null;

test('Imaginary and picfit URLs from their READMEs are read by their own dialect', () => {
  assert.equal(dialect('http://localhost:8088/resize?width=300&height=200&url=https://Example.com/a.jpg'), 'imaginary');
  assert.equal(dialect('http://localhost:8088/thumbnail?url=https%3A%2F%2FExample.com%2Fa.jpg&width=100'), 'imaginary');
  assert.equal(dialect('https://img.example.com/display?url=https%3A%2F%2FExample.com%2Fa.jpg&w=100&h=100&op=resize'), 'picfit');
  assert.equal(dialect(`https://img.example.com/display?url=https%3A%2F%2FExample.com%2Fa.jpg&sig=${'ab'.repeat(20)}`), 'picfit');
});

test('the source is fixed in place, percent-encoding kept; a signed URL gets no fix without the key', () => {
  for (const url of [
    'http://localhost:8088/resize?width=300&url=https%3A%2F%2FExample.com%2Fa.jpg',
    'https://img.example.com/display?url=https://Example.com/a.jpg&w=100&op=resize',
  ]) {
    const [finding] = lintText(`"${url}"`, options());
    assert.equal(finding.rule, 'host-uppercase', url);
    assert.match(finding.message, /\(Go/);
    const after = applyEdits(`"${url}"`, [finding.fix!]);
    assert.equal(after, `"${url.replace('Example', 'example')}"`);
  }
  const [signed] = lintText(`"https://img.example.com/display?url=https://Example.com/a.jpg&w=100&op=resize&sig=${'ab'.repeat(20)}"`, options());
  assert.equal(signed.fix, null);
  assert.match(signed.message, /sig=/);
});

test('look-alikes are not read: Next.js, weserv, a search page, an unknown operation', () => {
  for (const url of [
    'https://example.com/_next/image?url=https%3A%2F%2FExample.com%2Fa.jpg&w=640&q=75',
    'https://images.weserv.nl/?url=Example.com/a.jpg&w=300',
    'https://example.com/search?url=https://Example.com/&q=1',
    'https://example.com/resize?url=https://Example.com/a.jpg&w=300',
  ]) assert.equal(dialect(url), null, url);
  assert.equal(dialect('https://example.com/resize?url=https://Example.com/a.jpg&w=300', options({ picfit: { hosts: ['example.com'] } })), 'picfit');
});
