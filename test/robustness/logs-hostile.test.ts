// The log reader on input nobody should write: binary garbage, megabyte lines, a log without line
// breaks, formats interleaved line by line, and every chunking of a stream. It must never throw, never
// keep more than a capped line, and read the same thing however the bytes arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ByteLineSplitter, LogReader, MAX_LINE_LENGTH, readLogText, type LogReport } from '../../server/src/core/logs/index.js';
import { defaultLintOptions } from '../../server/src/core/index.js';

const lint = defaultLintOptions();
const MIXED = readFileSync(resolve('test/fixtures/logs/mixed.log'));
const TLS_LINE = 'time="2026-08-20 12:00:01" level="WARNING" msg="Completed in 48ms /insecure/plain/https://Example.com/img/a.jpg" request_id="V1St" method="GET" status=404 error="can\'t download source image: Get \\"https://Example.com/img/a.jpg\\": remote error: tls: handshake failure"';

/** Feeds `bytes` in chunks of `size` through the byte splitter, as a file or stdin would arrive. */
function readBytes(bytes: Buffer, size: number): LogReport {
  const reader = new LogReader({ lint });
  const splitter = new ByteLineSplitter(reader, MAX_LINE_LENGTH);
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
  splitter.end();
  return reader.finish();
}

/** A deterministic byte stream (xorshift), so a failure can be replayed. */
function garbage(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

test('every chunk size reads the mixed log as the text reader does (line breaks, CRLF, UTF-8 split across chunks)', () => {
  const text = MIXED.toString('utf8');
  const expected = JSON.stringify(readLogText(text, { lint }));
  for (const size of [1, 2, 3, 7, 64, 1000, 4096, 1 << 20]) assert.equal(JSON.stringify(readBytes(MIXED, size)), expected, `chunks of ${size}`);
  const crlf = Buffer.from(text.replace(/\n/g, '\r\n') + 'é✓ trailing line without a break é');
  assert.equal(JSON.stringify(readBytes(crlf, 5).groups), JSON.stringify(readLogText(crlf.toString('utf8'), { lint }).groups));
});

test('binary garbage: no throw, no failure invented, every line counted', () => {
  const bytes = garbage(2 * 1024 * 1024);
  const report = readBytes(bytes, 65536);
  let newlines = 0;
  for (const b of bytes) if (b === 0x0a) newlines++;
  assert.equal(report.stats.lines, newlines + 1);
  assert.equal(report.stats.failures, 0);
  // Garbage around a real failure line does not hide it.
  const mixed = Buffer.concat([garbage(100000, 3), Buffer.from(`\n${TLS_LINE}\n`), garbage(100000, 5)]);
  const withFailure = readBytes(mixed, 4096);
  assert.deepEqual(withFailure.groups.map((g) => g.cause.id), ['tls-handshake']);
});

test('a 1 MB line: read when under the cap, counted and skipped over it; the lines around are read', () => {
  const padding = 'x'.repeat(MAX_LINE_LENGTH - TLS_LINE.length - 40);
  const big = `${TLS_LINE} user_agent="${padding}"`;
  assert.ok(big.length <= MAX_LINE_LENGTH && big.length > 1_000_000);
  const under = readBytes(Buffer.from(`${big}\n${TLS_LINE}\n`), 65536);
  assert.equal(under.stats.failures, 2);
  const over = readBytes(Buffer.from(`${TLS_LINE}\n${big}${'y'.repeat(100)}\n${TLS_LINE}\n`), 65536);
  assert.deepEqual([over.stats.failures, over.stats.tooLong, over.stats.lines], [2, 1, 3]);
});

test('a 64 MB log without a single line break keeps at most one capped line', () => {
  const reader = new LogReader({ lint });
  const splitter = new ByteLineSplitter(reader, MAX_LINE_LENGTH);
  const chunk = Buffer.from('status=500 error="x" '.repeat(50000));
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 64; i++) splitter.push(chunk);
  const during = process.memoryUsage().arrayBuffers;
  splitter.end();
  splitter.push(Buffer.from(`${TLS_LINE}\n`));
  splitter.end();
  const report = reader.finish();
  assert.deepEqual([report.stats.tooLong, report.stats.failures], [1, 1]);
  assert.ok(during - before < 8 * MAX_LINE_LENGTH, `held ${during - before} bytes of buffers`);
});

test('formats interleaved line by line: each line read in its own format, thumbor and imagor pairs kept apart', () => {
  const lines = MIXED.toString('utf8').split('\n').filter(Boolean);
  // Every other line reversed in order: pairs (thumbor:, then tornado.access) stay in order, formats interleave.
  const shuffled = [...lines.filter((_, i) => i % 2 === 0), ...lines.filter((_, i) => i % 2 === 1)];
  const straight = readLogText(lines.join('\n'), { lint });
  const mixed = readLogText(shuffled.join('\n'), { lint });
  assert.deepEqual(mixed.stats.formats, straight.stats.formats);
  assert.equal(mixed.stats.lines, straight.stats.lines);
  // Concurrent thumbor failures on two sources: each access line gets its own source's error.
  const thumbor = readLogText([
    '2026-08-20 12:00:00 thumbor:WARNING ERROR retrieving image https://a.example/1.jpg: HTTP 404: Not Found',
    '2026-08-20 12:00:00 thumbor:WARNING ERROR retrieving image https://b.example/2.jpg: HTTP 599: Timeout during request',
    '2026-08-20 12:00:00 tornado.access:WARNING 404 GET /unsafe/https://a.example/1.jpg (1.2.3.4) 4.00ms',
    '2026-08-20 12:00:01 tornado.access:ERROR 504 GET /unsafe/https://b.example/2.jpg (1.2.3.4) 9.00ms',
  ].join('\n'), { lint });
  assert.deepEqual(thumbor.groups.map((g) => [g.host, g.cause.id, Object.keys(g.statuses)]).sort(), [['a.example', 'source-status', ['404']], ['b.example', 'timeout', ['504']]]);
});

test('lines built to make the parsers work hard finish and find nothing', () => {
  const report = readLogText([
    'time="' + '\\"'.repeat(200000),
    '{"log":"' + '\\u001b['.repeat(100000),
    'WARNING [' + '['.repeat(200000),
    '2026-08-20 12:00:00 thumbor:ERROR ' + 'get_image failed for url `'.repeat(20000),
    'status=' + ' '.repeat(200000) + '5',
    'x\tDEBUG\t' + '\t'.repeat(100000) + 'load\t{',
  ].join('\n'), { lint });
  assert.equal(report.stats.failures, 0);
});
