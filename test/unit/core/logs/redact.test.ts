// What the report hides unless --show-urls: query strings, userinfo, signature segments (also inside the
// engine's messages), imageproxy's s<signature> option; and what it keeps: placeholders and options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presentReport, redactUrl } from '../../../../server/src/core/logs/index.js';
import { examplesSigning, options } from '../helpers.js';
import { EBTEKAR_PATH, read } from './helpers.js';

test('redactUrl: userinfo, query (also percent-encoded) and the s<signature> option of a fragment', () => {
  assert.equal(redactUrl('https://user:pass@Example.com/a.jpg?X-Amz-Signature=abc#300x300,sSIG,q80'), 'https://***@Example.com/a.jpg?…#300x300,s…,q80');
  assert.equal(redactUrl('https://example.com/a.jpg%3Ftoken%3Dx'), 'https://example.com/a.jpg?…');
  assert.equal(redactUrl('https://example.com/a.jpg'), 'https://example.com/a.jpg');
});

test('a wrong signature with a known key: the engine says so, and neither its message nor the path shows it', () => {
  const signature = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const line = `time="2026-08-20 12:00:00" level="WARNING" msg="Completed in 1ms /${signature}/rs:fit:300:300/plain/https://cdn.example.com/s.jpg" request_id="r" method="GET" status=403 error="Invalid signature"`;
  const lint = options({}, examplesSigning);
  const hidden = presentReport(read(line, lint), false);
  const [group] = hidden.groups;
  assert.equal(group.cause.id, 'signature');
  assert.ok(group.verdicts.some((v) => v.rule === 'signature-mismatch'), JSON.stringify(group.verdicts));
  assert.ok(!JSON.stringify(hidden).includes(signature));
  assert.equal(group.sources[0].paths[0], '/…/rs:fit:300:300/plain/https://cdn.example.com/s.jpg');
  const shown = presentReport(read(line, lint, true), true);
  assert.ok(shown.groups[0].sources[0].paths[0].includes(signature));
});

test('placeholders and a processing option in the signature place stay visible', () => {
  const [group] = read(`WARNING [2024-01-01T00:00:00Z] Completed in 1ms ${EBTEKAR_PATH}  request_id=r status=404 error="Invalid signature"`).groups;
  assert.ok(group.sources[0].paths[0].startsWith('/preset:default/mb:1048576/'), group.sources[0].paths[0]);
  const [insecure] = read('WARNING [2024-01-01T00:00:00Z] Completed in 1ms /insecure/plain/https://a.example/x.jpg  request_id=r status=404 error="Invalid signature"').groups;
  assert.equal(insecure.sources[0].paths[0], '/insecure/plain/https://a.example/x.jpg');
});
