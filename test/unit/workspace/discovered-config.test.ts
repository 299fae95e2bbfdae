// Files the tool finds by itself (.env, .env.sample, docker-compose.yml) are evidence, not orders: a bad
// value there is a notice at its file and line, signing falls back to "key unknown", and nothing stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, CONFIG_FILE_NAME } from '../../../server/src/core/index.js';
import { MemoryFs, ProjectContexts } from '../../../server/src/workspace/index.js';

const KEY = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
const SALT = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';

test('a placeholder key in a discovered file is a placeholder: no error, no notice, key unknown', async () => {
  const placeholders = [
    "IMGPROXY_KEY=$(xxd -g 2 -l 64 -p /dev/random | tr -d '\\n')\nIMGPROXY_SALT=$(xxd -g 2 -l 64 -p /dev/random | tr -d '\\n')\n",
    'IMGPROXY_KEY=<your-key>\nIMGPROXY_SALT=<your-salt>\n',
    'IMGPROXY_KEY=changeme\nIMGPROXY_SALT=changeme\n',
    'IMGPROXY_KEY=your-key-here\nIMGPROXY_SALT=REPLACE_WITH_SALT\n',
  ];
  for (const name of ['.env', '.env.sample', '.env.example', '.env.local']) {
    for (const text of placeholders) {
      const ctx = await new ProjectContexts({ fs: new MemoryFs({ [name]: text, 'a.ts': '' }, '/ws'), env: {} }).forPath('/ws/a.ts');
      assert.equal(ctx.options.signing.pairs.length, 0, `${name}: ${text}`);
      assert.deepEqual(ctx.notices, [], `${name}: ${text}`);
    }
  }
});

test('a bad key in a discovered file is a notice naming the file and line; signing falls back to key unknown', async () => {
  const mem = new MemoryFs({ '.env': 'RAILS_ENV=production\nIMGPROXY_KEY=abc\nIMGPROXY_SALT=0102\n', 'docker-compose.yml': 'services:\n  imgproxy:\n    environment:\n      IMGPROXY_SIGNATURE_SIZE: "0"\n', 'a.ts': '' }, '/ws');
  const ctx = await new ProjectContexts({ fs: mem, env: {} }).forPath('/ws/a.ts');
  assert.equal(ctx.options.signing.pairs.length, 0);
  assert.equal(ctx.notices.length, 1);
  assert.match(ctx.notices[0].file, /\/ws\/(\.env|docker-compose\.yml)$/);
  assert.ok(ctx.notices[0].line >= 2, JSON.stringify(ctx.notices));
  assert.match(ctx.notices[0].message, /key unknown/);
  assert.ok(!ctx.notices[0].message.includes('abc'), 'a key is never echoed');
});

test('a template file\'s key is never taken for the project\'s key', async () => {
  const mem = new MemoryFs({ '.env.example': `IMGPROXY_KEY=${KEY}\nIMGPROXY_SALT=${SALT}\n`, 'a.ts': '' }, '/ws');
  const ctx = await new ProjectContexts({ fs: mem, env: {} }).forPath('/ws/a.ts');
  assert.equal(ctx.options.signing.pairs.length, 0);
});

test('a bad key in the named env file is an error naming that file and its line', async () => {
  const mem = new MemoryFs({ [CONFIG_FILE_NAME]: '{ "signing": { "envFile": "secrets.env" } }', 'secrets.env': `# signing\nIMGPROXY_KEY=${KEY}\nIMGPROXY_SALT=zz\n` }, '/ws');
  await assert.rejects(new ProjectContexts({ fs: mem, env: {} }).forPath('/ws'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.file, '/ws/secrets.env');
    assert.equal(error.line, 3);
    assert.equal(error.key, 'IMGPROXY_SALT');
    return true;
  });
});

test('an application\'s IMGPROXY_BASE_URL (the address of its imgproxy) never sets how sources are read', async () => {
  const cases: Record<string, string> = {
    '.env': 'DATABASE_URL=postgres://db/app\nIMGPROXY_BASE_URL=https://img.example.com\nIMGPROXY_KEY=\n',
    'docker-compose.yml': 'services:\n  web:\n    image: ghcr.io/acme/shop\n    environment:\n      IMGPROXY_BASE_URL: https://img.example.com/\n  imgproxy:\n    image: darthsim/imgproxy\n',
    'compose.yaml': 'services:\n  app:\n    environment:\n      - IMGPROXY_BASE_URL=http://imgproxy:8080/\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const ctx = await new ProjectContexts({ fs: new MemoryFs({ [name]: text, 'a.ts': '' }, '/ws'), env: {} }).forPath('/ws/a.ts');
    assert.equal(ctx.options.imgproxy.baseUrl, '', name);
  }
  const own = new MemoryFs({ 'docker-compose.yml': 'services:\n  img:\n    image: ghcr.io/imgproxy/imgproxy:v3.24\n    environment:\n      IMGPROXY_BASE_URL: https://media.example.com/\n', 'a.ts': '' }, '/ws');
  assert.equal((await new ProjectContexts({ fs: own, env: {} }).forPath('/ws/a.ts')).options.imgproxy.baseUrl, 'https://media.example.com/');
});
