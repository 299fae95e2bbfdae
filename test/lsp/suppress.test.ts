// The inline-disable comments the server inserts: the language's comment syntax, the line's indentation,
// the file's line ends, and a file-wide marker after a shebang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/index.js';
import { commentSyntax, disableFileEdit, disableNextLineEdit } from '../../server/src/lsp/suppress.js';

test('a comment line above the finding, indented like it, in the language syntax and the file line ends', () => {
  const ts = 'function f() {\r\n\t\tload("https://x");\r\n}\r\n';
  const at = ts.indexOf('https');
  assert.equal(applyEdits(ts, [disableNextLineEdit(ts, at, 'host-uppercase', 'typescript')!]),
    'function f() {\r\n\t\t// imgproxy-url-lint-disable-next-line host-uppercase\r\n\t\tload("https://x");\r\n}\r\n');
  const md = '# Title\n\n  ![a](https://x)\n';
  assert.equal(applyEdits(md, [disableNextLineEdit(md, md.indexOf('https'), 'host-uppercase', 'markdown')!]),
    '# Title\n\n  <!-- imgproxy-url-lint-disable-next-line host-uppercase -->\n  ![a](https://x)\n');
  const first = 'https://x\n';
  assert.equal(applyEdits(first, [disableNextLineEdit(first, 0, 'scheme-uppercase', 'yaml')!]), '# imgproxy-url-lint-disable-next-line scheme-uppercase\nhttps://x\n');
});

test('a file-wide comment at the top, after a shebang; none for languages without comments', () => {
  const sh = '#!/bin/sh\ncurl https://x\n';
  assert.equal(applyEdits(sh, [disableFileEdit(sh, 'host-uppercase', 'shellscript')!]), '#!/bin/sh\n# imgproxy-url-lint-disable host-uppercase\ncurl https://x\n');
  const css = 'a { background: url(https://x) }';
  assert.equal(applyEdits(css, [disableFileEdit(css, 'host-uppercase', 'css')!]), '/* imgproxy-url-lint-disable host-uppercase */\na { background: url(https://x) }');
  assert.equal(disableFileEdit('{}', 'host-uppercase', 'json'), undefined);
  assert.equal(disableNextLineEdit('x', 0, 'host-uppercase', 'plaintext'), undefined);
  assert.equal(commentSyntax('python')?.start, '#');
});
