// Every rule in both directions: a URL that must trigger it, and a close one that must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText, RULES, type ProjectConfig } from '../../../server/src/core/index.js';
import { examplesSigning, options } from './helpers.js';

const P = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/';
const B64 = (url: string) => `https://imgproxy.example.com/insecure/rs:fit:300:300/${Buffer.from(url).toString('base64url')}.jpg`;

interface Case { bad: string[]; good: string[]; config?: ProjectConfig; env?: Record<string, string>; /** Lint the text as a config file (deploy/.env, or the path given) instead of a quoted string. */ asEnvFile?: boolean | string }

const cases: Record<string, Case> = {
  'host-uppercase': { bad: [`${P}https://CDN.example.com/a.jpg`, B64('https://Ebtekarstore.ir/a.jpg'), `${P}https%3A%2F%2FcDn.example.com%2Fa.jpg`], good: [`${P}https://cdn.example.com/A/B.JPG`, B64('https://ebtekarstore.ir/Upper/Path.jpg'), `HTTPS://IMGPROXY.example.com/insecure/w:1/plain/https://cdn.example.com/a.jpg`] },
  'scheme-uppercase': { bad: [`${P}HTTPS://cdn.example.com/a.jpg`, B64('Http://cdn.example.com/a.jpg')], good: [`${P}https://cdn.example.com/a.jpg`] },
  'host-trailing-dot': { bad: [`${P}https://cdn.example.com./a.jpg`, B64('https://cdn.example.com./a.jpg')], good: [`${P}https://cdn.example.com/a.jpg.`] },
  'host-userinfo': { bad: [`${P}https://user%40cdn.example.com%40evil.example.net/a.jpg`, B64('https://cdn.example.com@evil.example.net/a.jpg')], good: [`${P}https://cdn.example.com/%40user/a.jpg`] },
  'host-loopback': { bad: [`${P}http://127.0.0.1/a.jpg`, `${P}http://localhost:3000/a.jpg`, `${P}http://[::1]/a.jpg`, `${P}http://0.0.0.0/a.jpg`, `${P}http://[::ffff:127.0.0.1]/a.jpg`], good: [`${P}http://128.0.0.1/a.jpg`, `${P}http://localhost.example.com/a.jpg`] },
  'host-link-local': { bad: [`${P}http://169.254.169.254/latest/meta-data`, `${P}http://[fe80::1]/a.jpg`], good: [`${P}http://169.255.1.1/a.jpg`, `${P}http://10.0.0.1/a.jpg`] },
  'host-invalid': { bad: [`${P}https://cdn..example.com/a.jpg`, `${P}https://${'a'.repeat(64)}.example.com/a.jpg`, `${P}https://cdn_*.example.com/a.jpg`, `${P}https:///a.jpg`, `${P}https://-cdn.example.com/a.jpg`], good: [`${P}https://${'a'.repeat(63)}.example.com/a.jpg`, `${P}https://my_bucket.example.com/a.jpg`] },
  'host-unknown-suffix': { bad: [`${P}https://cdn.example.cmo/a.jpg`, B64('https://shop.exmaple.comm/a.jpg')], good: [`${P}https://cdn.example.com/a.jpg`, `${P}https://images.test/a.jpg`, `${P}http://minio:9000/a.jpg`, `${P}https://bucket.s3.amazonaws.com/a.jpg`, `${P}http://192.168.1.20/a.jpg`, `${P}https://foo.tld/a.jpg`, `${P}https://assets.lcl/a.jpg`, `${P}https://cdn.mycompany/a.jpg`] },
  'host-non-ascii': { bad: [`${P}https://bücher.example/a.jpg`, `${P}https://b%C3%BCcher.example/a.jpg`], good: [`${P}https://xn--bcher-kva.example/a.jpg`] },
  'host-default-port': { bad: [`${P}https://cdn.example.com:443/a.jpg`, `${P}http://cdn.example.com:80/a.jpg`], good: [`${P}https://cdn.example.com:8443/a.jpg`, `${P}http://cdn.example.com:443/a.jpg`] },
  'plain-source-unescaped': { bad: [`${P}https://cdn.example.com/a.jpg?v=2`, `${P}https://cdn.example.com/a@b@c.jpg`, `${P}https://cdn.example.com/100%.jpg`, `${P}https://cdn.example.com/@user/a.jpg`], good: [`${P}https://cdn.example.com/a.jpg%3Fv%3D2`, `${P}https://cdn.example.com/100%25.jpg@png`, B64('https://cdn.example.com/a.jpg') + '?cache=1'] },
  'source-undecodable': { bad: ['https://imgproxy.example.com/insecure/rs:fit:300:300/bm90IGEgdXJs.jpg', 'https://imgproxy.example.com/insecure/rs:fit:300:300/aHR0cDovL2V4YW1w/bGUuY29t.jpg.png', 'https://imgproxy.example.com/insecure/rs:fit:300:300/AAECAwQFBgcICQ.jpg', 'https://imgproxy.example.com/insecure/rs:fit:300:300/aHR0c+Dov.jpg'], good: [B64('https://cdn.example.com/a.jpg'), `${B64('https://cdn.example.com/a.jpg')}==`] },
  'signature-missing': { bad: ['https://imgproxy.example.com/rs:fit:300:300/plain/https://cdn.example.com/a.jpg', 'https://imgproxy.example.com/rs%3Afit%3A300/g:sm/plain/https://cdn.example.com/a.jpg'], good: [`${P}https://cdn.example.com/a.jpg`] },
  'signature-mismatch': { env: examplesSigning, bad: ['http://imgproxy.example.com/m3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavX/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg', 'http://imgproxy.example.com/insecure/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg'], good: ['http://imgproxy.example.com/m3k5QADfcKPDj-SDI2AIogZbC3FlAXszuwhtWXYqavc/rs:fit:300:300/plain/http://img.example.com/pretty/image.jpg'] },
  // IMGPROXY_BASE_URL is judged only where it is imgproxy's (apps name their imgproxy address so too).
  'base-url-trailing-slash': {
    asEnvFile: 'deploy/docker-compose.yml',
    bad: [
      'services:\n  imgproxy:\n    image: ghcr.io/imgproxy/imgproxy:latest\n    environment:\n      IMGPROXY_BASE_URL: https://media.example.com',
      'spec:\n  containers:\n    - name: resizer\n      image: darthsim/imgproxy:v3\n      env:\n        - name: IMGPROXY_BASE_URL\n          value: "https://media.example.com/images"',
    ],
    good: [
      'services:\n  imgproxy:\n    image: darthsim/imgproxy\n    environment:\n      IMGPROXY_BASE_URL: https://media.example.com/',
      'services:\n  imgproxy:\n    image: darthsim/imgproxy\n    environment:\n      IMGPROXY_BASE_URL:',
      'services:\n  web:\n    image: ghcr.io/acme/shop:1\n    environment:\n      IMGPROXY_BASE_URL: https://img.example.com',
      'services:\n  web:\n    build: .\n    environment:\n      - IMGPROXY_BASE_URL=http://imgproxy:8080',
    ],
  },
  'allowed-sources-uppercase': { asEnvFile: true, bad: ['IMGPROXY_ALLOWED_SOURCES=https://ok.example.com/,https://CDN.example.com/', 'IMGPROXY_ALLOWED_SOURCES: "https://*.Example.com/"'], good: ['IMGPROXY_ALLOWED_SOURCES=https://cdn.example.com/Images/'] },
  'allowed-sources-open-prefix': { asEnvFile: true, bad: ['IMGPROXY_ALLOWED_SOURCES=https://example.com', 'IMGPROXY_ALLOWED_SOURCES=https://a.example.com/, https://b.example.com'], good: ['IMGPROXY_ALLOWED_SOURCES=https://example.com/,s3://bucket/'] },
  'signing-key-invalid': { asEnvFile: true, bad: ['IMGPROXY_KEY=abc', 'IMGPROXY_SALT="zz00"', 'IMGPROXY_KEY=0102,0304\nIMGPROXY_SALT=0506'], good: ['IMGPROXY_KEY=0102,0304\nIMGPROXY_SALT=0506,0708', 'IMGPROXY_KEY=${IMGPROXY_KEY}'] },
  'signature-size-invalid': { asEnvFile: true, bad: ['IMGPROXY_SIGNATURE_SIZE=0', 'export IMGPROXY_SIGNATURE_SIZE=33', '- "IMGPROXY_SIGNATURE_SIZE=eight"'], good: ['IMGPROXY_SIGNATURE_SIZE=8', 'IMGPROXY_SIGNATURE_SIZE=32'] },
  'option-unknown': { bad: [`https://imgproxy.example.com/insecure/rsz:fit:300:300/plain/https://cdn.example.com/a.jpg`, `https://imgproxy.example.com/insecure/w:300/quality_x:80/plain/https://cdn.example.com/a.jpg`], good: [`https://imgproxy.example.com/insecure/resize:fit:300:300/q:80/wmu:aHR0cHM6Ly9pbWFnZXMudGVzdC93bS5zdmc/plain/https://cdn.example.com/a.jpg`] },
};

test('every static rule in the registry has a case here', () => {
  const staticRules = RULES.filter((rule) => !('probe' in rule && rule.probe)).map((rule) => rule.id);
  assert.deepEqual(Object.keys(cases).sort(), [...staticRules].sort());
});

for (const [rule, c] of Object.entries(cases)) {
  const opts = options(c.config, c.env);
  const lint = (text: string) => (c.asEnvFile ? lintText(text, opts, c.asEnvFile === true ? 'deploy/.env' : c.asEnvFile) : lintText(`x = '${text}'`, opts, 'src/a.ts'));
  for (const url of c.bad) {
    test(`${rule} fires on ${url.slice(0, 90)}`, () => {
      const rules = lint(url).map((f) => f.rule);
      assert.ok(rules.includes(rule), `got ${JSON.stringify(rules)}`);
    });
  }
  for (const url of c.good) {
    test(`${rule} stays quiet on ${url.slice(0, 90)}`, () => {
      const findings = lint(url);
      assert.deepEqual(findings.filter((f) => f.rule === rule).map((f) => f.message), []);
    });
  }
}

test('option URLs (wmu:) are sources too', () => {
  const wmu = Buffer.from('https://Images.test/wm.svg').toString('base64url');
  const findings = lintText(`https://imgproxy.example.com/insecure/wmu:${wmu}/plain/https://cdn.example.com/a.jpg`, options());
  assert.deepEqual(findings.map((f) => [f.rule, f.host]), [['host-uppercase', 'Images.test']]);
  assert.match(findings[0].message, /wmu: option/);
});

test('the imgproxy URL\'s own host is never judged as a source', () => {
  assert.deepEqual(lintText('https://IMGPROXY.Example.COM./insecure/w:1/plain/https://cdn.example.com/a.jpg', options()), []);
});

test('a rule set to off is silent; a severity override is used', () => {
  const url = `${P}https://CDN.example.com./a.jpg`;
  const findings = lintText(url, options({ rules: { 'host-uppercase': 'off', 'host-trailing-dot': 'error' } }));
  assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['host-trailing-dot', 'error']]);
});

test('checkAllUrls judges the hosts of plain http(s) URLs too, only when asked', () => {
  const text = 'see https://Docs.Example.com/guide and https://ok.example.com/';
  assert.deepEqual(lintText(text, options()), []);
  const findings = lintText(text, options({ checkAllUrls: true }));
  assert.deepEqual(findings.map((f) => [f.rule, f.host]), [['host-uppercase', 'Docs.Example.com']]);
  assert.equal(findings[0].fix?.newText, 'https://docs.example.com/guide');
});

test('IMGPROXY_* assignments in code are not configuration: only config files are judged', () => {
  const code = 'IMGPROXY_KEY = os.environ["IMGPROXY_KEY"]\nIMGPROXY_SIGNATURE_SIZE = 64\n';
  assert.deepEqual(lintText(code, options(), 'app/settings.py'), []);
  assert.deepEqual(lintText(code, options(), 'deploy/.env.production').map((f) => f.rule), ['signing-key-invalid', 'signature-size-invalid']);
});

test('the key and salt never appear in a config finding', () => {
  const secret = 'hunter2-signing-passphrase';
  const [finding] = lintText(`IMGPROXY_KEY=${secret}`, options(), '.env');
  assert.equal(finding.rule, 'signing-key-invalid');
  assert.ok(!JSON.stringify(finding).includes(secret));
});
