// URLs as they stand in public code (found by searching public repositories): proxy URLs of every dialect
// with canonical hosts, and services that only look like one. None may give a finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const CORPUS: [string, string | null][] = [
  // thumbor / imagor deployments, scheme-less and relative sources.
  ['https://cdn.nhathuoclongchau.scom.vn/unsafe/fit-in/600x600/filters:quality(90):fill(white)/nhathuoclongchau.com.vn/images/product/2022/03/00033518-vita-gummies-vitamin-d3-1000iu-120v-s7608-6226_large.jpg', 'thumbor'],
  ['https://images.fpt.shop/unsafe/fit-in/585x390/filters:quality(90):fill(white)/fptshop.com.vn/Uploads/Originals/2020/9/4/637348308903991850_ss-z-fold-2-den-4.png', 'thumbor'],
  ['https://images.fpt.shop/unsafe/fit-in/80x80/filters:quality(90):fill(white)/fptshop.com.vn/Uploads/Originals/2022/2/9//637800424689194351_samsung-galaxy-s22-ultra-do-dd.jpg', 'thumbor'],
  ['https://ng.jumia.is/unsafe/fit-in/300x300/filters:fill(white)/product/40/106189/1.jpg?8869', 'thumbor'],
  ['https://gh.jumia.is/unsafe/fit-in/500x500/filters:fill(white)/product/24/6996611/1.jpg?0331', 'thumbor'],
  ['https://api.gbif.org/v1/image/unsafe/fit-in/600x/https%3A%2F%2Fexample.org%2Fimage.jpg', 'thumbor'],
  // Cloudflare image resizing, Next.js, weserv: not proxies this tool reads.
  ['https://realpython.com/cdn-cgi/image/width=720,format=auto/https://files.realpython.com/media/bs4-fake-python-index.b76716592442.png', null],
  ['https://img.thingiverse.com/cdn-cgi/image/fit=contain,quality=95,width=976,height=500/https://cdn.thingiverse.com/renders/78/ef/02/76/7a/Gherkin_Shell_display_large.jpg', null],
  ['https://media.dev.to/cdn-cgi/image/width=1000,height=500,fit=cover,gravity=auto,format=auto/https%3A%2F%2Fdev-to-uploads.s3.amazonaws.com%2Fuploads%2Farticles%2Fa.png', null],
  ['https://www.carolinaherrera.com/cdn-cgi/image/q=80,format=auto,fit=contain,width=600/medias/sys_master/images/h50/h70/9590558359582/9590558294046/9590558294046.jpg', null],
  ['https://example.com/_next/image?url=https%3A%2F%2Fimages.unsplash.com%2Fphoto-1&w=3840&q=75', null],
  ['https://wsrv.nl/?url=https://Example.com/a.jpg&w=300&h=300', null],
  ['https://web.archive.org/web/20200101000000/https://Example.com/', null],
];

test('public code: proxy URLs with canonical hosts and look-alike services give no finding, and each is read by its own dialect', () => {
  for (const [url, dialect] of CORPUS) {
    const analysis = analyzeText(`const u = "${url}";`, options(), 'a.ts');
    assert.deepEqual(analysis.findings, [], url);
    assert.equal(analysis.urls[0].read?.dialect.id ?? null, dialect, url);
  }
});
