// Inline markers silence findings by line or file, in any comment syntax, for named rules or all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, lintText } from '../../../server/src/core/index.js';
import { disableFileEdit, disableNextLineEdit } from '../../../server/src/lsp/suppress.js';
import { options } from './helpers.js';

const URL = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com./a.jpg';
const rules = (text: string) => lintText(text, options()).map((f) => f.rule).sort();

test('disable-next-line, disable-line and disable (file) silence the named rules only', () => {
  assert.deepEqual(rules(`x = "${URL}"`), ['host-trailing-dot', 'host-uppercase']);
  assert.deepEqual(rules(`// imgproxy-url-lint-disable-next-line host-uppercase\nx = "${URL}"`), ['host-trailing-dot']);
  assert.deepEqual(rules(`x = "${URL}" # imgproxy-url-lint-disable-line host-uppercase, host-trailing-dot`), []);
  assert.deepEqual(rules(`<!-- imgproxy-url-lint-disable host-trailing-dot -->\n\n<img src="${URL}">`), ['host-uppercase']);
  assert.deepEqual(rules(`/* imgproxy-url-lint-disable */\n.a { background: url(${URL}) }`), []);
});

test('a marker covers its own line or the next one only, and an unknown id silences nothing', () => {
  assert.deepEqual(rules(`// imgproxy-url-lint-disable-next-line host-uppercase\n\nx = "${URL}"`), ['host-trailing-dot', 'host-uppercase']);
  assert.deepEqual(rules(`// imgproxy-url-lint-disable-next-line host-upper\nx = "${URL}"`), ['host-trailing-dot', 'host-uppercase']);
  assert.deepEqual(rules(`x = "${URL}"\r// imgproxy-url-lint-disable-line host-uppercase`), ['host-trailing-dot', 'host-uppercase']);
});

test('the comments the language server inserts are honoured by the engine', () => {
  const ts = `function f() {\n  load("${URL}");\n}\n`;
  const line = applyEdits(ts, [disableNextLineEdit(ts, ts.indexOf('https'), 'host-uppercase', 'typescript')!]);
  assert.deepEqual(rules(line), ['host-trailing-dot']);
  const yaml = `hero: ${URL}\n`;
  const file = applyEdits(yaml, [disableFileEdit(yaml, 'host-trailing-dot', 'yaml')!]);
  assert.deepEqual(rules(file), ['host-uppercase']);
});
