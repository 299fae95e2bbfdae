// Test certificates, made with the openssl CLI into a temp dir: a CA the tests trust (passed as `ca`),
// a second CA nobody trusts, and leaf certificates with chosen names and validity periods.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempDir, tempDir } from '../../helpers/tempDir.js';

export interface KeyPair {
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
}

export interface Pki {
  dir: string;
  /** PEM of the trusted test CA. */
  ca: string;
  /** ebtekarstore.ir, trusted CA, valid for a year. */
  good: KeyPair;
  /** default.invalid, trusted CA: what a server hands out for a name it does not know. */
  fallback: KeyPair;
  /** other.invalid, trusted CA. */
  wrongName: KeyPair;
  expired: KeyPair;
  notYetValid: KeyPair;
  /** Valid, five days left. */
  expiringSoon: KeyPair;
  selfSigned: KeyPair;
  /** ebtekarstore.ir signed by a CA that is not trusted. */
  untrusted: KeyPair;
  /** IP SAN 127.0.0.1, trusted CA. */
  ipLiteral: KeyPair;
  cleanup(): void;
}

const DAY = 86_400_000;

function openssl(args: string[], env: Record<string, string> = {}): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
}

function asn1(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

export function makePki(): Pki {
  const dir = tempDir('probe-pki-');
  const path = (name: string): string => join(dir, name);
  const ecKey = (file: string): void => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);

  const makeCa = (name: string, cn: string): void => {
    const caDir = path(name);
    mkdirSync(join(caDir, 'newcerts'), { recursive: true });
    writeFileSync(join(caDir, 'index.txt'), '');
    writeFileSync(join(caDir, 'serial'), '1000\n');
    writeFileSync(
      join(caDir, 'ca.cnf'),
      [
        '[ ca ]', 'default_ca = ca_default',
        '[ ca_default ]', `dir = ${caDir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir/newcerts',
        'serial = $dir/serial', 'default_md = sha256', 'policy = policy_any', 'unique_subject = no',
        '[ policy_any ]', 'commonName = supplied',
        '[ leaf ]', 'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature',
        'extendedKeyUsage = serverAuth', 'subjectAltName = $ENV::SAN', '',
      ].join('\n'),
    );
    ecKey(join(caDir, 'ca.key'));
    openssl(['req', '-x509', '-new', '-key', join(caDir, 'ca.key'), '-out', join(caDir, 'ca.crt'), '-days', '3650',
      '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  };
  makeCa('ca', 'Probe Test CA');
  makeCa('rogue', 'Untrusted Test CA');

  const now = Date.now();
  const leaf = (name: string, cn: string, san: string, from: number, to: number, ca = 'ca'): KeyPair => {
    const keyFile = path(`${name}.key`);
    const certFile = path(`${name}.crt`);
    ecKey(keyFile);
    openssl(['req', '-new', '-key', keyFile, '-out', path(`${name}.csr`), '-subj', `/CN=${cn}`]);
    const caDir = path(ca);
    openssl(['ca', '-batch', '-notext', '-config', join(caDir, 'ca.cnf'), '-cert', join(caDir, 'ca.crt'), '-keyfile', join(caDir, 'ca.key'),
      '-extensions', 'leaf', '-in', path(`${name}.csr`), '-out', certFile, '-startdate', asn1(new Date(from)), '-enddate', asn1(new Date(to))], { SAN: san });
    return { keyFile, certFile, key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  };
  const good = leaf('good', 'ebtekarstore.ir', 'DNS:ebtekarstore.ir', now - DAY, now + 365 * DAY);
  const fallback = leaf('fallback', 'default.invalid', 'DNS:default.invalid', now - DAY, now + 365 * DAY);
  const wrongName = leaf('wrong-name', 'other.invalid', 'DNS:other.invalid', now - DAY, now + 365 * DAY);
  const expired = leaf('expired', 'ebtekarstore.ir', 'DNS:ebtekarstore.ir', now - 400 * DAY, now - 30 * DAY);
  const notYetValid = leaf('not-yet-valid', 'ebtekarstore.ir', 'DNS:ebtekarstore.ir', now + 30 * DAY, now + 400 * DAY);
  const expiringSoon = leaf('soon', 'ebtekarstore.ir', 'DNS:ebtekarstore.ir', now - 80 * DAY, now + 5 * DAY + 3_600_000);
  const untrusted = leaf('untrusted', 'ebtekarstore.ir', 'DNS:ebtekarstore.ir', now - DAY, now + 365 * DAY, 'rogue');
  const ipLiteral = leaf('ip', '127.0.0.1', 'IP:127.0.0.1', now - DAY, now + 365 * DAY);

  const selfKey = path('self.key');
  const selfCert = path('self.crt');
  ecKey(selfKey);
  openssl(['req', '-x509', '-new', '-key', selfKey, '-out', selfCert, '-days', '365', '-subj', '/CN=ebtekarstore.ir', '-addext', 'subjectAltName=DNS:ebtekarstore.ir']);
  const selfSigned = { keyFile: selfKey, certFile: selfCert, key: readFileSync(selfKey, 'utf8'), cert: readFileSync(selfCert, 'utf8') };

  return {
    dir,
    ca: readFileSync(join(path('ca'), 'ca.crt'), 'utf8'),
    good, fallback, wrongName, expired, notYetValid, expiringSoon, selfSigned, untrusted, ipLiteral,
    cleanup: () => removeTempDir(dir),
  };
}
