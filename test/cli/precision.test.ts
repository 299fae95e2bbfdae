// The CLI on the precision cases of issue 11: overrides per glob, discovered files that never stop a
// scan, and the application's own IMGPROXY_* settings left alone by --fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME } from '../../server/src/core/index.js';
import { runCli, tree } from './helpers.js';

const PRESETS = 'https://imgproxy.example.com/unsafe/thumbnail:blurry/plain/https://example.com/a.jpg';
const rules = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string; rule: string; severity: string }[] }).findings.map((f) => `${f.file}:${f.rule}:${f.severity}`);

test('overrides per glob: presets-only docs are quiet, the same URL in code is judged', () => {
  const root = tree({
    [CONFIG_FILE_NAME]: JSON.stringify({ overrides: [{ files: ['docs/**'], imgproxy: { onlyPresets: true } }, { files: ['*.md'], excludedFiles: ['docs/**'], rules: { 'option-unknown': 'off' } }] }),
    'docs/presets.md': `See ${PRESETS}\n`,
    'README.md': `See ${PRESETS}\n`,
    'src/a.ts': `const u = "${PRESETS.replace('thumbnail:blurry', 'rs:fit:300/qualty:80')}";\n`,
  });
  const { code, stdout, stderr } = runCli(['--format', 'json', '.'], root);
  assert.equal(code, 1, stderr);
  assert.deepEqual(rules(stdout), ['src/a.ts:option-unknown:warning']);
});

test('a bad overrides entry is an error naming the file and the key', () => {
  const root = tree({ [CONFIG_FILE_NAME]: '{ "overrides": [{ "imgproxy": { "onlyPresets": true } }] }', 'a.ts': '' });
  const { code, stderr } = runCli(['.'], root);
  assert.equal(code, 2);
  assert.match(stderr, /\.imgproxy-url-lint\.json: "overrides\[0\]": has no "files"/);
});

test('a bad key in a discovered .env never stops the scan: a note names the file and line, findings go on', () => {
  const root = tree({
    '.env.sample': "IMGPROXY_KEY=$(xxd -g 2 -l 64 -p /dev/random | tr -d '\\n')\n",
    '.env': 'RAILS_ENV=production\nIMGPROXY_KEY=abc\nIMGPROXY_SALT=0102\n',
    'a.ts': 'const u = "https://imgproxy.example.com/insecure/rs:fit:300/plain/https://CDN.example.com/a.jpg";\n',
  });
  const { code, stdout, stderr } = runCli(['--format', 'json', '.'], root);
  assert.equal(code, 1, stderr);
  assert.deepEqual(rules(stdout).sort(), ['.env:signing-key-invalid:error', 'a.ts:host-uppercase:warning']);
  assert.match(stderr, /note: \.env:2: IMGPROXY_KEY .*key unknown/);
});

test('--fix leaves the application\'s IMGPROXY_BASE_URL and Dockerfile continuations byte for byte', () => {
  const files = {
    Dockerfile: 'FROM node:20\nENV IMGPROXY_BASE_URL=http://imgproxy:8080 \\\n    NODE_ENV=production\n',
    '.env': 'DATABASE_URL=postgres://db/app\nIMGPROXY_BASE_URL=https://Img.example.com\n',
    'docker-compose.yml': 'services:\n  web:\n    build: .\n    environment:\n      - IMGPROXY_BASE_URL=http://imgproxy:8080\n      - IMGPROXY_ALLOWED_SOURCES=s3://,local://\n  imgproxy:\n    image: ghcr.io/imgproxy/imgproxy:latest\n    environment:\n      IMGPROXY_ALLOWED_SOURCES: "s3://,local://"\n',
  };
  const root = tree(files);
  const { code, stdout, stderr } = runCli(['--fix', '--format', 'json', '.'], root);
  assert.equal(code, 0, stdout + stderr);
  for (const [name, text] of Object.entries(files)) assert.equal(readFileSync(join(root, name), 'utf8'), text, name);
});
