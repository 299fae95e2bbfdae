// Look-alikes across dialects (spec/dialects.md "Look-alikes"): each proxy's sample URLs, from its own
// docs and tests, are read by that proxy's dialect only, and URLs of proxies with no dialect by none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { DIALECTS, lintText, readUrl } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const source = 'https://Example.com/cat.jpg';
const camoDigest = createHmac('sha1', 'camo-key').update(source).digest();

const SAMPLES: Record<string, string[]> = {
  imgproxy: [
    'http://imgproxy.example.com/insecure/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png',
    'http://imgproxy.example.com/oKfUtW34Dvo2BGQehJFR4Nr0_rIjOtdtzJ3QFsUcXH8/rs:fill:300:400:0/g:sm/aHR0cDovL2V4YW1w/bGUuY29tL2ltYWdl/cy9jdXJpb3NpdHku/anBn.png',
    'https://img.example.org/_/rs:fit:300:300/plain/https%3A%2F%2FCDN.Example.com%2Fimg%2Fa%20b.jpg%3Fv%3D2@webp',
    'http://imgproxy.test/unsafe/w:200/plain/https%3A%2F%2Fimages.test%2Fimage.jpg%3Fversion%3D123',
    'https://cdn.example.org/imgproxy/insecure/rs:fill:300:200/plain/http://Example.com/image.jpg',
    'http://imgproxy.example.com/insecure/w:500/czM6Ly9teS1idWNr/ZXQvcGhvdG9zL2Nh/dC5qcGc.webp',
  ],
  thumbor: [
    'https://thumbor.example.com/8ammJH8D-7tXy6kU3lTvoXlhu4o=/300x200/my.server.com/some/path/to/image.jpg',
    'https://thumbor.example.com/unsafe/fit-in/300x200/filters:watermark(https://wm.example.com/w.png,10,10,50)/https://example.com/a.jpg',
    'https://images.fpt.shop/unsafe/fit-in/585x390/filters:quality(90):fill(white)/fptshop.com.vn/Uploads/Originals/2020/9/4/a.png',
    'https://api.gbif.org/v1/image/unsafe/fit-in/600x/https%3A%2F%2Fexample.org%2Fa.jpg',
    `https://imagor.example.com/unsafe/500x500/b64:${b64('https://example.com/a.jpg')}`,
    'https://imagor.example.com/XBCO7esuLsNQuSF2v9ie36pESRGx2rzLjhUxXWnV/meta/10x11:12x13/fit-in/-300x-200/5x6/left/top/smart/filters:some_filter()/example.com/img.png',
  ],
  imageproxy: [
    'http://localhost:8080/100,r90,q75/http://example.com/image.jpg',
    'https://imageproxy.example.com/100,sRYifAJRfbhsitJeOrDNxWURCCkPsVR4ihCPXNv-ePbA=/https://www.google.fr/images/srpr/logo11w.png',
    'https://img.example.com/200x,fit/https%3A%2F%2Fexample.com%2Fa.jpg',
    `https://img.example.com/x300,q60/${b64('https://example.com/a.jpg')}`,
  ],
  'go-camo': [
    `https://camo.example.com/${camoDigest.toString('base64url')}/${b64(source)}`,
    `https://assets.example.com/${createHmac('sha1', 'k').update('http://example.com/a.png').digest('base64url')}/${b64('http://example.com/a.png')}`,
  ],
  imaginary: [
    'http://localhost:8088/resize?width=300&height=200&url=https://example.com/a.jpg',
    'http://localhost:8088/crop?width=500&height=400&url=https%3A%2F%2Fexample.com%2Fa.jpg',
  ],
  picfit: [
    'https://img.example.com/display?url=https%3A%2F%2Fexample.com%2Fa.jpg&w=100&h=100&op=resize',
    'https://img.example.com/redirect?url=https%3A%2F%2Fexample.com%2Fa.jpg&w=100&op=thumbnail',
  ],
  // No dialect: the hex camo form (the Node camo's too) without a key, a Next.js image URL, a plain page.
  none: [
    `https://camo.example.com/${camoDigest.toString('hex')}/${Buffer.from(source).toString('hex')}`,
    'https://example.com/_next/image?url=https%3A%2F%2FExample.com%2Fa.jpg&w=640&q=75',
    'https://example.com/blog/2024/unsafe-defaults/https-everywhere',
  ],
};

test('each dialect\'s sample URLs are read by that dialect only; the others\' evidence is nil', () => {
  const opts = options();
  for (const [owner, urls] of Object.entries(SAMPLES)) {
    for (const url of urls) {
      const readers = DIALECTS.filter((d) => (d.read(url, opts)?.evidence ?? 0) >= 1).map((d) => d.id);
      assert.deepEqual(readers, owner === 'none' ? [] : [owner], url);
      assert.equal(readUrl(url, opts)?.dialect.id ?? 'none', owner, url);
    }
  }
});

test('hover takes apart a URL of every dialect: the proxy named, the source host in bold', () => {
  const opts = options();
  const names: Record<string, RegExp> = { imgproxy: /imgproxy URL/, thumbor: /imagor or thumbor URL|imagor URL/, imageproxy: /imageproxy URL/, 'go-camo': /go-camo URL/, imaginary: /Imaginary URL/, picfit: /picfit URL/ };
  for (const [owner, urls] of Object.entries(SAMPLES)) {
    if (owner === 'none') continue;
    for (const url of urls) {
      const read = readUrl(url, opts)!;
      const hover = read.dialect.explain(read.reading, opts);
      assert.match(hover, names[owner], url);
      const host = read.reading.sources[0].url && new URL(read.reading.sources[0].url).hostname;
      if (host) assert.ok(hover.toLowerCase().includes(`**\`${host}\`**`), `${url}\n${hover}`);
    }
  }
});

// The Steemit image hoster (steemitimages.com, and its Hive, Ecency and Golos deployments) is a Node proxy
// whose `/WxH/<url>` URLs have willnorris/imageproxy's shape; Node's legacy url.parse lowercases the host,
// so the failure does not reach it. Seen in ecency/render-helper's tests (test/real).
const IMAGE_HOSTER_URLS = [
  'https://steemitimages.com/0x0/https://Example.com/a.png',
  'https://cdn.steemitimages.com/640x480/https://Example.com/a.png',
  'https://images.hive.blog/0x0/https://Example.com/a.png',
  'https://images.ecency.com/60x70/http://Example.com/@user/votes.png?201812101133',
  'https://devimages.golos.today/0x0/https://Example.com/a.png',
];

test('a hosted proxy that is none of the dialects (the Steemit image hoster) is read by none, unless configured', () => {
  const opts = options();
  for (const url of IMAGE_HOSTER_URLS) {
    assert.equal(readUrl(url, opts), null, url);
    assert.deepEqual(lintText(`"${url}"`, opts), [], url);
  }
  // The same shape elsewhere is still imageproxy's, and a host configured for a dialect is that dialect's.
  assert.equal(readUrl('https://img.example.com/0x0/https://Example.com/a.png', opts)?.dialect.id, 'imageproxy');
  assert.equal(readUrl(IMAGE_HOSTER_URLS[2], options({ imageproxy: { hosts: ['images.hive.blog'] } }))?.dialect.id, 'imageproxy');
});
