// The read-only scan path (scanFileSync): the same findings, ranges and skips as reading with
// readTextFile and linting with lintText (the tree scan on threads: treeScan.test.ts). No timings here: see test/bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { LineIndex, lintText, type LintOptions } from '../../../server/src/core/index.js';
import {
  ProjectContexts,
  readTextFile,
  scanFileSync,
  walkFiles,
  type ScanResult,
} from '../../../server/src/workspace/index.js';
import { makeTree } from './helpers.js';

const UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const UPPER_B64 = `https://imgproxy.example.com/insecure/w:300/${Buffer.from('https://Media.Example.com/b.png').toString('base64url')}.webp`;

/** What the sequential path reports for a file: readTextFile, then lintText with ranges from the text. */
async function expected(path: string, maxFileSize: number, options: LintOptions): Promise<unknown> {
  const read = await readTextFile(path, maxFileSize);
  if (read.kind === 'skip') return { kind: 'skip', reason: read.reason, detail: read.detail };
  const index = new LineIndex(read.text);
  return {
    kind: 'scanned',
    findings: lintText(read.text, options, path).map((f) => ({ ...f, range: index.range(f.start, f.end), fixRange: f.fix ? index.range(f.fix.start, f.fix.end) : null })),
  };
}

function comparable(result: ScanResult): unknown {
  return result.kind === 'skip' ? { kind: 'skip', reason: result.reason, detail: result.detail } : { kind: 'scanned', findings: result.findings };
}

const FILES: Record<string, string | Uint8Array> = {
  'a.ts': `const a = '${UPPER}';\n`,
  // A BOM, CRLF line ends and non-ASCII before the URL: UTF-16 columns, the BOM not counted.
  'bom.md': `\ufeff# Ünïcödé 😀\r\nsee ![x](${UPPER_B64}) and ![y](${UPPER})\r\n`,
  'no-url.py': 'def f():\n    return 1\n'.repeat(50),
  'not-imgproxy.txt': 'https://docs.example.com/guide and http://localhost:3000/\n',
  // Invalid UTF-8 before the URL: U+FFFD in the text, findings still right.
  'invalid.txt': Buffer.concat([Buffer.from([0x61, 0xff, 0xfe, 0x0a, 0xc3]), Buffer.from(` ${UPPER}\n`)]),
  'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(UPPER)]),
  'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UPPER, 'utf16le')]),
  'big.js': `var u="${UPPER}";`.repeat(200),
  'empty.txt': '',
};

test('scanFileSync: the same findings, ranges and skips as readTextFile + lintText', async () => {
  const { root, cleanup } = makeTree(FILES);
  try {
    const contexts = new ProjectContexts({ env: {} });
    const { options } = await contexts.forPath(join(root, 'a.ts'));
    let withFindings = 0;
    for (const name of [...Object.keys(FILES), 'missing.txt', '.']) {
      const path = join(root, name);
      const maxFileSize = name === 'big.js' ? 1000 : 1 << 20;
      const got = comparable(scanFileSync(path, maxFileSize, options));
      assert.deepEqual(got, await expected(path, maxFileSize, options), name);
      if ((got as { findings?: unknown[] }).findings?.length) withFindings++;
    }
    assert.equal(withFindings, 3, 'a.ts, bom.md and invalid.txt have findings');
    assert.equal((scanFileSync(join(root, 'big.js'), 1000, options) as { reason?: string }).reason, 'too-large');
    assert.equal((scanFileSync(join(root, 'image.png'), 1 << 20, options) as { reason?: string }).reason, 'binary');
  } finally {
    cleanup();
  }
});

test('scanFileSync on every file of examples/ (imgproxy config files included) matches lintText', async () => {
  const contexts = new ProjectContexts({ env: {} });
  let files = 0;
  let findings = 0;
  for await (const entry of walkFiles([resolve('examples')], { contexts, read: false })) {
    if (entry.kind !== 'file') continue;
    files++;
    const got = comparable(scanFileSync(entry.path, entry.context.maxFileSize, entry.context.options));
    assert.deepEqual(got, await expected(entry.path, entry.context.maxFileSize, entry.context.options), entry.path);
    findings += (got as { findings?: unknown[] }).findings?.length ?? 0;
  }
  assert.ok(files > 5 && findings > 20, `${files} files, ${findings} findings`);
});
