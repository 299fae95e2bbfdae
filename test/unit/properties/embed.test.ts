// Generated imgproxy URLs embedded in random text of every supported file type (TS, Python, Go strings;
// HTML attributes and srcset; CSS url(); Markdown links; YAML, JSON, TOML, .env values): every URL is
// found, with exact UTF-16 ranges (emoji, CRLF), and positions are what LSP counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractSources, LineIndex, lintText } from '../../../server/src/core/index.js';
import { builtUrlArb, canonicalSource, lspPosition, prefixArb, separatorArb, signerArb, type BuiltUrl } from './builder.js';
import { fixAll, lintOptionsFor, type Config } from './helpers.js';
import { removeTempDir, tempDir } from '../../helpers/tempDir.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Each template is the literal text around its URL slots: parts[0] URL parts[1] URL ... parts[n]. */
export const TEMPLATES: Record<string, string[][]> = {
  ts: [['const a = "', '";'], ["const b = '", "';"], ['const c = `', '`;'], ['fetch(`', '`).then(f)'], ['// see ', ''], ['img({ src: "', '" })']],
  py: [['a = "', '"'], ["b = '", "'"], ['c = f"{base} ', '"'], ['"""', '"""'], ['# ', '']],
  go: [['a := "', '"'], ['b := `', '`'], ['fmt.Sprintf("%s", "', '")']],
  html: [['<img src="', '" alt="x">'], ["<img src='", "'>"], ['<a href=', '>x</a>'], ['<img srcset="', ' 1x, ', ' 2x">'], ['<source srcset="', ' 480w,', ' 800w">'], ['<p>', '</p>']],
  css: [['.a { background: url(', '); }'], ['.b{background-image:url("', '")}'], ["@import url('", "');"], ['src: url(', ') format("woff")']],
  md: [['[link](', ')'], ['![alt](', ' "title")'], ['<', '>'], ['See ', '.'], ['- ', ', and more'], ['[ref]: ', ''], ['`', '`']],
  yaml: [['key: ', ''], ['key: "', '"'], ['- ', ''], ["k: '", "'"]],
  json: [['{"image": "', '"}'], ['["', '", "', '"]']],
  toml: [['image = "', '"'], ["image = '", "'"], ['images = ["', '", "', '"]']],
  env: [['IMAGE=', ''], ['IMAGE="', '"'], ["export IMAGE='", "'"]],
};

/** Noise between the templates: never "://", never gluing onto a URL (templates delimit their URLs). */
const noiseArb = fc.array(fc.constantFrom('a', 'Z', ' ', '😀', '👍🏽', 'é', '中', '\r\n', '\n', '\t', 'word', 'x=1;', '#', '"', "'", ':', '(', ')', '{', '}', '$', '%', '@', '.', ',', '\u2028', 'http', 'ftp:'), { maxLength: 12 }).map((a) => a.join(''));

const configArb = fc.record({ pathPrefix: prefixArb, separator: separatorArb, base64UrlIncludesFilename: fc.boolean(), signer: fc.option(signerArb, { nil: null }) });

interface Doc { type: string; text: string; urls: { built: BuiltUrl; start: number; end: number }[]; config: Config }

export const docArb: fc.Arbitrary<Doc> = configArb.chain((c) =>
  fc
    .tuple(
      fc.constantFrom(...Object.keys(TEMPLATES)),
      fc.array(fc.tuple(noiseArb, fc.nat(), fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 5 }),
      fc.array(builtUrlArb({ signer: c.signer, pathPrefix: c.pathPrefix, separator: c.separator, base64UrlIncludesFilename: c.base64UrlIncludesFilename }), { minLength: 10, maxLength: 10 }),
      noiseArb,
    )
    .map(([type, items, pool, tail]) => {
      let text = '';
      let next = 0;
      const urls: Doc['urls'] = [];
      for (const [noise, pick, eol] of items) {
        const template = TEMPLATES[type][pick % TEMPLATES[type].length];
        text += noise + eol;
        template.forEach((part, i) => {
          text += part;
          if (i < template.length - 1) {
            const built = pool[next++ % pool.length];
            urls.push({ built, start: text.length, end: text.length + built.url.length });
            text += built.url;
          }
        });
        text += eol;
      }
      text += tail;
      return { type, text, urls, config: { ...c, hosts: [] } };
    }),
);

function expectedSources(built: BuiltUrl): string[] {
  return built.optionSource === undefined ? [built.source] : [built.source, built.optionSource];
}

test('every embedded URL is found in every file type, with exact UTF-16 ranges and decoded sources', () => {
  fc.assert(
    fc.property(docArb, (doc) => {
      const options = lintOptionsFor(doc.config);
      const refs = extractSources(doc.text, options);
      const byRange = new Map<string, string[]>();
      for (const ref of refs) {
        assert.equal(doc.text.slice(ref.start, ref.end), ref.url, 'the range is the URL as written');
        const key = `${ref.start}-${ref.end}`;
        byRange.set(key, [...(byRange.get(key) ?? []), ref.source]);
      }
      const want = new Map(doc.urls.map((u) => [`${u.start}-${u.end}`, expectedSources(u.built).sort()]));
      const got = new Map([...byRange].map(([k, v]) => [k, v.sort()]));
      assert.deepEqual(got, want, `${doc.type}: ${JSON.stringify(doc.text)}`);
      const index = new LineIndex(doc.text);
      for (const u of doc.urls) {
        assert.deepEqual(index.positionAt(u.start), lspPosition(doc.text, u.start));
        assert.deepEqual(index.positionAt(u.end), lspPosition(doc.text, u.end));
      }
      // Findings stay inside the URLs they are about.
      for (const f of lintText(doc.text, options)) {
        assert.ok(doc.urls.some((u) => f.start >= u.start && f.end <= u.end), `finding ${f.rule} at ${f.start}-${f.end} is outside every URL`);
      }
    }),
    { numRuns: RUNS },
  );
});

test('fix-all on a whole generated file changes only the URLs, each into its canonical form, and is idempotent', () => {
  fc.assert(
    fc.property(docArb, (doc) => {
      const options = lintOptionsFor(doc.config);
      const fixed = fixAll(doc.text, options);
      // Rebuild the expected text: the pieces between URLs unchanged, each URL either as written or fixed.
      let at = 0;
      let cursor = 0;
      for (const u of doc.urls) {
        const between = doc.text.slice(cursor, u.start);
        assert.equal(fixed.slice(at, at + between.length), between, `text between URLs changed in ${doc.type}`);
        at += between.length;
        const nextStart = doc.urls.find((v) => v.start > u.start)?.start ?? doc.text.length;
        const after = doc.text.slice(u.end, nextStart);
        const end = after === '' ? fixed.length - (doc.text.length - u.end) : fixed.indexOf(after, at);
        const newUrl = fixed.slice(at, end);
        const refs = extractSources(`"${newUrl}"`, options).map((r) => r.source).sort();
        const expected = expectedSources(u.built).map((s) => (newUrl === u.built.url ? s : canonicalSource(s))).sort();
        assert.deepEqual(refs, expected, `${newUrl} from ${u.built.url}`);
        at = end;
        cursor = u.end;
      }
      assert.equal(fixed.slice(at), doc.text.slice(cursor));
      assert.equal(fixAll(fixed, options), fixed, 'fixing twice changes nothing');
      assert.ok(!lintText(fixed, options).some((f) => f.rule === 'host-uppercase'), 'no host-uppercase remains');
    }),
    { numRuns: Math.ceil(RUNS / 2) },
  );
});

// LSP (3.17, "Text Documents") counts "\n", "\r\n" and a lone "\r" as line ends; VS Code's TextDocument
// and vscode-languageserver-textdocument do too. LineIndex must agree, or CLI and editor ranges drift.
// Found by this suite; fixed in d2b937c.
test('positions after a lone CR (old Mac line ends) are what LSP counts', () => {
  const url = 'https://imgproxy.example.com/insecure/w:1/plain/https://Example.com/a.jpg';
  const text = `line one\rline two\r\n"${url}"`;
  const start = text.indexOf(url);
  assert.deepEqual(new LineIndex(text).positionAt(start), lspPosition(text, start));
  assert.deepEqual(lspPosition(text, start), { line: 2, character: 1 });
});

// The same generated files through the built CLI: JSON ranges are LSP positions inside the right URL,
// and --fix writes exactly what the engine's fix-all makes (one folder per file, each with its config).
test('through the CLI: JSON ranges land inside the generated URLs, and --fix writes what the engine computes', async (t) => {
  const { mkdirSync, writeFileSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { spawnSync } = await import('node:child_process');
  const root = tempDir('iul-prop-cli-');
  t.after(() => removeTempDir(root));
  const EXT: Record<string, string> = { ts: 'ts', py: 'py', go: 'go', html: 'html', css: 'css', md: 'md', yaml: 'yaml', json: 'json', toml: 'toml', env: 'env' };
  const docs = fc.sample(docArb, { numRuns: 40, seed: 20261129 });
  docs.forEach((doc, i) => {
    const dir = join(root, `d${i}`);
    mkdirSync(dir);
    const config: Record<string, unknown> = { imgproxy: { pathPrefix: doc.config.pathPrefix, argumentsSeparator: doc.config.separator, base64UrlIncludesFilename: doc.config.base64UrlIncludesFilename } };
    if (doc.config.signer) {
      writeFileSync(join(dir, 'signing.env'), `IMGPROXY_KEY=${doc.config.signer.key.toString('hex')}\nIMGPROXY_SALT=${doc.config.signer.salt.toString('hex')}\nIMGPROXY_SIGNATURE_SIZE=${doc.config.signer.size}\n`);
      config.signing = { envFile: 'signing.env' };
    }
    writeFileSync(join(dir, '.imgproxy-url-lint.json'), JSON.stringify(config));
    writeFileSync(join(dir, `doc.${EXT[doc.type]}`), doc.text);
  });
  const run = (args: string[]) => spawnSync(process.execPath, [join(process.cwd(), 'dist/cli.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const linted = run(['--format', 'json', '--exit-zero', '.']);
  assert.equal(linted.status, 0, linted.stderr);
  const report = JSON.parse(linted.stdout) as { findings: { file: string; url: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] };
  assert.ok(report.findings.length > 0);
  for (const f of report.findings) {
    const i = Number(/^d(\d+)\//.exec(f.file)![1]);
    const doc = docs[i];
    const inside = doc.urls.some((u) => {
      const s = lspPosition(doc.text, u.start);
      const e = lspPosition(doc.text, u.end);
      const le = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      return u.built.url === f.url && le(s, f.range.start) && le(f.range.end, e);
    });
    assert.ok(inside, `${f.file}: ${JSON.stringify(f.range)} is not inside ${f.url}`);
  }
  const fixed = run(['--fix', '--exit-zero', '.']);
  assert.equal(fixed.status, 0, fixed.stderr);
  docs.forEach((doc, i) => {
    const written = readFileSync(join(root, `d${i}`, `doc.${EXT[doc.type]}`), 'utf8');
    assert.equal(written, fixAll(doc.text, lintOptionsFor(doc.config)), `d${i} (${doc.type})`);
  });
});
