// NODE_EXTRA_CA_CERTS is honoured, with and without the `ca` option (passing `ca` replaces Node's
// default store, so the probe adds the file back). Runs the probe in a child process with the variable set.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePki, type Pki } from './helpers/pki.js';
import { plainTlsServer, type TestServer } from './helpers/servers.js';

let pki: Pki;
let server: TestServer;
before(async () => {
  pki = makePki();
  server = await plainTlsServer(pki.good);
});
after(async () => {
  await server.close();
  pki.cleanup();
});

/** Probes ebtekarstore.ir on the test server from a child process; returns the verdicts without and with `ca`. */
function probeInChild(env: Record<string, string>): Promise<{ plain: string; withCa: string }> {
  const script = join(pki.dir, 'child.mts');
  const probeModule = join(process.cwd(), 'server/src/probe/probe-host.ts');
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
import { probeHost } from ${JSON.stringify(probeModule)};
const lookup = (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
const base = { lookup, allowPrivateAddresses: true, timeout: 5000 };
const plain = await probeHost('ebtekarstore.ir', ${server.port}, base);
// An unrelated CA in the ca option must not hide NODE_EXTRA_CA_CERTS.
const withCa = await probeHost('ebtekarstore.ir', ${server.port}, { ...base, ca: readFileSync(${JSON.stringify(join(pki.dir, 'rogue', 'ca.crt'))}, 'utf8') });
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
  assert.deepEqual(await probeInChild({ NODE_EXTRA_CA_CERTS: join(pki.dir, 'ca', 'ca.crt') }), { plain: 'ok', withCa: 'ok' });
});
