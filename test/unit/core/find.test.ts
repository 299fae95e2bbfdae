// Finding URLs in any text: exact UTF-16 ranges in every file type, and no false positives in prose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUrls, LineIndex, lintText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const U1 = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const U2 = `https://imgproxy.example.com/insecure/w:600/${Buffer.from('https://Media.Example.com/b.png').toString('base64url')}.webp`;

const contexts: Record<string, string> = {
  ts: `const a = "${U1}";\nconst b = '${U2}';\nconst c = \`${U1}\`;`,
  python: `thumb = f"${U1}"\nIMAGES = ['${U2}']`,
  go: `url := "${U1}"\nraw := \`${U2}\``,
  html: `<img src="${U1}" srcset="${U1} 1x, ${U2} 2x"><a href='${U2}'>x</a>`,
  css: `.hero { background: url(${U1}); } .b { background-image: url("${U2}") }`,
  markdown: `![hero](${U1}) and [link](${U2}).\nSee ${U1}, and <${U2}>.`,
  yaml: `image: ${U1}\nthumb: "${U2}"\n`,
  json: `{"a": "${U1}", "b": ["${U2}"]}`,
  toml: `hero = "${U1}"\nthumbs = ["${U2}"]`,
  env: `HERO_URL=${U1}\nTHUMB=${U2}\n`,
  ruby: `url = "${U1}"\nImgproxy.url_for("${U2}")`,
  php: `$u = '${U1}'; echo "<img src=\\"${U2}\\">";`,
};

for (const [kind, text] of Object.entries(contexts)) {
  test(`finds every imgproxy URL exactly in ${kind}`, () => {
    const found = lintText(text, options()).map((f) => f.url);
    const expected = [...text.matchAll(/https:\/\/imgproxy[^\s"'`)<>\\]*/g)].map((m) => m[0].replace(/[.,]+$/, ''));
    assert.deepEqual(found, expected);
    for (const f of lintText(text, options())) assert.equal(text.slice(f.start, f.end).length > 0, true);
  });
}

test('ranges are UTF-16 offsets: an emoji and CRLF before the URL', () => {
  const text = `// 😀 emoji\r\nconst a = "${U1}";\r\n`;
  const [finding] = lintText(text, options());
  assert.equal(text.slice(finding.start, finding.end), 'CDN.Example.com');
  const range = new LineIndex(text).range(finding.start, finding.end);
  assert.deepEqual(range.start, { line: 1, character: text.split('\n')[1].indexOf('CDN') });
});

test('a URL inside parentheses keeps balanced parentheses and drops trailing punctuation', () => {
  const url = 'https://imgproxy.example.com/insecure/w:1/plain/https://cdn.example.com/a_(1).jpg';
  assert.deepEqual(findUrls(`[x](${url}).`).map((c) => c.url), [url]);
  assert.deepEqual(findUrls(`(see ${url}),`).map((c) => c.url), [url]);
});

test('a template hole in the source is not judged; a hole elsewhere is fine', () => {
  assert.deepEqual(lintText('`https://imgproxy.example.com/insecure/w:1/plain/https://${host}/a.jpg`', options()), []);
  // The host does not depend on a hole in the path: it is judged, and the fix leaves the hole as written.
  const pathHole = '`https://imgproxy.example.com/insecure/w:1/plain/https://CDN.example.com/{name}.jpg`';
  assert.deepEqual(lintText(pathHole, options()).map((f) => [f.rule, f.source, f.fix?.newText]), [['host-uppercase', 'https://CDN.example.com/{name}.jpg', 'cdn']]);
  // A hole right beside the host may extend it: not judged.
  assert.deepEqual(lintText('`https://imgproxy.example.com/insecure/w:1/plain/https://CDN.example${tld}/a.jpg`', options()), []);
  assert.deepEqual(lintText('`https://${IMGPROXY_HOST}/insecure/w:${width}/plain/https://CDN.example.com/a.jpg`', options()).map((f) => f.rule), ['host-uppercase']);
  assert.deepEqual(lintText('"https://{{ .Values.imgproxy }}/insecure/w:1/plain/https://CDN.example.com/a.jpg"', options()).map((f) => f.rule), ['host-uppercase']);
});

test('every hole syntax of the languages the README claims hides its value: nothing that depends on it is judged', () => {
  const proxy = 'http://localhost:8080/insecure/rs:fill:300:300/plain/';
  const quiet: [string, string][] = [
    ['a.rb', `url = "${proxy}s3://uploads/#{user.avatar.key}"`],
    ['a.rb', `url = "${proxy}https://#{bucket}.s3.amazonaws.com/#{key}"`],
    ['a.py', `u = "${proxy}https://%s/a.jpg" % host`],
    ['a.py', `u = "${proxy}https://%(host)s/a.jpg" % d`],
    ['a.py', `u = "${proxy}https://example.com/%s?%s" % (a, b)`],
    ['a.py', `u = f"${proxy}https://{host}/a.jpg"`],
    ['a.py', `u = "${proxy}https://example.com/{0}#{1}".format(a, b)`],
    ['a.cs', `var u = $"${proxy}https://{host}/a.jpg?{q}";`],
    ['a.php', `$u = "${proxy}https://$host/a.jpg";`],
    ['a.php', `$u = "${proxy}https://example.com/$path?x";`],
    ['a.php', `$u = "${proxy}https://example.com/{$row['path']}?x";`],
    ['a.php', `$u = "${proxy}https://example.com/$obj->path#x";`],
    ['a.kt', `val u = "${proxy}https://$host/a.jpg"`],
    ['a.dart', `final u = '${proxy}https://example.com/$path#x';`],
    ['a.html.erb', `<img src="${proxy}https://<%= host %>/a.jpg">`],
    ['a.html.j2', `src="${proxy}https://{{ host }}/{% if a %}a{% endif %}.jpg?x"`],
    ['a.swift', `let u = "${proxy}https://\\(host)/a.jpg"`],
    ['a.go', `fmt.Sprintf("${proxy}https://%v/%d.jpg", host, id)`],
  ];
  for (const [path, text] of quiet) assert.deepEqual(lintText(text, options(), path).map((f) => f.rule), [], text);
  // What does not depend on a hole is still judged.
  assert.deepEqual(lintText(`$u = "${proxy}https://Example.com/$path?x";`, options(), 'a.php').map((f) => f.rule), ['host-uppercase']);
  assert.deepEqual(lintText(`u = "${proxy}https://Example.com/%s.jpg" % name`, options(), 'a.py').map((f) => f.rule), ['host-uppercase']);
  assert.deepEqual(lintText(`u = "${proxy}https://example.com/a%2Fb.jpg?x"`, options(), 'a.py').map((f) => f.rule), ['plain-source-unescaped']);
  // \`$\` is a plain URL character where the language does not interpolate it.
  assert.deepEqual(lintText(`const u = "${proxy}https://example.com/$path?x";`, options(), 'a.ts').map((f) => f.rule), ['plain-source-unescaped']);
});

test('prose, ordinary URLs and look-alike paths are not imgproxy URLs', () => {
  const prose = [
    'Use the plain/ source form or aHR0cHM6Ly9leGFtcGxlLmNvbQ in base64.',
    'https://github.com/imgproxy/imgproxy/blob/master/README.md',
    'https://example.com/users/plain/profile',
    'https://web.archive.org/web/2020/https://Example.com/',
    'https://cdn.example.com/a:b/c:d/e',
    'https://example.com/api/v1/images/aHR0cHM6Ly9Gb28uY29tL2E',
  ];
  for (const text of prose) assert.deepEqual(lintText(text, options()), [], text);
});

test('a minified line with thousands of URLs is linear, and a huge URL-like run is cut', () => {
  const line = Array.from({ length: 2000 }, (_, i) => `"${U1.replace('a.jpg', `${i}.jpg`)}"`).join(',');
  assert.equal(lintText(line, options()).length, 2000);
  assert.ok(findUrls(`https://x.example.com/${'a'.repeat(100_000)}`)[0].url.length <= 8192);
});
