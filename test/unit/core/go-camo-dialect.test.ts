// go-camo URLs (spec/dialects.md §3): `/<digest>/<encoded url>`, hex or base64url, HMAC-SHA1 with GOCAMO_HMAC.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { analyzeText, applyEdits, lintText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const key = 'test';
const source = 'https://Example.com/cat.jpg';
const hmac = (url: string) => createHmac('sha1', key).update(url).digest();
const hexUrl = (url: string) => `https://camo.example.com/${hmac(url).toString('hex')}/${Buffer.from(url).toString('hex')}`;
const b64Url = (url: string) => `https://camo.example.com/${hmac(url).toString('base64url')}/${Buffer.from(url).toString('base64url')}`;
const withKey = options({}, { GOCAMO_HMAC: key });

test('go-camo\'s README example digest (key "test", http://golang.org/doc/gopher/frontpage.png) verifies in both encodings', () => {
  const url = 'http://golang.org/doc/gopher/frontpage.png';
  assert.equal(hmac(url).toString('hex'), '0f6def1cb147b0e84f39cbddc5ea10c80253a6f3');
  for (const camo of [hexUrl(url), b64Url(url)]) {
    assert.equal(analyzeText(`"${camo}"`, withKey).urls[0].read?.dialect.id, 'go-camo', camo);
    assert.deepEqual(lintText(`"${camo}"`, withKey), []);
  }
});

test('the hidden host is found, fixed in its encoding and re-signed; without the key, no fix', () => {
  for (const camo of [hexUrl(source), b64Url(source)]) {
    const [finding] = lintText(`"${camo}"`, withKey);
    assert.equal(finding.rule, 'host-uppercase', camo);
    assert.match(finding.message, /go-camo \(Go\)/);
    const after = applyEdits(`"${camo}"`, [finding.fix!]);
    assert.equal(after, `"${camo.includes(hmac(source).toString('hex')) ? hexUrl(source.toLowerCase()) : b64Url(source.toLowerCase())}"`);
    assert.deepEqual(lintText(after, withKey), []);
  }
  const [unkeyed] = lintText(`"${b64Url(source)}"`, options());
  assert.equal(unkeyed.fix, null);
  assert.match(unkeyed.message, /GOCAMO_HMAC/);
});

test('the hex form is the Node camo\'s too: read only with a key that verifies or a configured host', () => {
  assert.equal(analyzeText(`"${hexUrl(source)}"`, options()).urls[0].read, null);
  assert.equal(analyzeText(`"${hexUrl(source)}"`, options({ goCamo: { hosts: ['camo.example.com'] } })).urls[0].read?.dialect.id, 'go-camo');
  const wrong = hexUrl(source).replace(/\/[0-9a-f]{40}\//, `/${'0'.repeat(40)}/`);
  assert.equal(analyzeText(`"${wrong}"`, withKey).urls[0].read, null);
  assert.deepEqual(lintText(`"${b64Url(source).replace(/\/[^/]{27}\//, `/${'A'.repeat(27)}/`)}"`, withKey).map((f) => f.rule), ['signature-mismatch', 'host-uppercase']);
});

test('a loopback or link-local source is a warning: go-camo\'s dialer refuses addresses that are not global unicast', () => {
  for (const [url, rule] of [['http://127.0.0.1/a.png', 'host-loopback'], ['http://169.254.169.254/latest/meta-data', 'host-link-local']]) {
    const findings = lintText(`"${b64Url(url)}"`, withKey);
    const finding = findings.find((f) => f.rule === rule);
    assert.ok(finding, `${rule}: ${JSON.stringify(findings)}`);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /go-camo refuses it/);
  }
});
