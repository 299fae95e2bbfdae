// The built CLI on a project whose proxies are imagor, thumbor and imageproxy: their allow-lists judged
// in the files where they are configured, their keys found there (an imageproxy key in a file secret),
// and --fix lowercasing the entries and re-signing with the key it found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tree } from './helpers.js';

const sign = (key: string, message: string) => createHmac('sha256', key).update(message).digest('base64url');
const FILE_KEY = 'imageproxy-file-k3y\n';
const REMOTE = 'https://Images.example.com/a.jpg';

const files = {
  'docker-compose.yml': [
    'services:',
    '  images:',
    '    image: ghcr.io/willnorris/imageproxy:v0.12.0',
    '    command: -addr 0.0.0.0:8080 -allowHosts Images.example.com -signatureKey @/run/secrets/imageproxy_key',
    '    secrets: [imageproxy_key]',
    '  imagor:',
    '    image: shumc/imagor:1.5',
    '    environment:',
    '      HTTP_LOADER_ALLOWED_SOURCES: "*.Example.com,cdn.example.com"',
    '  web:',
    '    image: node:20',
    '    environment:',
    '      HTTP_LOADER_ALLOWED_SOURCES: "Not.Imagors.example.com"',
    'secrets:',
    '  imageproxy_key:',
    '    file: ./secrets/imageproxy.key',
    '',
  ].join('\n'),
  'secrets/imageproxy.key': FILE_KEY,
  'thumbor/thumbor.conf': "ALLOWED_SOURCES = [\n    'Media.example.com',\n    re.compile(r'^https://cdn\\.example\\.com'),\n]\n",
  'src/img.ts': `export const src = "https://img.example.com/300x200,s${sign(FILE_KEY, REMOTE)}/${REMOTE}";\n`,
};

test('imagor, imageproxy and thumbor allow-lists are judged where they are configured; the imageproxy key comes from its file secret', () => {
  const root = tree(files);
  const { code, stdout, stderr } = runCli(['--format', 'json', '.'], root);
  assert.equal(code, 1, stderr);
  const findings = (JSON.parse(stdout) as { findings: { file: string; rule: string; message: string; url: string; fix: unknown }[] }).findings;
  assert.deepEqual(findings.map((f) => `${f.file} ${f.rule} ${f.url}`), [
    'docker-compose.yml allowed-sources-uppercase -allowHosts',
    'docker-compose.yml allowed-sources-uppercase HTTP_LOADER_ALLOWED_SOURCES',
    'src/img.ts host-uppercase https://img.example.com/300x200,s' + sign(FILE_KEY, REMOTE) + '/' + REMOTE,
    'thumbor/thumbor.conf allowed-sources-uppercase ALLOWED_SOURCES',
    'thumbor/thumbor.conf allowed-sources-open-prefix ALLOWED_SOURCES',
  ]);
  assert.match(findings[0].message, /imageproxy compares each entry/);
  assert.match(findings[1].message, /imagor matches each entry as a glob/);
  assert.ok(findings[2].fix, 'the signed URL can be re-signed: the key was read from secrets/imageproxy.key');
});

test('--fix lowercases the entries, closes thumbor\'s compiled prefix and re-signs the URL with the file key', () => {
  const root = tree(files);
  runCli(['--fix', '.'], root);
  const read = (name: string) => readFileSync(join(root, name), 'utf8');
  assert.equal(read('docker-compose.yml'), files['docker-compose.yml'].replace('-allowHosts Images.', '-allowHosts images.').replace('"*.Example.com', '"*.example.com'));
  assert.equal(read('thumbor/thumbor.conf'), files['thumbor/thumbor.conf'].replace("'Media.", "'media.").replace("com'),", "com/'),"));
  const lower = REMOTE.replace('Images.', 'images.');
  assert.equal(read('src/img.ts'), `export const src = "https://img.example.com/300x200,s${sign(FILE_KEY, lower)}/${lower}";\n`);
  const again = runCli(['--format', 'json', '.'], root);
  assert.equal(again.code, 0, again.stdout + again.stderr);
});
