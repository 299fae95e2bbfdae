// Hover names each step, filter, option and parameter of every non-imgproxy dialect with what it means,
// as each proxy's docs say (thumbor usage.rst and filters, imagor README, imageproxy data.go, Imaginary
// README and params.go, picfit README). URLs are the proxies' own documented examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readUrl } from '../../../server/src/core/index.js';
import { IMAGINARY } from '../../../server/src/core/dialects/imaginary/index.js';
import { PICFIT } from '../../../server/src/core/dialects/picfit/index.js';
import { options } from './helpers.js';

function hover(url: string, config = {}): string {
  const opts = options(config);
  const read = readUrl(url, opts);
  assert.ok(read, `read by a dialect: ${url}`);
  return read.dialect.explain(read.reading, opts);
}

test('thumbor/imagor: every step of the grammar is named, with its arguments read', () => {
  const text = hover('https://imagor.example.com/unsafe/meta/trim:bottom-right:40/10x11:12x13/full-fit-in/-300x-200/5x6/left/top/smart/filters:quality(80)/example.com/img.png', { imagor: { hosts: ['imagor.example.com'] } });
  for (const line of [
    '`meta` → metadata endpoint: JSON describing the operations instead of the image',
    '`trim:bottom-right:40` → trim: removes the surrounding space of the bottom-right pixel\'s colour, tolerance 40',
    '`10x11:12x13` → manual crop from 10, 11 (left, top) to 12, 13 (right, bottom), before resizing',
    '`full-fit-in` → fit-in: fits in the size box without cropping, full (the larger side decides)',
    '`-300x-200` → size: width 300, flipped horizontally, height 200, flipped vertically',
    '`5x6` → padding: 5 × 6 left-top, 5 × 6 right-bottom',
    '`left` → horizontal alignment of the crop: left',
    '`top` → vertical alignment of the crop: top',
    '`smart` → smart crop: detected focal points decide the crop',
    '`quality` → output quality in % (0 to 100): 80',
  ]) assert.ok(text.includes(line), `${line}\n---\n${text}`);
});

test('thumbor/imagor filters: meaning, arguments, the proxy that alone knows it, unknown filters said so', () => {
  const both = hover('https://thumbor.example.com/unsafe/fit-in/300x200/filters:fill(white):hue(290):equalize():blurry(3)/https://example.com/a.jpg');
  assert.match(both, /`fill` → fills the missing area or transparency with a colour \(blur, auto, none\): white/);
  assert.match(both, /`hue` → hue rotation in degrees: 290 \(imagor only\)/);
  assert.match(both, /`equalize` → equalizes the colour distribution \(thumbor only\)/);
  assert.match(both, /`blurry` → \*\*unknown filter\*\*: not a documented imagor or thumbor filter/);
  assert.match(both, /`fit-in` → fit-in/);
  assert.match(both, /`300x200` → size: width 300, height 200/);
  // Steps only imagor's grammar has: said so where the URL may be thumbor's.
  const stretched = hover('https://thumbor.example.com/unsafe/fit-in/stretch/300x200/https://example.com/a.jpg');
  assert.match(stretched, /`stretch` → stretch: resizes to the size without keeping the aspect ratio \(imagor only\)/);
  const onThumbor = hover('https://thumbor.example.com/unsafe/fit-in/stretch/300x200/https://example.com/a.jpg', { thumbor: { hosts: ['thumbor.example.com'] } });
  assert.match(onThumbor, /`stretch` → .*\(\*\*thumbor does not know it\*\*: only imagor does\)/);
  // A URL only imagor writes (b64:): a thumbor-only filter is said to be unknown to imagor.
  const imagor = hover(`https://imagor.example.com/unsafe/200x0/filters:equalize()/b64:${Buffer.from('https://example.com/a.jpg').toString('base64url')}`);
  assert.match(imagor, /^\*\*imagor URL\*\*/);
  assert.match(imagor, /`equalize` → equalizes the colour distribution \(\*\*imagor does not know it\*\*: only thumbor does\)/);
  assert.match(imagor, /`200x0` → size: width 200, height proportional/);
});

test('imageproxy: each option of data.go\'s ParseOptions named; the signature apart', () => {
  // An unknown option is no evidence: the endpoint is configured so that the URL is imageproxy's anyway.
  const text = hover('http://localhost:8080/100x150,q75,fit,r90,fv,fh,sc,cx10,cy20,cw0.5,ch200,png,x0.15,zz/http://example.com/image.jpg', { imageproxy: { hosts: ['localhost:8080'] } });
  for (const line of [
    '`100x150` → size: width 100 px, height 150 px, cropping as needed',
    '`q75` → quality 75% (JPEG)',
    '`fit` → fit: scales to fit in the size, no cropping',
    '`r90` → rotate 90° counter-clockwise',
    '`fv` → flip vertically',
    '`fh` → flip horizontally',
    '`sc` → smart crop: content-aware crop to the size (overrides a rectangle crop)',
    '`cx10` → crop rectangle x 10 px',
    '`cy20` → crop rectangle y 20 px',
    '`cw0.5` → crop rectangle width 0.5 (50% of the original)',
    '`ch200` → crop rectangle height 200 px',
    '`png` → format: PNG',
    '`x0.15` → size: width proportional, height 0.15 (15% of the original)',
    '`zz` → **unknown option** (imageproxy ignores it)',
  ]) assert.ok(text.includes(line), `${line}\n---\n${text}`);
  const square = hover('https://imageproxy.example.com/100,sRYifAJRfbhsitJeOrDNxWURCCkPsVR4ihCPXNv-ePbA=/https://www.google.fr/images/srpr/logo11w.png');
  assert.match(square, /`100` → size: 100 px square, cropping as needed/);
  assert.doesNotMatch(square, /`sRYif[^`]*` →/, 'the signature is not an option line');
  assert.match(square, /- signature: `sRYif/);
});

test('Imaginary and picfit: each parameter with its meaning, picfit\'s op values too', () => {
  const imaginary = hover('http://localhost:8088/crop?width=500&height=400&gravity=smart&stripmeta=true&url=https://example.com/a.jpg');
  assert.match(imaginary, /`width=500` → width of the area to extract or resize, px/);
  assert.match(imaginary, /`gravity=smart` → crop gravity \(north, south, centre, west, east, smart\)/);
  assert.match(imaginary, /`stripmeta=true` → strip metadata \(EXIF\)/);
  const picfit = hover('https://img.example.com/display?url=https%3A%2F%2Fexample.com%2Fa.jpg&w=100&h=100&op=resize&upscale=0&deg=90&fmt=png');
  assert.match(picfit, /`op=resize` → operation: resize to w × h \(0 keeps the ratio\)/);
  assert.match(picfit, /`w=100` → width, px/);
  assert.match(picfit, /`upscale=0` → enlarge a smaller image \(0: never\)/);
  assert.match(picfit, /`deg=90` → rotation in degrees/);
  assert.match(picfit, /`fmt=png` → output format/);
  const signed = hover('https://img.example.com/display?url=https%3A%2F%2Fexample.com%2Fa.jpg&w=100&op=thumbnail&nope=1&sig=0123456789abcdef0123456789abcdef01234567');
  assert.match(signed, /`op=thumbnail` → operation: scale and crop to w × h/);
  assert.match(signed, /`nope=1` → \*\*unknown parameter\*\* \(not a documented picfit parameter\)/);
  assert.doesNotMatch(signed, /`sig=.*→/, 'the signature is shown on its own line');
});

test('every parameter that is evidence for a query dialect has a documented meaning', () => {
  for (const proxy of [IMAGINARY, PICFIT]) {
    for (const name of proxy.params) assert.ok(proxy.paramNames[name], `${proxy.name}: ${name}`);
  }
});
