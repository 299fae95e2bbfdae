// imgproxy's variables read as each file's own tool reads them (Docker, dotenv, YAML), judged only
// where they are imgproxy's, fixed only inside the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, findImgproxyEnv, lintText } from '../../../server/src/core/index.js';
import { options } from './helpers.js';

const fixAll = (text: string, path: string) => applyEdits(text, lintText(text, options(), path).flatMap((f) => (f.fix ? [f.fix] : [])).filter((e, i, all) => all.findIndex((o) => o.start === e.start) === i));

test('Dockerfile ENV: continuations, several pairs, quotes and the legacy form, as Docker reads them', () => {
  const text = 'FROM darthsim/imgproxy:latest\nENV IMGPROXY_BASE_URL=https://Media.example.com \\\n    IMGPROXY_BIND=":8080" \\\n    # a comment line inside\n    IMGPROXY_PATH_PREFIX=/img\nENV IMGPROXY_ALLOWED_SOURCES https://a.example.com/\n';
  const vars = findImgproxyEnv(text, 'Dockerfile').map((a) => [a.name, a.value, a.verbatim, a.owner]);
  assert.deepEqual(vars, [
    ['IMGPROXY_BASE_URL', 'https://Media.example.com', true, 'imgproxy'],
    ['IMGPROXY_BIND', ':8080', true, 'imgproxy'],
    ['IMGPROXY_PATH_PREFIX', '/img', true, 'imgproxy'],
    ['IMGPROXY_ALLOWED_SOURCES', 'https://a.example.com/', true, 'imgproxy'],
  ]);
  // The fix changes only the value: the continuation and the next line stay as written.
  const fixed = fixAll(text, 'Dockerfile');
  assert.equal(fixed, text.replace('https://Media.example.com \\', 'https://media.example.com/ \\'));
});

test('an application\'s Dockerfile sets its own IMGPROXY_BASE_URL: not judged, never "fixed"', () => {
  const text = 'FROM node:20\nENV IMGPROXY_BASE_URL=http://imgproxy:8080 \\\n    NODE_ENV=production\n';
  assert.deepEqual(lintText(text, options(), 'Dockerfile'), []);
  assert.equal(fixAll(text, 'Dockerfile'), text);
});

test('a value with escapes or a continuation inside is judged but never rewritten', () => {
  const text = 'FROM ghcr.io/imgproxy/imgproxy\nENV IMGPROXY_BASE_URL="https://Media.example.\\\n com/"\n';
  assert.equal(fixAll(text, 'Dockerfile'), text);
});

test('scheme-only IMGPROXY_ALLOWED_SOURCES entries allow a whole storage on purpose', () => {
  for (const entry of ['s3://', 'local://', 'gs://', 'abs://', 'swift://']) {
    assert.deepEqual(lintText(`IMGPROXY_BIND=:8080\nIMGPROXY_ALLOWED_SOURCES=https://cdn.example.com/,${entry}`, options(), '.env'), [], entry);
  }
  assert.deepEqual(lintText('IMGPROXY_ALLOWED_SOURCES=s3://bucket', options(), '.env').map((f) => f.rule), ['allowed-sources-open-prefix']);
});

test('env files: whose IMGPROXY_BASE_URL it is follows from what else the file holds', () => {
  const imgproxys = 'IMGPROXY_BIND=:8080\nIMGPROXY_USE_S3=true\nIMGPROXY_BASE_URL=https://media.example.com\n';
  assert.deepEqual(lintText(imgproxys, options(), '.env').map((f) => f.rule), ['base-url-trailing-slash']);
  for (const text of [
    'DATABASE_URL=postgres://db/app\nIMGPROXY_BASE_URL=https://img.example.com\n',
    'IMGPROXY_URL=https://img.example.com\nIMGPROXY_BASE_URL=https://img.example.com\n',
    'IMGPROXY_BIND=:8080\nIMGPROXY_BASE_URL=http://imgproxy:8080\n',
    'IMGPROXY_BASE_URL=https://img.example.com\n',
  ]) assert.deepEqual(lintText(text, options(), '.env'), [], text);
});

test('YAML values keep their quoting: escapes and doubled quotes are read, and not rewritten', () => {
  const [a] = findImgproxyEnv('services:\n  imgproxy:\n    image: darthsim/imgproxy\n    environment:\n      IMGPROXY_BASE_URL: \'https://it\'\'s.example.com/\'\n', 'compose.yml');
  assert.equal(a.value, "https://it's.example.com/");
  assert.equal(a.verbatim, false);
});

test('placeholders are not values: no key finding for a stand-in, a finding for a real bad key', () => {
  for (const value of ['$(xxd -g 2 -l 64 -p /dev/random)', '${IMGPROXY_KEY}', '<key>', 'changeme', 'your-key-here', 'REPLACE_ME']) {
    assert.deepEqual(lintText(`IMGPROXY_KEY=${value}\n`, options(), '.env'), [], value);
  }
  assert.deepEqual(lintText('IMGPROXY_KEY=not-hex-at-all\n', options(), '.env.example'), [], 'a template\'s values are stand-ins');
  assert.deepEqual(lintText('IMGPROXY_KEY=abc\n', options(), '.env').map((f) => f.rule), ['signing-key-invalid']);
});

test('YAML block scalars (>-, |) are read as YAML reads them', () => {
  const text = 'image:\n  repository: ghcr.io/imgproxy/imgproxy\nenv:\n  IMGPROXY_KEY: >-\n    def345\n  IMGPROXY_SALT: |\n    abc123\n  IMGPROXY_USE_S3: \'true\'\n';
  const vars = findImgproxyEnv(text, 'charts/acdh-imgproxy/values.yaml').map((a) => [a.name, a.value, text.slice(a.start, a.end)]);
  assert.deepEqual(vars, [['IMGPROXY_KEY', 'def345', 'def345'], ['IMGPROXY_SALT', 'abc123', 'abc123'], ['IMGPROXY_USE_S3', 'true', 'true']]);
  assert.deepEqual(lintText(text, options(), 'values.yaml'), []);
  // The chart's top-level image makes its env imgproxy's.
  assert.deepEqual(findImgproxyEnv(text, 'values.yaml').map((a) => a.owner), ['imgproxy', 'imgproxy', 'imgproxy']);
});
