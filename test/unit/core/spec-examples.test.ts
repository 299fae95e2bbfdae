// Every worked example of spec §7: decoded source, host, and the findings the linter gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainImgproxyUrl, extractSources, lintText, parseSourceUrl, recognizeImgproxyUrl, type ProjectConfig } from '../../../server/src/core/index.js';
import { examplesSigning, options, secretHello } from './helpers.js';

interface Example {
  name: string;
  url: string;
  config?: ProjectConfig;
  env?: Record<string, string>;
  source: string | null;
  extension?: string;
  rules: string[];
}

const examples: Example[] = [
  { name: '1 docs, insecure, split base64', url: 'http://imgproxy.example.com/insecure/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png', source: 'http://example.com/images/curiosity.jpg', extension: 'png', rules: [] },
  { name: '2 docs, signed secret/hello', env: secretHello, url: 'http://imgproxy.example.com/oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png', source: 'http://example.com/images/curiosity.jpg', rules: [] },
  { name: '3 signed plain', env: examplesSigning, url: 'http://imgproxy.example.com/m3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavc/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', source: 'http://img.example.com/pretty/image.jpg', rules: [] },
  { name: '3 signed plain, size 8', env: { ...examplesSigning, IMGPROXY_SIGNATURE_SIZE: '8' }, url: 'http://imgproxy.example.com/m3k5QADfcKM/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', source: 'http://img.example.com/pretty/image.jpg', rules: [] },
  { name: '3 signed plain, wrong key', env: secretHello, url: 'http://imgproxy.example.com/m3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavc/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', source: 'http://img.example.com/pretty/image.jpg', rules: ['signature-mismatch'] },
  { name: '4 preset + plain + @ext', env: secretHello, url: 'http://imgproxy.example.com/XgLTSkM-JHMylTX8o0VvKXQB4ie7j7Id_15YStHLbwE/pr:sharp/rs:fill:300:400:0/g:sm/plain/http://example.com/images/curiosity.jpg@png', source: 'http://example.com/images/curiosity.jpg', extension: 'png', rules: [] },
  { name: '4 long option names', url: 'http://imgproxy.example.com/insecure/preset:sharp/resize:fill:300:400:0/gravity:sm/plain/http://example.com/images/curiosity.jpg@png', source: 'http://example.com/images/curiosity.jpg', rules: [] },
  { name: '5 percent-encoded plain, mixed-case host', url: 'https://img.example.org/_/rs:fit:300:300/plain/https%3A%2F%2FCDN.Example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp', source: 'https://CDN.Example.com/img/a b.jpg?v=2', extension: 'webp', rules: ['host-uppercase'] },
  { name: '5 signed with secret/hello', env: secretHello, url: 'https://img.example.org/EIDC83AI-MdisxL2Ww40Jc8-C-eYKI2cGspqBAsiCPA/rs:fit:300:300/plain/https%3A%2F%2FCDN.Example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp', source: 'https://CDN.Example.com/img/a b.jpg?v=2', rules: ['host-uppercase'] },
  { name: '6 ruby gem, fully escaped', url: 'http://imgproxy.test/unsafe/w:200/plain/https%3A%2F%2Fimages.test%2Fimage.jpg%3Fversion%3D123', source: 'https://images.test/image.jpg?version=123', rules: [] },
  { name: '7 issue #1325, no signature segment', url: 'http://127.0.0.1:8080/preset:default/mb:1048576/rs:fit:4096:4096/aHR0cHM6Ly9FYnRla2Fyc3RvcmUuaXIvaG9zdC9FYnRla2Fhci8yMDI0LzgvOTk0NDA1MzcyNzI4OC5qcGc=.jpg', source: 'https://Ebtekarstore.ir/host/Ebtekaar/2024/8/9944053727288.jpg', extension: 'jpg', rules: ['signature-missing', 'host-uppercase'] },
  { name: '7 v4-valid 16-character splits', url: 'http://127.0.0.1:8080/insecure/mb:1048576/rs:fit:4096:4096/aHR0cHM6Ly9FYnRl/a2Fyc3RvcmUuaXIv/aG9zdC9FYnRla2Fh/ci8yMDI0LzgvOTk0/NDA1MzcyNzI4OC5q/cGc.jpg', source: 'https://Ebtekarstore.ir/host/Ebtekaar/2024/8/9944053727288.jpg', rules: ['host-uppercase'] },
  { name: '8 path prefix, configured', config: { imgproxy: { pathPrefix: '/imgproxy' } }, url: 'https://cdn.example.org/imgproxy/insecure/rs:fill:300:200/plain/http://example.com/image.jpg', source: 'http://example.com/image.jpg', rules: [] },
  { name: '8 path prefix, inferred', url: 'https://cdn.example.org/imgproxy/insecure/rs:fill:300:200/plain/http://Example.com/image.jpg', source: 'http://Example.com/image.jpg', rules: ['host-uppercase'] },
  { name: '9 local file', url: 'http://imgproxy.example.com/insecure/rs:fit:300:200/plain/local:///logos/imgproxy.png@jpg', source: 'local:///logos/imgproxy.png', rules: [] },
  { name: '10 s3 plain', url: 'http://imgproxy.example.com/insecure/w:500/plain/s3://my-bucket/photos/cat.jpg%3F3HL4kqtJlcpXroDTDmJ@webp', source: 's3://my-bucket/photos/cat.jpg?3HL4kqtJlcpXroDTDmJ', rules: [] },
  { name: '10 s3 base64', url: 'http://imgproxy.example.com/insecure/w:500/czM6Ly9teS1idWNr/ZXQvcGhvdG9zL2Nh/dC5qcGc.webp', source: 's3://my-bucket/photos/cat.jpg', rules: [] },
  { name: '11 imgproxy-node output', env: examplesSigning, url: 'https://imgproxy.example.com/zsdsCjFCqcAniKFCygMBToRh6l5jVZbL0bhrnnUGK58/el:t/f:png/g:no/h:300/rt:fit/w:300/aHR0cHM6Ly9leGFtcGxlLmNvbS9pbWFnZS5qcGc', source: 'https://example.com/image.jpg', rules: [] },
  { name: '12 encrypted, no key: opaque', url: 'http://imgproxy.example.com/unsafe/rs:fit:300:300/enc/p5VjorNdhs7mRRw8gA9TWoRlGci3l1kuzqN43UQlRaRIQ0qtBKW3qFABIsx-ZRz_cVc8iVTYbhsNsxNBL1BHaQ', source: null, rules: [] },
  { name: '12 encrypted, docs key', env: { IMGPROXY_SOURCE_URL_ENCRYPTION_KEY: '1eb5b0e971ad7f45324c1bb15c947cb207c43152fa5c6c7f35c4f36e0c18e0f1' }, url: 'http://imgproxy.example.com/unsafe/rs:fit:300:300/enc/p5VjorNdhs7mRRw8gA9TWoRlGci3l1kuzqN43UQlRaRIQ0qtBKW3qFABIsx-ZRz_cVc8iVTYbhsNsxNBL1BHaQ', source: 'http://example.com/images/curiosity.jpg', rules: [] },
  { name: '12 encrypted, rb vector, split', env: { IMGPROXY_SOURCE_URL_ENCRYPTION_KEY: '1eb5b0e971ad7f45324c1bb15c947cb207c43152fa5c6c7f35c4f36e0c18e0f1' }, url: 'http://imgproxy.test/unsafe/w:300/enc/MTIzNDU2Nzg5MDEy/MzQ1Np6L0YlR92XD/i3aaVA5KINDMHKXf/LUaQ1N0ae5N7JjBZ', source: 'https://images.test/image.jpg', rules: [] },
  { name: '13 info endpoint', url: 'http://imgproxy.test/info/unsafe/c:300:0/plain/https://images.test/image.jpg', source: 'https://images.test/image.jpg', rules: [] },
  { name: '14 presets-only mode', config: { imgproxy: { onlyPresets: true } }, url: 'http://imgproxy.example.com/unsafe/thumbnail:blurry:watermarked/plain/http://example.com/images/curiosity.jpg@png', source: 'http://example.com/images/curiosity.jpg', rules: [] },
  { name: '15 custom separator', config: { imgproxy: { argumentsSeparator: ',' } }, url: 'http://imgproxy.example.com/unsafe/size,100,100,1/plain/http://images.dev/lorem/ipsum.jpg', source: 'http://images.dev/lorem/ipsum.jpg', rules: [] },
  { name: '16 base64 with SEO filename', config: { imgproxy: { base64UrlIncludesFilename: true } }, url: 'http://imgproxy.example.com/unsafe/rs:fit:300:300/aHR0cDovL2V4YW1wbGUuY29tL3B1cHB5LmpwZw.webp/puppy.jpg', source: 'http://example.com/puppy.jpg', rules: [] },
  { name: '17 scheme:/x repair', url: 'http://imgproxy.example.com/unsafe/rs:fill:300:200/plain/https:/Example.com/path/to/image.jpg', source: 'https://Example.com/path/to/image.jpg', rules: ['host-uppercase'] },
  { name: '17 %3A in options', url: 'http://imgproxy.example.com/unsafe/rs%3Afill%3A300%3A200/plain/https://example.com/path/to/image.jpg', source: 'https://example.com/path/to/image.jpg', rules: [] },
  { name: '18 literal @ trap', url: 'http://imgproxy.example.com/unsafe/rs:fit:300:300/plain/http://example.com@evil.com/x.jpg', source: 'http://example.com', rules: ['plain-source-unescaped'] },
  { name: '18 %40 userinfo: real host is evil.com', url: 'http://imgproxy.example.com/unsafe/rs:fit:300:300/plain/http://example.com%40evil.com/x.jpg', source: 'http://example.com@evil.com/x.jpg', rules: ['host-userinfo'] },
  { name: '19 BASE_URL', config: { imgproxy: { baseUrl: 'https://Media.Example.com/', hosts: ['imgproxy.example.com'] } }, url: 'http://imgproxy.example.com/unsafe/rs:fit:300:300/plain/images/a.jpg', source: 'https://Media.Example.com/images/a.jpg', rules: ['host-uppercase'] },
];

for (const example of examples) {
  test(`spec §7 example ${example.name}`, () => {
    const opts = options(example.config, example.env);
    const parsed = recognizeImgproxyUrl(example.url, opts);
    assert.ok(parsed, 'recognised as an imgproxy URL');
    assert.equal(parsed.source.url ?? null, example.source);
    if (example.extension) assert.equal(parsed.source.extension, example.extension);
    const text = `url: "${example.url}"\n`;
    assert.deepEqual(lintText(text, opts).map((f) => f.rule).sort(), [...example.rules].sort());
    if (example.source?.startsWith('http')) assert.deepEqual(extractSources(text, opts).map((s) => s.source), [example.source]);
  });
}

test('19 BASE_URL: the host comes from config, so the message says where and no fix is offered', () => {
  const opts = options({ imgproxy: { baseUrl: 'https://Media.Example.com/', hosts: ['imgproxy.example.com'] } });
  const [finding] = lintText('http://imgproxy.example.com/unsafe/rs:fit:300:300/plain/images/a.jpg', opts);
  assert.match(finding.message, /imgproxy\.baseUrl/);
  assert.equal(finding.fix, null);
});

for (const example of examples) {
  test(`hover explains spec §7 example ${example.name}`, () => {
    const opts = options(example.config, example.env);
    const parsed = recognizeImgproxyUrl(example.url, opts)!;
    const hover = explainImgproxyUrl(parsed, opts);
    assert.match(hover, /^\*\*imgproxy URL\*\*/);
    assert.ok(hover.includes(`endpoint: \`${parsed.endpoint}\``));
    for (const option of parsed.options) assert.ok(hover.includes(`\`${option.segment.text}\` → ${option.fullName ?? '**unknown option**'}`), option.segment.text);
    if (example.source === null) assert.match(hover, /encrypted: the host cannot be seen/);
    else {
      const parts = parseSourceUrl(example.source);
      if (parts?.hasAuthority && parts.host) assert.ok(hover.includes(`**\`${parts.host}\`**`), `host highlighted in ${hover}`);
      else assert.ok(hover.includes(`\`${example.source}\``), hover);
    }
    if (example.extension) assert.ok(hover.includes(`output format: \`${example.extension}\``));
    const signature = hover.split('\n').find((l) => l.startsWith('- signature:'))!;
    if (example.rules.includes('signature-missing')) assert.match(signature, /\*\*missing\*\*/);
    else if (example.rules.includes('signature-mismatch')) assert.match(signature, /\*\*invalid\*\*/);
    else if (example.env?.IMGPROXY_KEY) assert.match(signature, /\*\*valid\*\*/);
    else assert.match(signature, /placeholder|unchecked/);
  });
}

test('hover describes resize arguments in words (rs:fill:300:400:0)', () => {
  const parsed = recognizeImgproxyUrl('http://imgproxy.example.com/insecure/rs:fill:300:400:0/g:sm/plain/http://example.com/a.jpg', options())!;
  assert.match(explainImgproxyUrl(parsed, options()), /`rs:fill:300:400:0` → resize: fill, 300 × 400, no enlarge/);
});
