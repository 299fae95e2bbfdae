// One reading of a text: analyzeText returns lintText's findings together with the URLs and sources it
// read; mayHaveFindings is the one predicate for "this text cannot have findings" (lintText, scan prefilter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { analyzeText, extractSources, lintText, mayHaveFindings, URL_MARK } from '../../../server/src/core/index.js';
import { scanBytes } from '../../../server/src/workspace/index.js';
import { options } from './helpers.js';

const B64 = Buffer.from('https://Media.Example.com/b.png').toString('base64url');
const TEXT = [
  `const a = "https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg";`,
  `const b = "https://imgproxy.example.com/insecure/w:300/${B64}.webp";`,
  `const c = "https://example.org/not-imgproxy";`,
  `imgproxy.builder().generateUrl('https://Builder.Example.com/x.jpg');`,
  `// imgproxy-url-lint-disable-next-line host-uppercase`,
  `const d = "https://imgproxy.example.com/insecure/plain/https://Quiet.Example.com/q.jpg";`,
].join('\n');

test('analyzeText: the findings of lintText and the sources of extractSources, from one call', () => {
  for (const opts of [options(), options({ checkAllUrls: true })]) {
    const analysis = analyzeText(TEXT, opts, 'a.ts');
    assert.deepEqual(analysis.findings, lintText(TEXT, opts, 'a.ts'));
    assert.deepEqual(analysis.sources, extractSources(TEXT, opts));
  }
  const analysis = analyzeText(TEXT, options(), 'a.ts');
  // Sources are what the text names, suppressed or not (the probe asks the server, not the rules).
  assert.deepEqual(analysis.sources.map((s) => s.host), ['Builder.Example.com', 'CDN.Example.com', 'Media.Example.com', 'Quiet.Example.com']);
  for (const s of analysis.sources) assert.equal(TEXT.slice(s.start, s.end), s.url);
  // Every http(s) URL, in text order, read as an imgproxy URL where it is one.
  assert.deepEqual(analysis.urls.map((u) => u.parsed !== null), [true, true, false, false, true]);
  assert.ok(analysis.urls.every((u, i) => i === 0 || analysis.urls[i - 1].candidate.start < u.candidate.start));
});

test('analyzeText: a result is a plain fast object with no accessor of its own (an own getter is an accessor pair in the old generation, which kept each text and its readings alive through young collections)', () => {
  setFlagsFromString('--allow-natives-syntax');
  const hasFastProperties = new Function('a', 'return %HasFastProperties(a)') as (a: object) => boolean;
  const analysis = analyzeText(TEXT, options(), 'a.ts');
  assert.equal(Object.getOwnPropertyDescriptor(analysis, 'sources')?.get, undefined);
  assert.equal(hasFastProperties(analysis), true);
  assert.deepEqual(analysis.sources, extractSources(TEXT, options()));
});

test('mayHaveFindings: a text without the URL mark has none, unless it may be one of imgproxy\'s config files', () => {
  const has = (text: string) => (mark: string) => text.includes(mark);
  assert.equal(URL_MARK, '://');
  assert.equal(mayHaveFindings('a.ts', has('no url here')), false);
  assert.equal(mayHaveFindings('a.ts', has('see https://example.com')), true);
  assert.equal(mayHaveFindings('.env', has('IMGPROXY_KEY=zz')), true);
  assert.equal(mayHaveFindings(undefined, has('IMGPROXY_KEY=zz')), true);
  // lintText follows it: a config file without any URL still has findings.
  assert.ok(lintText('IMGPROXY_KEY=zz\n', options(), '.env').length > 0);
  assert.deepEqual(lintText('IMGPROXY_KEY=zz\n', options(), 'a.ts'), []);
  // The scan prefilter uses it on raw bytes and agrees with lintText either way.
  for (const [path, text] of [['a.ts', 'IMGPROXY_KEY=zz\n'], ['.env', 'IMGPROXY_KEY=zz\n'], ['a.ts', TEXT]] as const) {
    const scanned = scanBytes(path, Buffer.from(text), options());
    assert.equal(scanned.kind, 'scanned');
    if (scanned.kind === 'scanned') assert.deepEqual(scanned.findings.map((f) => f.rule), lintText(text, options(), path).map((f) => f.rule));
  }
});
