// Inputs built to make the engine's scanning and regexes backtrack or rescan. Time must grow linearly:
// each case is timed at size n and 4n, and the RATIO is asserted (linear ≈ 4, quadratic ≈ 16), never an
// absolute time. Each time is the best of several runs so that a busy machine does not fail the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLintOptions, lintText, parseConfig, parseEnvText, resolveLintOptions, EMPTY_SIGNING } from '../../server/src/core/index.js';

const options = defaultLintOptions();

function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    work();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

/**
 * Times `work(build(n))` at n and 4n (n grown first until the best run takes ≥ 30 ms, so timer noise does not
 * dominate) and asserts the ratio stays under LIMIT: linear gives about 4, quadratic about 16. Other test
 * processes share the machine, so a ratio over LIMIT is measured again (up to 5 rounds) before failing.
 */
/** Linear is ~4 and quadratic ~16 for a 4× input; garbage collection of many live findings adds up to ~2×. */
const LIMIT = 10;

function assertLinear(name: string, build: (n: number) => string, work: (input: string) => unknown, start = 1000, maxN = 1 << 22): void {
  let n = start;
  work(build(n)); // warm-up: JIT compilation must not count against the small size
  let small = build(n);
  let t1 = bestOf(5, () => work(small));
  // The large input is 4n and must stay within maxN (a case's maxN keeps it in one regime: e.g. URLs under
  // the finder's 8192 cap). Checking n * 4 before doubling let 4n reach 2 × maxN, so "many option segments"
  // compared whole URLs with URLs cut at the cap (read by no proxy, so tried by every dialect).
  while (t1 < 30 && n * 8 <= maxN) {
    n *= 2;
    small = build(n);
    t1 = bestOf(5, () => work(small));
  }
  const large = build(n * 4);
  // Noise only ever adds time, so the best time seen so far is the estimate of each size's true cost;
  // more rounds give a noisy linear case more chances, never a quadratic one an easy pass.
  let a = t1;
  let b = Infinity;
  for (let round = 0; round < 5; round++) {
    a = Math.min(a, bestOf(3, () => work(small)));
    b = Math.min(b, bestOf(3, () => work(large)));
    if (b / a < LIMIT) return;
    if (round >= 1 && b / a > 14) break; // plainly quadratic: no need to wait
  }
  assert.fail(`${name}: ${small.length} chars took ${a.toFixed(1)} ms, ${large.length} chars took ${b.toFixed(1)} ms (ratio ${(b / a).toFixed(1)}; linear is ~4, quadratic ~16)`);
}

const lint = (text: string) => lintText(text, options);
const IMG = 'https://imgproxy.example.com/insecure/w:300';

// Many URLs of one shape; n is the total length (the URL length is capped by the finder at 8192).
const many = (unit: string) => (n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));
// One long run inside a single URL, repeated in several URLs: n is the run length (up to the 8192 cap).
const runInUrls = (head: string, run: string, tail = '', count = 20) => (n: number) => `${head}${run.repeat(n)}${tail} `.repeat(count);

test('many plain URLs on one line', () => assertLinear('plain URLs', many(`"${IMG}/plain/https://Cdn.Example.com/a.jpg" `), lint));
test('many base64 URLs on one line', () => assertLinear('base64 URLs', many(`"${IMG}/${Buffer.from('https://Cdn.Example.com/a.jpg').toString('base64url')}.webp" `), lint));
test('"://" everywhere and no scheme', () => assertLinear('bare ://', many('a://b://c'), lint));
test('"https://" repeated without a break', () => assertLinear('https://https://', many('https://'), lint, 1000, 1 << 20));
test('scheme letters before every "://"', () => assertLinear('httphttp', many('httphttphttp://'), lint));
test('a long run of percent escapes in plain sources', () => assertLinear('%41 run', runInUrls(`${IMG}/plain/https://Example.com/`, '%41', '', 20), lint, 100, 2700));
test('a long run of bad percent escapes in plain sources', () => assertLinear('%%% run', runInUrls(`${IMG}/plain/https://Example.com/`, '%', '', 20), lint, 500, 8000));
test('plain sources full of ":/" (imgproxy\'s scheme repair regex)', () => assertLinear(':/ run', runInUrls(`${IMG}/plain/`, 'a:/', '', 200), lint, 100, 2700));
test('plain sources with a long \\S run and no ":/"', () => assertLinear('\\S run', runInUrls(`${IMG}/plain/`, 'abc', '', 200), lint, 100, 2700));
test('plain sources full of "@"', () => assertLinear('@ run', runInUrls(`${IMG}/plain/https://Example.com/`, '@', '', 20), lint, 500, 8000));
test('long userinfo with many "@" in the authority', () => assertLinear('userinfo @', runInUrls(`${IMG}/plain/https%3A%2F%2F`, 'u%40', 'Example.com/a.jpg', 20), lint, 100, 2000));
test('a long host label', () => assertLinear('host label', runInUrls(`${IMG}/plain/https://`, 'Ab', '.com/a.jpg', 20), lint, 500, 4000));
test('many option segments', () => assertLinear('options', runInUrls(`${IMG}`, '/w:1', '/plain/https://Example.com/a.jpg', 20), lint, 200, 2000));
test('many base64 chunks', () => assertLinear('chunks', runInUrls(`${IMG}`, '/aHR0', '', 20), lint, 200, 1600));
test('many dots in a base64 source', () => assertLinear('dots', runInUrls(`${IMG}/aHR0`, '.', '', 20), lint, 500, 8000));

// Regression (fixed in cdc1373): `payload.replace(/=+$/, '')` in splitBase64 and decodeOptionUrl backtracked
// quadratically on a run of "=" that is not at the end; each 8 KB URL cost ~0.2 s, so a 1 MB file ~25 s.
test('a run of "=" inside base64 sources (not at the end)', () => assertLinear('= run', runInUrls(`${IMG}/A`, '=', 'A', 10), lint, 500, 8000));
test('a run of "=" inside a wmu: argument', () => assertLinear('wmu = run', runInUrls(`${IMG}/wmu:A`, '=', 'A/plain/https://Example.com/a.jpg', 20), lint, 500, 8000));

// Regression (fixed in edbae89): for every "{" ("${", "{{", "#{") inside a URL, find.ts searched the rest
// of the WHOLE text for the closing brace and for the next newline: O(braces × text length).
test('unclosed template openers inside URLs', () => assertLinear('${ run', (n) => `https://imgproxy.example.com/${'${'.repeat(2000)}\n`.repeat(Math.max(1, Math.floor(n / 4000))), lint, 32_000, 1 << 19));
test('"${" holes inside URLs on one long line', () => assertLinear('${} holes', many(`"${IMG}/plain/https://Example.com/\${id}.jpg" `), lint));

test('env files: many lines', () => assertLinear('env many lines', (n) => 'A=1 # c\n'.repeat(n), parseEnvText, 1000, 1 << 22));

// Found by this suite (reported): parseEnvText's `(.*?)\s*$` and `/\s+#.*$/` backtrack quadratically on a
// value with a long run of spaces followed by a non-space (32,000 spaces: ~5 s).
test('env files: a value with a long run of spaces inside', () => assertLinear('env spaces', (n) => `IMGPROXY_KEY=a${' '.repeat(n)}x\n`, parseEnvText, 500, 16000));
test('env files: a value with a long run of spaces before a comment', () => assertLinear('env spaces #', (n) => `IMGPROXY_KEY=a${' '.repeat(n)}x #c\n`, parseEnvText, 500, 16000));

test('config files: long arrays and strings', () => {
  assertLinear('config include', (n) => JSON.stringify({ include: Array.from({ length: n }, (_, i) => `src/${i}/**`) }), (t) => parseConfig(t, 'c.json'), 1000, 1 << 16);
  assertLinear('config string', (n) => JSON.stringify({ imgproxy: { pathPrefix: '/' + 'a'.repeat(n) } }), (t) => parseConfig(t, 'c.json'), 1000, 1 << 21);
});

test('configured hosts: many entries', () => {
  const hostsOptions = (n: number) => resolveLintOptions({ imgproxy: { hosts: Array.from({ length: n }, (_, i) => `img${i}.example.com`) } }, EMPTY_SIGNING);
  let opts = hostsOptions(10);
  assertLinear('hosts', (n) => {
    opts = hostsOptions(Math.max(1, n / 100));
    return `"https://img0.example.com/_/plain/https://A.com/x" `.repeat(200);
  }, (t) => lintText(t, opts), 1000, 1 << 18);
});

/**
 * Characters examined by String.prototype.indexOf while `work` runs: the finder's scanning cost, counted
 * instead of timed, so the answer does not depend on how busy the machine is.
 */
function indexOfScanned(work: () => void): number {
  const original = String.prototype.indexOf;
  let scanned = 0;
  String.prototype.indexOf = function (this: string, search: string, from?: number): number {
    const found = original.call(this, search, from);
    scanned += (found === -1 ? this.length : found) - Math.min(this.length, Math.max(0, from ?? 0));
    return found;
  };
  try {
    work();
  } finally {
    String.prototype.indexOf = original;
  }
  return scanned;
}

function assertLinearScan(name: string, build: (n: number) => string, n: number): void {
  const small = indexOfScanned(() => lint(build(n)));
  const large = indexOfScanned(() => lint(build(4 * n)));
  assert.ok(large / small < 6, `${name}: indexOf examined ${small} characters for n=${n} and ${large} for 4n (ratio ${(large / small).toFixed(1)}; linear is ~4)`);
}

// Regression (fixed in edbae89): the same bug counted rather than timed. For each "{", "${", "{{", "#{" or
// "<%" inside a URL, scanUrl calls text.indexOf(close, i) and text.indexOf('\n', i), which run to the end
// of the whole text when the hole is not closed, or when the line has no newline (minified files).
test('finder scanning is linear: holes on one long line (counted, not timed)', () => {
  assertLinearScan('${} holes on one line', (n) => `"${IMG}/plain/https://Example.com/\${id}.jpg" `.repeat(n), 2000);
});
test('finder scanning is linear: unclosed openers (counted, not timed)', () => {
  assertLinearScan('unclosed {', (n) => `https://imgproxy.example.com/a{b\n`.repeat(n), 2000);
});
test('finder scanning is linear: plain URLs, no holes (counted, not timed)', () => {
  assertLinearScan('plain URLs', (n) => `"${IMG}/plain/https://Example.com/a.jpg"\n`.repeat(n), 2000);
});

// The other proxies' configuration readers (issue 12): thumbor.conf lists, command lines of flags, and
// unterminated quotes in both.
const lintAt = (path: string) => (t: string) => lintText(t, options, path);
test('thumbor.conf: a long ALLOWED_SOURCES list, and an unterminated string', () => {
  assertLinear('thumbor list', (n) => `ALLOWED_SOURCES = [\n${"    'Img.example.com',  # c\n    re.compile(r'^https://cdn\\.example\\.com'),\n".repeat(n)}]\n`, lintAt('thumbor.conf'), 200, 1 << 16);
  assertLinear('thumbor open quote', (n) => `ALLOWED_SOURCES = ['${'a'.repeat(n)}\nSECURITY_KEY = "${'b'.repeat(n)}\n`, lintAt('thumbor.conf'), 1000, 1 << 20);
});
test('compose commands: many flags, and a long run of unmatched quotes', () => {
  assertLinear('flags', (n) => `services:\n  p:\n    image: willnorris/imageproxy\n    command: ${'-allowHosts Example.com,b.example.com '.repeat(n)}\n`, lintAt('compose.yml'), 100, 1 << 14);
  assertLinear('quotes', (n) => `services:\n  p:\n    image: willnorris/imageproxy\n    command: -allowHosts ${'"a\\'.repeat(n)}\n    entrypoint: [${'"-allowHosts", '.repeat(n)}\n`, lintAt('compose.yml'), 100, 1 << 14);
});
