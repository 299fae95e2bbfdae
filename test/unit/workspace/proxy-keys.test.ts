// The other proxies' keys found where they are written down: thumbor's SECURITY_KEY in thumbor.conf,
// imagor's IMAGOR_SECRET in compose, imageproxy's -signatureKey flag with its `@file` keys read by the
// workspace (the engine reads no file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, CONFIG_FILE_NAME } from '../../../server/src/core/index.js';
import { MemoryFs, ProjectContexts } from '../../../server/src/workspace/index.js';

const load = (files: Record<string, string>) => new ProjectContexts({ fs: new MemoryFs({ ...files, 'a.ts': '' }, '/ws'), env: {} }).forPath('/ws/a.ts');
const text = (bytes: Uint8Array[] | undefined) => (bytes ?? []).map((b) => Buffer.from(b).toString('utf8'));

test('thumbor.conf beside the project gives thumbor\'s SECURITY_KEY; a template\'s is a stand-in', async () => {
  const ctx = await load({ 'thumbor.conf': "# thumbor\nSECURITY_KEY = 'k3y-of-thumbor'  # keep it secret\nALLOWED_SOURCES = []\n" });
  assert.equal(ctx.options.signing.thumbor?.securityKey, 'k3y-of-thumbor');
  const template = await load({ 'thumbor.example.conf': "SECURITY_KEY = 'k3y-of-thumbor'\n" });
  assert.equal(template.options.signing.thumbor, undefined);
  const computed = await load({ 'thumbor.conf': "import os\nSECURITY_KEY = os.environ['KEY']\n" });
  assert.equal(computed.options.signing.thumbor, undefined);
});

test('signing.envFile may name a thumbor.conf: its SECURITY_KEY is read as Python', async () => {
  const ctx = await load({ [CONFIG_FILE_NAME]: '{ "signing": { "envFile": "conf/thumbor.conf" } }', 'conf/thumbor.conf': 'SECURITY_KEY = "named-key"  # the key\n' });
  assert.equal(ctx.options.signing.thumbor?.securityKey, 'named-key');
});

test('IMAGOR_SECRET and IMAGOR_SIGNER_TYPE from the imagor service of a compose file, and from its flags', async () => {
  const env = await load({ 'docker-compose.yml': 'services:\n  imagor:\n    image: shumc/imagor\n    environment:\n      IMAGOR_SECRET: "imagor-k3y"\n      IMAGOR_SIGNER_TYPE: sha256\n' });
  assert.deepEqual(env.options.signing.imagor, { secret: 'imagor-k3y', type: 'sha256', truncate: 0 });
  const flags = await load({ 'compose.yaml': 'services:\n  imagor:\n    image: shumc/imagor\n    command: ["-imagor-secret", "flag-k3y", "-imagor-signer-truncate", "40"]\n' });
  assert.deepEqual(flags.options.signing.imagor, { secret: 'flag-k3y', type: 'sha1', truncate: 40 });
});

test('-signatureKey @file: a compose file secret or bind mount maps the container path to a file in the project', async () => {
  const secret = await load({
    'docker-compose.yml': 'services:\n  proxy:\n    image: ghcr.io/willnorris/imageproxy\n    command: -addr 0.0.0.0:8080 -signatureKey @/run/secrets/imageproxy_key -signatureKey plain-k3y\n    secrets:\n      - imageproxy_key\nsecrets:\n  imageproxy_key:\n    file: ./secrets/imageproxy.key\n',
    'secrets/imageproxy.key': 'file-k3y\n',
  });
  assert.equal(secret.options.signing.imageproxy?.signatureKey, '@/run/secrets/imageproxy_key plain-k3y');
  assert.deepEqual(text(secret.options.signing.imageproxy?.fileKeys), ['file-k3y\n'], 'the bytes as imageproxy reads them, newline included');
  const mount = await load({
    'compose.yml': 'services:\n  proxy:\n    image: willnorris/imageproxy\n    command: ["-signatureKey", "@/etc/imageproxy/key"]\n    volumes:\n      - ./config:/etc/imageproxy:ro\n',
    'config/key': 'mounted-k3y',
  });
  assert.deepEqual(text(mount.options.signing.imageproxy?.fileKeys), ['mounted-k3y']);
});

test('-signatureKey @file outside the project, or not in the checkout, leaves the key unknown without a notice', async () => {
  const outside = await load({ 'compose.yml': 'services:\n  proxy:\n    image: willnorris/imageproxy\n    command: -signatureKey @/etc/imageproxy.key\n' });
  assert.equal(outside.options.signing.imageproxy?.fileKeys, undefined);
  assert.deepEqual(outside.notices, []);
  const missing = await load({ 'compose.yml': 'services:\n  proxy:\n    image: willnorris/imageproxy\n    command: -signatureKey @./missing.key\n' });
  assert.equal(missing.options.signing.imageproxy?.fileKeys, undefined);
});

test('IMAGEPROXY_SIGNATUREKEY=@file in the named env file is read relative to it; a missing file is an error naming it', async () => {
  const ctx = await load({ [CONFIG_FILE_NAME]: '{ "signing": { "envFile": "conf/proxy.env" } }', 'conf/proxy.env': 'IMAGEPROXY_SIGNATUREKEY=@key.bin\n', 'conf/key.bin': 'named-file-k3y' });
  assert.deepEqual(text(ctx.options.signing.imageproxy?.fileKeys), ['named-file-k3y']);
  await assert.rejects(load({ [CONFIG_FILE_NAME]: '{ "signing": { "envFile": "proxy.env" } }', 'proxy.env': 'IMAGEPROXY_SIGNATUREKEY=@nope.key\n' }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /\/ws\/nope\.key.*IMAGEPROXY_SIGNATUREKEY.*cannot read the key file named by "@nope\.key"/);
    return true;
  });
});
