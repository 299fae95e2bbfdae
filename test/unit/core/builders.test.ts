// Source URLs passed to imgproxy URL builders: every documented call form (docs/builders.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, extractSources, lintText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const forms: [string, string, string][] = [
  ['imgproxy-node generateImageUrl({ url })', `const a = generateImageUrl({ endpoint: 'https://imgproxy.example.com', url: 'https://CDN.Example.com/a.jpg', options: { w: 1 } });`, 'generateImageUrl'],
  ['imgproxy-node url: { value }', `generateImageUrl({ url: { value: "https://CDN.Example.com/a.jpg", displayAs: 'base64' } })`, 'generateImageUrl'],
  ['imgproxy-node generateImageInfoUrl', `generateImageInfoUrl({\n  endpoint: "https://imgproxy.example.com",\n  url: "https://CDN.Example.com/a.jpg",\n})`, 'generateImageInfoUrl'],
  ['js-core generateUrl({ value, type })', `generateUrl({ value: 'https://CDN.Example.com/a.jpg', type: 'plain' }, { options: { w: 1 } })`, 'generateUrl'],
  ['npm imgproxy builder .generateUrl', `imgproxy.builder().resize('fill', 300, 200, 0).generateUrl('https://CDN.Example.com/a.jpg');`, 'generateUrl'],
  ['Ruby Imgproxy.url_for(…)', `Imgproxy.url_for("https://CDN.Example.com/a.jpg", width: 300)`, 'Imgproxy.url_for'],
  ['Ruby Imgproxy.url_for without parentheses', `Imgproxy.url_for "https://CDN.Example.com/a.jpg", width: 300`, 'Imgproxy.url_for'],
  ['Ruby Imgproxy.info_url_for', `Imgproxy.info_url_for('https://CDN.Example.com/a.jpg')`, 'Imgproxy.info_url_for'],
  ['Python ImgProxy(…)', `img = ImgProxy('https://CDN.Example.com/a.jpg', proxy_host='https://imgproxy.com')`, 'ImgProxy'],
  ['Go imgproxy-go ….Generate(…)', `u, err := ip.Builder().Format("png").Generate("https://CDN.Example.com/a.jpg")`, 'Generate'],
  ['Go imgproxyurl.New(…)', `u, err := imgproxyurl.New("https://CDN.Example.com/a.jpg").SetWidth(1).Get()`, 'imgproxyurl.New'],
  ['Go imgproxyurl.NewFromEnvironment(…)', `imgproxyurl.NewFromEnvironment(\`https://CDN.Example.com/a.jpg\`)`, 'imgproxyurl.NewFromEnvironment'],
];

for (const [name, code, call] of forms) {
  test(`builder call: ${name}`, () => {
    const findings = lintText(code, options());
    assert.deepEqual(findings.map((f) => [f.rule, f.host]), [['host-uppercase', 'CDN.Example.com']]);
    assert.ok(findings[0].message.includes(`(passed to ${call})`), findings[0].message);
    assert.equal(code.slice(findings[0].start, findings[0].end), 'https://CDN.Example.com/a.jpg');
    assert.equal(applyEdits(code, [findings[0].fix!]), code.replace('CDN.Example.com', 'cdn.example.com'));
    assert.deepEqual(extractSources(code, options()).map((s) => s.host), ['CDN.Example.com']);
  });
}

test('builder calls with a lowercase host, a variable or a template hole are not reported', () => {
  for (const code of [
    `generateImageUrl({ url: 'https://cdn.example.com/a.jpg' })`,
    `Imgproxy.url_for(product.image_url, width: 300)`,
    'generateImageUrl({ url: `https://${host}/a.jpg` })',
    `generateImageUrl({ endpoint: 'https://IMGPROXY.example.com', url: src })`,
    `somethingElse('https://CDN.Example.com/a.jpg')`,
  ]) assert.deepEqual(lintText(code, options()).map((f) => f.rule), [], code);
});

test('with checkAllUrls, a builder literal is reported once, as a builder source', () => {
  const findings = lintText(`ImgProxy('https://CDN.Example.com/a.jpg')`, options({ checkAllUrls: true }));
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /passed to ImgProxy/);
});
