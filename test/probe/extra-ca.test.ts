// NODE_EXTRA_CA_CERTS is honoured, with and without the `ca` option (passing `ca` replaces Node's
// default store, so the probe adds the file back). Runs the probe in a child process with the variable set.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useProbeFixture } from './helpers/fixture.js';
import { plainTlsServer, type TestServer } from './helpers/servers.js';

const fixture = useProbeFixture();
let server: TestServer;
before(async () => {
  server = await fixture.start(plainTlsServer(fixture.pki.good));
});

/** Probes ebtekarstore.ir on the test server from a child process; returns the verdicts without and with `ca`. */
function probeInChild(env: Record<string, string>): Promise<{ plain: string; withCa: string }> {
  const script = join(fixture.pki.dir, 'child.mts');
  const probeModule = join(process.cwd(), 'server/src/probe/probe-host.ts');
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { probeHost } from ${JSON.stringify(probeModule)};
const lookup = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
const base = { lookup, allowPrivateAddresses: true, timeout: 5000 };
const plain = await probeHost('ebtekarstore.ir', ${server.port}, base);
// An unrelated CA in the ca option must not hide NODE_EXTRA_CA_CERTS.
const withCa = await probeHost('ebtekarstore.ir', ${server.port}, { ...base, ca: readFileSync(${JSON.stringify(join(fixture.pki.dir, 'rogue', 'ca.crt'))}, 'utf8') });
console.log(JSON.stringify({ plain: plain.verdict, withCa: withCa.verdict }));
`,
  );
  const childEnv = { ...process.env, ...env };
  if (!('NODE_EXTRA_CA_CERTS' in env)) delete childEnv.NODE_EXTRA_CA_CERTS;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script], { env: childEnv, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

test('without NODE_EXTRA_CA_CERTS the test CA is not trusted', { timeout: 30_000 }, async () => {
  assert.deepEqual(await probeInChild({}), { plain: 'untrusted-chain', withCa: 'untrusted-chain' });
});

test('NODE_EXTRA_CA_CERTS makes the chain trusted, also when the ca option is given', { timeout: 30_000 }, async () => {
  assert.deepEqual(await probeInChild({ NODE_EXTRA_CA_CERTS: join(fixture.pki.dir, 'ca', 'ca.crt') }), { plain: 'ok', withCa: 'ok' });
});
