import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE } from '../../../server/src/core/index.js';
import { findConfigFile, loadProjectContext, MemoryFs, ProjectContexts, walkFiles } from '../../../server/src/workspace/index.js';
import { makeTree } from './helpers.js';

const KEY = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
const SALT = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';

test('findConfigFile walks upward from a file or a folder, and finds nothing outside', async () => {
  const { root, cleanup } = makeTree({ [CONFIG_FILE_NAME]: '{}', 'a/b/c/file.ts': 'x', 'a/b/c/d/': { dir: true } });
  try {
    assert.equal(await findConfigFile(join(root, 'a/b/c/file.ts')), join(root, CONFIG_FILE_NAME));
    assert.equal(await findConfigFile(join(root, 'a/b/c/d')), join(root, CONFIG_FILE_NAME));
    assert.equal(await findConfigFile(root), join(root, CONFIG_FILE_NAME));
    const mem = new MemoryFs({ 'x/y/z.ts': '' }, '/ws');
    assert.equal(await findConfigFile('/ws/x/y/z.ts', mem), undefined);
  } finally {
    cleanup();
  }
});

test('the nearest config wins', async () => {
  const { root, cleanup } = makeTree({
    [CONFIG_FILE_NAME]: '{ "rules": { "host-uppercase": "error" } }',
    [`pkg/${CONFIG_FILE_NAME}`]: '{ "rules": { "host-uppercase": "off" } }',
    'pkg/src/a.ts': '',
  });
  try {
    const ctx = await loadProjectContext(join(root, 'pkg/src/a.ts'), { env: {} });
    assert.equal(ctx.configFile, join(root, 'pkg', CONFIG_FILE_NAME));
    assert.equal(ctx.options.rules['host-uppercase'], 'off');
    assert.equal(ctx.baseDir, join(root, 'pkg'));
  } finally {
    cleanup();
  }
});

test('no config: defaults', async () => {
  const mem = new MemoryFs({ 'a.ts': '' }, '/ws');
  const ctx = await loadProjectContext('/ws/a.ts', { env: {}, fs: mem });
  assert.equal(ctx.configFile, undefined);
  assert.equal(ctx.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  assert.deepEqual(ctx.include, []);
  assert.deepEqual(ctx.options.signing.pairs, []);
  assert.equal(ctx.isIncluded('/ws/a.ts'), true);
});

test('an empty config file (or whitespace only, or only a BOM) means defaults', async () => {
  for (const text of ['', '  \n', '\uFEFF']) {
    const mem = new MemoryFs({ [CONFIG_FILE_NAME]: text, 'a.ts': '' }, '/ws');
    const ctx = await loadProjectContext('/ws/a.ts', { env: {}, fs: mem });
    assert.equal(ctx.configFile, `/ws/${CONFIG_FILE_NAME}`);
    assert.deepEqual(ctx.config, {});
  }
});

test('a malformed config throws a ConfigError naming the file and the line', async () => {
  const { root, cleanup } = makeTree({ [CONFIG_FILE_NAME]: '{\n  "rules": {\n    "host-uppercase": "error",,\n  }\n}\n', 'a.ts': '' });
  try {
    await assert.rejects(loadProjectContext(join(root, 'a.ts'), { env: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.file, join(root, CONFIG_FILE_NAME));
      assert.equal(error.line, 3);
      assert.ok(error.message.startsWith(`${join(root, CONFIG_FILE_NAME)}:3:`), error.message);
      assert.match(error.message, /invalid JSON/);
      return true;
    });
  } finally {
    cleanup();
  }
});

test('a bad key in the config names the key', async () => {
  const mem = new MemoryFs({ [CONFIG_FILE_NAME]: '{ "maxFileSize": -1 }' }, '/ws');
  await assert.rejects(loadProjectContext('/ws', { env: {}, fs: mem }), /\/ws\/\.imgproxy-url-lint\.json: "maxFileSize": must be a positive whole number/);
});

test('a missing env file is a ConfigError naming the config file, the key, the path and what to do', async () => {
  const { root, cleanup } = makeTree({ [CONFIG_FILE_NAME]: '{\n  "signing": {\n    "envFile": "secrets/imgproxy.env"\n  }\n}\n' });
  try {
    await assert.rejects(loadProjectContext(root, { env: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.file, join(root, CONFIG_FILE_NAME));
      assert.equal(error.key, 'signing.envFile');
      assert.equal(error.line, 3);
      assert.ok(error.message.includes(join(root, 'secrets/imgproxy.env')), error.message);
      assert.match(error.message, /does not exist; create it .*relative to the config file's folder.* remove "signing\.envFile"/);
      return true;
    });
  } finally {
    cleanup();
  }
});

test('signing: the env file (relative to the config) wins, the environment fills the gaps', async () => {
  const { root, cleanup } = makeTree({
    [`conf/${CONFIG_FILE_NAME}`]: '{ "signing": { "envFile": "../imgproxy.env" } }',
    'imgproxy.env': `# imgproxy\nexport IMGPROXY_KEY=${KEY}\nIMGPROXY_SIGNATURE_SIZE="8"\n`,
  });
  try {
    const env = { IMGPROXY_KEY: 'ffff', IMGPROXY_SALT: SALT, IMGPROXY_SIGNATURE_SIZE: '32' };
    const ctx = await loadProjectContext(join(root, 'conf'), { env });
    assert.equal(ctx.envFile, join(root, 'imgproxy.env'));
    assert.equal(ctx.options.signing.signatureSize, 8);
    assert.equal(ctx.options.signing.pairs.length, 1);
    assert.equal(Buffer.from(ctx.options.signing.pairs[0].key).toString('hex'), KEY);
    assert.equal(Buffer.from(ctx.options.signing.pairs[0].salt).toString('hex'), SALT);
    // Without an env file, the environment alone.
    const plain = await loadProjectContext(root, { env: { IMGPROXY_KEY: KEY, IMGPROXY_SALT: SALT } });
    assert.equal(plain.options.signing.pairs.length, 1);
  } finally {
    cleanup();
  }
});

test('a bad signing variable names where it came from, never its value', async () => {
  const mem = new MemoryFs({ [CONFIG_FILE_NAME]: '{ "signing": { "envFile": "x.env" } }', 'x.env': `IMGPROXY_KEY=${KEY}\n` }, '/ws');
  const secretSalt = 'abc'; // odd length: invalid
  await assert.rejects(loadProjectContext('/ws', { env: { IMGPROXY_SALT: secretSalt }, fs: mem }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.file, 'the environment');
    assert.equal(error.key, 'IMGPROXY_SALT');
    assert.ok(!error.message.includes(secretSalt) && !error.message.includes(KEY));
    return true;
  });
  const mem2 = new MemoryFs({ [CONFIG_FILE_NAME]: '{ "signing": { "envFile": "x.env" } }', 'x.env': `IMGPROXY_KEY=${KEY}\nIMGPROXY_SALT=xyz\n` }, '/ws');
  await assert.rejects(loadProjectContext('/ws', { env: {}, fs: mem2 }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.file, '/ws/x.env');
    return true;
  });
});

test('--config: an explicit config file applies everywhere, a missing one is a clear error', async () => {
  const mem = new MemoryFs({ 'cfg/custom.json': '{ "maxFileSize": 10 }', [`a/${CONFIG_FILE_NAME}`]: '{}', 'a/b.ts': '' }, '/ws');
  const ctx = await loadProjectContext('/ws/a/b.ts', { configFile: '/ws/cfg/custom.json', env: {}, fs: mem });
  assert.equal(ctx.configFile, '/ws/cfg/custom.json');
  assert.equal(ctx.maxFileSize, 10);
  await assert.rejects(loadProjectContext('/ws/a', { configFile: '/ws/nope.json', env: {}, fs: mem }), /\/ws\/nope\.json: the config file does not exist/);
});

test('include / exclude globs are relative to the config folder; paths outside it are not matched', async () => {
  const mem = new MemoryFs({ [`p/${CONFIG_FILE_NAME}`]: '{ "include": ["src/**", "*.md"], "exclude": ["**/gen/**", "src/skip.ts"] }' }, '/ws');
  const ctx = await loadProjectContext('/ws/p', { env: {}, fs: mem });
  assert.equal(ctx.isIncluded('/ws/p/src/a.ts'), true);
  assert.equal(ctx.isIncluded('/ws/p/src/.hidden/a.ts'), true);
  assert.equal(ctx.isIncluded('/ws/p/README.md'), true);
  assert.equal(ctx.isIncluded('/ws/p/lib/a.ts'), false);
  assert.equal(ctx.isIncluded('/ws/p/src/skip.ts'), false);
  assert.equal(ctx.isIncluded('/ws/p/src/gen/x.ts'), false);
  assert.equal(ctx.isIncluded('/ws/p/src/gen', true), false);
  assert.equal(ctx.isIncluded('/ws/p/lib', true), true);
  assert.equal(ctx.isIncluded('/ws/other/a.ts'), true);
});

test('in-memory fs: walking 20 folders of 10 files reads the config once and stats it once', async () => {
  const tree: Record<string, string> = { [CONFIG_FILE_NAME]: '{ "rules": { "host-uppercase": "error" } }' };
  for (let d = 0; d < 20; d++) for (let f = 0; f < 10; f++) tree[`pkg/d${d}/sub/f${f}.ts`] = `// ${d}/${f}`;
  const mem = new MemoryFs(tree, '/ws');
  const contexts = new ProjectContexts({ fs: mem, env: {} });
  let files = 0;
  const configs = new Set<string | undefined>();
  for await (const entry of walkFiles(['/ws/pkg'], { contexts })) {
    assert.equal(entry.kind, 'file');
    files++;
    if (entry.kind === 'file') configs.add(entry.context.configFile);
  }
  assert.equal(files, 200);
  assert.deepEqual([...configs], [`/ws/${CONFIG_FILE_NAME}`]);
  assert.equal(mem.count('readFile', `/ws/${CONFIG_FILE_NAME}`), 1);
  assert.equal(mem.count('stat', `/ws/${CONFIG_FILE_NAME}`), 1);
  // Every folder listed once, every file read once, nothing else stat'ed per file; the config's folder is
  // listed once more, for imgproxy's own .env / docker-compose files beside it.
  assert.equal(mem.count('readdir'), 1 + 20 * 2 + 1);
  assert.equal(mem.count('readdir', '/ws'), 1);
  assert.equal(mem.count('readFile'), 200 + 1);
  assert.equal(mem.count('stat'), 2); // the root itself and the config found upward
  // The language server asking for a file's context afterwards costs no file-system call.
  mem.resetCalls();
  const ctx = await contexts.forPath('/ws/pkg/d3/sub/f1.ts');
  assert.equal(ctx.configFile, `/ws/${CONFIG_FILE_NAME}`);
  assert.equal(mem.calls.length, 1, JSON.stringify(mem.calls)); // only the file itself: not a folder listed by the walk
});

test('clear() makes the next load read the config again', async () => {
  const mem = new MemoryFs({ [CONFIG_FILE_NAME]: '{ "maxFileSize": 5 }' }, '/ws');
  const contexts = new ProjectContexts({ fs: mem, env: {} });
  assert.equal((await contexts.forPath('/ws')).maxFileSize, 5);
  mem.writeFile(`/ws/${CONFIG_FILE_NAME}`, '{ "maxFileSize": 7 }');
  assert.equal((await contexts.forPath('/ws')).maxFileSize, 5);
  contexts.clear();
  assert.equal((await contexts.forPath('/ws')).maxFileSize, 7);
});

test('in-memory fs: contexts for many files in a tree without config stat each folder\'s candidate once', async () => {
  const tree: Record<string, string> = {};
  for (let f = 0; f < 50; f++) tree[`a/b/f${f}.ts`] = '';
  const mem = new MemoryFs(tree, '/ws');
  const contexts = new ProjectContexts({ fs: mem, env: {} });
  for (let f = 0; f < 50; f++) assert.equal((await contexts.forPath(`/ws/a/b/f${f}.ts`)).configFile, undefined);
  for (const dir of ['/ws/a/b', '/ws/a', '/ws', '']) assert.equal(mem.count('stat', `${dir}/${CONFIG_FILE_NAME}`), 1, dir);
  assert.equal(mem.count('readFile'), 0);
});

test('globs: an empty one matches nothing, an unusable one in the config is a ConfigError naming the key', async () => {
  const mem = new MemoryFs({ [CONFIG_FILE_NAME]: JSON.stringify({ exclude: ['', 'a/**'] }) }, '/ws');
  const ctx = await loadProjectContext('/ws', { env: {}, fs: mem });
  assert.equal(ctx.isIncluded('/ws/b.ts'), true);
  assert.equal(ctx.isIncluded('/ws/a/b.ts'), false);
  const bad = new MemoryFs({ [CONFIG_FILE_NAME]: JSON.stringify({ include: ['src/**', 'x'.repeat(70000)] }) }, '/ws');
  await assert.rejects(loadProjectContext('/ws', { env: {}, fs: bad }), (error: unknown) =>
    error instanceof ConfigError && error.key === 'include[1]' && /not a usable glob/.test(error.message));
});

test('imgproxy settings beside the config (.env, docker-compose) inform how URLs are read, unless the config says otherwise', async () => {
  const mem = new MemoryFs({
    [CONFIG_FILE_NAME]: '{ "imgproxy": { "argumentsSeparator": ":" } }',
    'docker-compose.yml': 'services:\n  imgproxy:\n    environment:\n      IMGPROXY_PATH_PREFIX: /img\n      IMGPROXY_ARGUMENTS_SEPARATOR: ","\n      IMGPROXY_BASE_URL: "https://media.example.com/"\n      IMGPROXY_KEY: ${KEY}\n',
    '.env.production': 'IMGPROXY_KEY=736563726574\nIMGPROXY_SALT=68656c6c6f\n',
  }, '/ws');
  const ctx = await new ProjectContexts({ fs: mem, env: {} }).forPath('/ws/src/a.ts');
  assert.equal(ctx.options.imgproxy.pathPrefix, '/img');
  assert.equal(ctx.options.imgproxy.baseUrl, 'https://media.example.com/');
  assert.equal(ctx.options.imgproxy.argumentsSeparator, ':', 'the config file wins');
  assert.equal(ctx.options.signing.pairs.length, 1, 'the key and salt come from .env.production');
  assert.deepEqual(ctx.config, { imgproxy: { argumentsSeparator: ':' } }, 'the config as written is unchanged');
});

test('with no config file, each folder gets its own imgproxy settings from its own .env', async () => {
  const mem = new MemoryFs({ 'a/.env': 'IMGPROXY_PATH_PREFIX=/a\n', 'b/.env': 'IMGPROXY_PATH_PREFIX=/b\n', 'c/x.ts': '' }, '/ws');
  const contexts = new ProjectContexts({ fs: mem, env: {} });
  assert.equal((await contexts.forPath('/ws/a')).options.imgproxy.pathPrefix, '/a');
  assert.equal((await contexts.forPath('/ws/b')).options.imgproxy.pathPrefix, '/b');
  assert.equal((await contexts.forPath('/ws/c')).options.imgproxy.pathPrefix, '');
});
