// The signing key, the salt and the source-URL encryption key never appear in any output of the CLI:
// stylish, JSON, SARIF, --fix, stderr, error messages for bad values, from an env file or the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoCrash, cli, tempTree } from './helpers.js';
import { assertNoSecret, ENC_HEX, ENC_RAW, KEY_HEX, KEY_RAW, SALT_HEX, SALT_RAW, SECRET_FILES } from './secrets-fixture.js';

test('CLI: no output format, with or without --fix, ever shows the key, salt or encryption key', (t) => {
  const { root, cleanup } = tempTree({
    ...SECRET_FILES,
    '.imgproxy-url-lint.json': '{ "signing": { "envFile": "imgproxy.env" } }',
    'imgproxy.env': `IMGPROXY_KEY=${KEY_HEX}\nIMGPROXY_SALT=${SALT_HEX}\nIMGPROXY_SOURCE_URL_ENCRYPTION_KEY=${ENC_HEX}\n`,
  });
  t.after(cleanup);
  let sawFinding = false;
  for (const format of ['stylish', 'json', 'sarif']) {
    const result = cli(['--format', format, 'src'], root);
    assertNoCrash(result, format);
    assertNoSecret(result.stdout + result.stderr, `--format ${format}`);
    if (/signature-mismatch/.test(result.stdout)) sawFinding = true;
  }
  assert.ok(sawFinding, 'the key was used (a mismatch was found)');
  const fixed = cli(['--fix', '--format', 'json', 'src'], root);
  assertNoCrash(fixed, '--fix');
  assertNoSecret(fixed.stdout + fixed.stderr, '--fix');
  // The same key from the process environment instead of the env file.
  const { root: root2, cleanup: cleanup2 } = tempTree(SECRET_FILES);
  t.after(cleanup2);
  for (const format of ['stylish', 'json', 'sarif']) {
    const result = cli(['--format', format, '.'], root2, { env: { IMGPROXY_KEY: KEY_HEX, IMGPROXY_SALT: SALT_HEX, IMGPROXY_SOURCE_URL_ENCRYPTION_KEY: ENC_HEX } });
    assertNoCrash(result, `env ${format}`);
    assertNoSecret(result.stdout + result.stderr, `env --format ${format}`);
  }
});

test('CLI: bad signing values are reported without echoing them (env file and environment)', (t) => {
  const bad: [string, Record<string, string>][] = [
    ['odd-length key', { IMGPROXY_KEY: KEY_HEX + 'a', IMGPROXY_SALT: SALT_HEX }],
    ['non-hex key', { IMGPROXY_KEY: KEY_RAW, IMGPROXY_SALT: SALT_HEX }],
    ['non-hex salt', { IMGPROXY_KEY: KEY_HEX, IMGPROXY_SALT: SALT_RAW }],
    ['second entry bad', { IMGPROXY_KEY: `${KEY_HEX},${KEY_RAW}`, IMGPROXY_SALT: `${SALT_HEX},${SALT_HEX}` }],
    ['count mismatch', { IMGPROXY_KEY: `${KEY_HEX},${KEY_HEX}`, IMGPROXY_SALT: SALT_HEX }],
    ['bad size', { IMGPROXY_KEY: KEY_HEX, IMGPROXY_SALT: SALT_HEX, IMGPROXY_SIGNATURE_SIZE: '33' }],
    ['short encryption key', { IMGPROXY_SOURCE_URL_ENCRYPTION_KEY: ENC_HEX.slice(0, 40) }],
    ['non-hex encryption key', { IMGPROXY_SOURCE_URL_ENCRYPTION_KEY: ENC_RAW }],
    ['quoted key with spaces', { IMGPROXY_KEY: `" ${KEY_HEX} "`, IMGPROXY_SALT: SALT_HEX }],
  ];
  for (const [name, vars] of bad) {
    const envText = Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n');
    const { root, cleanup } = tempTree({ ...SECRET_FILES, '.imgproxy-url-lint.json': '{ "signing": { "envFile": "imgproxy.env" } }', 'imgproxy.env': envText });
    t.after(cleanup);
    for (const format of ['stylish', 'json', 'sarif']) {
      const fromFile = cli(['--format', format, 'src'], root);
      assertNoCrash(fromFile, `${name} (env file)`);
      if (!name.startsWith('quoted')) assert.equal(fromFile.code, 2, `${name}: ${fromFile.stderr}`);
      assertNoSecret(fromFile.stdout + fromFile.stderr, `${name} (env file, ${format})`);
    }
    const { root: root2, cleanup: cleanup2 } = tempTree(SECRET_FILES);
    t.after(cleanup2);
    const fromEnv = cli(['src'], root2, { env: vars });
    assertNoCrash(fromEnv, `${name} (environment)`);
    assertNoSecret(fromEnv.stdout + fromEnv.stderr, `${name} (environment)`);
  }
});

test('CLI: a config naming a secret as its env file path, or the secret as a glob, leaks nothing it did not write', (t) => {
  // If a user pastes the key where a path goes, the error may name the path: that is their own text in
  // their own config, but the env file's contents (read from elsewhere) must still never appear.
  const { root, cleanup } = tempTree({ ...SECRET_FILES, '.imgproxy-url-lint.json': '{ "signing": { "envFile": "imgproxy.env" }, "include": ["src/**"] }', 'imgproxy.env': `IMGPROXY_KEY=${KEY_HEX}\nIMGPROXY_SALT=${SALT_HEX}\nIMGPROXY_SIGNATURE_SIZE=oops\n` });
  t.after(cleanup);
  const result = cli(['--format', 'json', '.'], root);
  assertNoCrash(result, 'bad size with a good key');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /IMGPROXY_SIGNATURE_SIZE/);
  assertNoSecret(result.stdout + result.stderr, 'bad size with a good key');
});

// Found by this suite (reported): signingFromEnv echoes a bad IMGPROXY_SIGNATURE_SIZE value in its error,
// so a key pasted on the wrong line (or an env file whose lines were shuffled) is printed in full.
test('CLI: a secret written into IMGPROXY_SIGNATURE_SIZE by mistake is not echoed by the error', (t) => {
  const { root, cleanup } = tempTree({ ...SECRET_FILES, '.imgproxy-url-lint.json': '{ "signing": { "envFile": "imgproxy.env" } }', 'imgproxy.env': `IMGPROXY_KEY=${SALT_HEX}\nIMGPROXY_SALT=${SALT_HEX}\nIMGPROXY_SIGNATURE_SIZE=${KEY_HEX}\n` });
  t.after(cleanup);
  const result = cli(['src'], root);
  assertNoCrash(result, 'key in the size variable');
  assert.equal(result.code, 2);
  assert.match(result.stderr, /IMGPROXY_SIGNATURE_SIZE/);
  assertNoSecret(result.stdout + result.stderr, 'key in the size variable');
});
