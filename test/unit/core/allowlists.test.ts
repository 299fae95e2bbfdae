// The other proxies' allow-lists judged as each proxy matches them: imagor's HTTP_LOADER_ALLOWED_SOURCES
// (globs over the host), imageproxy's -allowHosts / IMAGEPROXY_ALLOWHOSTS (exact hosts) and thumbor's
// ALLOWED_SOURCES in thumbor.conf (hosts lowercased first; compiled patterns matched from the URL's start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, findProxySettings, lintText, type Finding } from '../../../server/src/core/index.js';
import { shellWords } from '../../../server/src/core/dockerfile-env.js';
import { options } from './helpers.js';

const lint = (text: string, path: string) => lintText(text, options(), path);
const summary = (findings: Finding[], text: string) => findings.map((f) => `${f.rule} ${text.slice(f.start, f.end)}`);
const fixAll = (text: string, path: string) => applyEdits(text, lint(text, path).flatMap((f) => (f.fix ? [f.fix] : [])).filter((e, i, all) => all.findIndex((o) => o.start === e.start) === i));

test('imagor: an uppercase HTTP_LOADER_ALLOWED_SOURCES glob is reported and lowercased; no entry is an open prefix', () => {
  const text = 'IMAGOR_SECRET_FILE=/run/secrets/imagor\nHTTP_LOADER_ALLOWED_SOURCES=*.Example.com, cdn.example.com,media.example.com:8443\n';
  const findings = lint(text, '.env');
  assert.deepEqual(summary(findings, text), ['allowed-sources-uppercase *.Example.com']);
  assert.match(findings[0].message, /^HTTP_LOADER_ALLOWED_SOURCES entry "\*\.Example\.com" has uppercase letters; imagor matches each entry as a glob against the source URL's host, case-sensitively \(Go's path\.Match\), so it never matches "\*\.example\.com"/);
  assert.equal(fixAll(text, '.env'), text.replace('*.Example.com', '*.example.com'));
});

test('imagor: letters inside a glob class or escaped are not literal, and are left alone', () => {
  assert.deepEqual(lint('HTTP_LOADER_ALLOWED_SOURCES=[A-Z]*.example.com,img\\X.example.com\n', '.env'), []);
});

test('imagor: judged in the imagor service of a compose file and as a flag of its command, not in an application\'s service', () => {
  const text = [
    'services:',
    '  imagor:',
    '    image: shumc/imagor:1.4',
    '    command: -imagor-secret s3cr3t -http-loader-allowed-sources=Media.example.com',
    '    environment:',
    '      HTTP_LOADER_ALLOWED_SOURCES: "Cdn.example.com"',
    '  web:',
    '    image: node:20',
    '    environment:',
    '      HTTP_LOADER_ALLOWED_SOURCES: Other.example.com',
    '  imgproxy:',
    '    image: darthsim/imgproxy',
    '    environment:',
    '      HTTP_LOADER_ALLOWED_SOURCES: Third.example.com',
    '',
  ].join('\n');
  const findings = lint(text, 'docker-compose.yml');
  assert.deepEqual(summary(findings, text), ['allowed-sources-uppercase Media.example.com', 'allowed-sources-uppercase Cdn.example.com']);
  assert.match(findings[0].message, /^-http-loader-allowed-sources entry "Media\.example\.com"/);
  assert.equal(fixAll(text, 'docker-compose.yml'), text.replace('=Media.', '=media.').replace('"Cdn.', '"cdn.'));
});

test('imageproxy: -allowHosts in a compose command (string, flow and block forms), named in the message', () => {
  const forms = [
    '    command: -addr 0.0.0.0:8080 -verbose -allowHosts Example.com,*.cdn.example.com',
    '    command: ["-addr", "0.0.0.0:8080", "-allowHosts=Example.com,*.cdn.example.com"]',
    '    command:\n      - -addr\n      - 0.0.0.0:8080\n      - --allowHosts\n      - "Example.com,*.cdn.example.com"',
  ];
  for (const form of forms) {
    const text = `services:\n  images:\n    image: ghcr.io/willnorris/imageproxy:v0.12.0\n${form}\n`;
    const findings = lint(text, 'compose.yaml');
    assert.deepEqual(summary(findings, text), ['allowed-sources-uppercase Example.com'], form);
    assert.match(findings[0].message, /^-{1,2}allowHosts entry "Example\.com" has uppercase letters; imageproxy compares each entry with the source URL's host exactly, case-sensitively, so it never matches "example\.com"/);
    assert.equal(fixAll(text, 'compose.yaml'), text.replace('Example.com', 'example.com'), form);
  }
});

test('imageproxy: flags are read only where the command runs imageproxy', () => {
  const other = 'services:\n  web:\n    image: node:20\n    command: -allowHosts Example.com\n';
  assert.deepEqual(lint(other, 'compose.yaml'), []);
  const shell = 'services:\n  images:\n    image: willnorris/imageproxy\n    command: sh -c "imageproxy -allowHosts Example.com"\n';
  assert.deepEqual(lint(shell, 'compose.yaml'), []);
  const byProgram = 'services:\n  images:\n    build: .\n    command: ["/go/bin/imageproxy", "-allowHosts", "Example.com"]\n';
  assert.deepEqual(summary(lint(byProgram, 'compose.yaml'), byProgram), ['allowed-sources-uppercase Example.com']);
});

test('imageproxy: Kubernetes args, Dockerfile CMD/ENTRYPOINT and IMAGEPROXY_ALLOWHOSTS', () => {
  const k8s = 'spec:\n  containers:\n    - name: proxy\n      image: ghcr.io/willnorris/imageproxy\n      args:\n        - -allowHosts\n        - images.Example.com\n';
  assert.deepEqual(summary(lint(k8s, 'deploy.yaml'), k8s), ['allowed-sources-uppercase images.Example.com']);
  const exec = 'FROM ghcr.io/willnorris/imageproxy:v0.12.0\nCMD ["-addr", "0.0.0.0:8080", "-allowHosts", "Example.com"]\n';
  assert.deepEqual(summary(lint(exec, 'Dockerfile'), exec), ['allowed-sources-uppercase Example.com']);
  const shell = 'FROM golang:1.22\nRUN go install willnorris.com/go/imageproxy/cmd/imageproxy@latest\nENTRYPOINT /go/bin/imageproxy -addr 0.0.0.0:80 -allowHosts=Example.com\n';
  assert.deepEqual(summary(lint(shell, 'Dockerfile'), shell), ['allowed-sources-uppercase Example.com']);
  assert.equal(fixAll(shell, 'Dockerfile'), shell.replace('=Example.com', '=example.com'));
  const env = 'IMAGEPROXY_ALLOWHOSTS=Example.com,2001:DB8::/32,10.0.0.0/8, Spaced.example.com\n';
  const findings = lint(env, '.env');
  assert.deepEqual(summary(findings, env), ['allowed-sources-uppercase Example.com']);
  assert.match(findings[0].message, /^IMAGEPROXY_ALLOWHOSTS entry "Example\.com"/);
  // No prefix matching in imageproxy: an entry without "/" is not open.
  assert.deepEqual(lint('IMAGEPROXY_ALLOWHOSTS=example.com\n', '.env'), []);
});

test('imageproxy: -signatureKey and -imagor-secret are read from commands as the variables they stand for', () => {
  const text = 'services:\n  images:\n    image: willnorris/imageproxy\n    command: -signatureKey @/run/secrets/key -signatureKey "abc def"\n';
  const keys = findProxySettings(text, 'compose.yml').map((a) => [a.name, a.flag, a.value, a.owner]);
  assert.deepEqual(keys, [
    ['IMAGEPROXY_SIGNATUREKEY', '-signatureKey', '@/run/secrets/key', 'imageproxy'],
    ['IMAGEPROXY_SIGNATUREKEY', '-signatureKey', 'abc def', 'imageproxy'],
  ]);
});

const CONF = [
  '# thumbor.conf',
  'import re',
  "SECURITY_KEY = 'MY_SECURE_KEY'  # the key",
  'ALLOWED_SOURCES = [',
  "    'Images.example.com',  # plain strings are matched whole against the lowercased host",
  "    's.glbimg.com',",
  "    r'.*\\.Legacy\\.example\\.com',",
  "    r'\\D+\\.example\\.com',",
  "    '(?i)Any.example.com',",
  "    re.compile(r'^https://cdn\\.example\\.com'),",
  "    re.compile(r'https://Media\\.example\\.com/'),",
  "    re.compile(r'https://Both\\.example\\.com'),",
  "    re.compile(r'https://Flags\\.example\\.com/', re.I),",
  "    re.compile(r'^https://(www\\.)?example\\.com'),",
  "    re.compile('https://bare.example.com'),",
  ']',
  '',
].join('\n');

test('thumbor: ALLOWED_SOURCES strings with uppercase match no source; compiled patterns can be open prefixes', () => {
  const findings = lint(CONF, 'thumbor.conf');
  assert.deepEqual(summary(findings, CONF), [
    'allowed-sources-uppercase Images.example.com',
    'allowed-sources-uppercase .*\\.Legacy\\.example\\.com',
    'allowed-sources-open-prefix ^https://cdn\\.example\\.com',
    'allowed-sources-uppercase https://Media\\.example\\.com/',
    'allowed-sources-uppercase https://Both\\.example\\.com',
    'allowed-sources-open-prefix https://Both\\.example\\.com',
    'allowed-sources-open-prefix https://bare.example.com',
  ]);
  assert.match(findings[0].message, /thumbor lowercases the source URL's host before matching \(urlparse\).*matches no source at all/);
  assert.match(findings[2].message, /re\.match\), so "https:\/\/cdn\.example\.com@evil\.example\/" and "https:\/\/cdn\.example\.com\.evil\.example\/" pass too\. End it with "\/"/);
  const fixed = fixAll(CONF, 'thumbor.conf');
  assert.equal(fixed, CONF
    .replace("'Images.", "'images.")
    .replace('\\.Legacy\\.', '\\.legacy\\.')
    .replace("cdn\\.example\\.com')", "cdn\\.example\\.com/')")
    .replace('https://Media', 'https://media')
    .replace("https://Both\\.example\\.com')", "https://both\\.example\\.com/')")
    .replace("bare.example.com')", "bare.example.com/')"));
  assert.deepEqual(lint(fixed, 'thumbor.conf'), []);
});

test('thumbor: only thumbor.conf files are read as its configuration; a non-raw string with escapes is judged, not rewritten', () => {
  assert.deepEqual(lint("ALLOWED_SOURCES = ['Images.example.com']\n", 'settings.py'), []);
  assert.deepEqual(lint("ALLOWED_SOURCES = ['Images.example.com']\n", 'app.conf'), []);
  const escaped = "ALLOWED_SOURCES = ['.*\\\\.Example\\\\.com']\n";
  const [finding] = lint(escaped, 'conf/thumbor.conf');
  assert.equal(finding.rule, 'allowed-sources-uppercase');
  assert.equal(finding.fix, null);
});

test('a one-line command (compose, Kubernetes) is split as a shell and as a Dockerfile\'s shell form split it: quotes and escapes undone, offsets inside a quoted word', () => {
  const line = `-a  'one two' "th\\"ree" plain\\ word "whole" mix"ed" ''`;
  assert.deepEqual(shellWords(line, 10), [
    { value: '-a', start: 10, end: 12, verbatim: true },
    { value: 'one two', start: 15, end: 22, verbatim: true },
    { value: 'th"ree', start: 24, end: 33, verbatim: false },
    { value: 'plain word', start: 34, end: 45, verbatim: false },
    { value: 'whole', start: 47, end: 52, verbatim: true },
    { value: 'mixed', start: 54, end: 61, verbatim: false },
    { value: '', start: 63, end: 63, verbatim: true },
  ]);
});
