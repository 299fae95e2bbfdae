import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, CONFIG_FILE_NAME } from '../../../server/src/core/index.js';
import { MemoryFs, nodeFs, walkFiles, type WalkEntry, type WorkspaceFs } from '../../../server/src/workspace/index.js';
import { describe, makeTree, walkList } from './helpers.js';

test('nested .gitignore files with negation, .ignore and .git/info/exclude; node_modules and .git never entered', async () => {
  const { root, cleanup } = makeTree({
    '.git/info/exclude': 'local-only.ts\n',
    '.git/config': '',
    '.gitignore': '*.log\n!keep.log\nbuild/\n/top-only.ts\n',
    '.ignore': 'scratch.ts\n',
    'a.ts': '',
    'debug.log': '',
    'keep.log': '',
    'local-only.ts': '',
    'scratch.ts': '',
    'top-only.ts': '',
    'build/out.js': '',
    'node_modules/pkg/index.js': '',
    'src/node_modules/x.js': '',
    'src/.gitignore': 'keep.log\n!debug.log\ngenerated/\n',
    'src/keep.log': '',
    'src/debug.log': '',
    'src/top-only.ts': '',
    'src/generated/g.ts': '',
    'src/lib/build/b.ts': '',
    'src/lib/c.ts': '',
  });
  try {
    assert.deepEqual(await walkList(root, [root], { env: {} }), [
      '.gitignore',
      '.ignore',
      'a.ts',
      'keep.log',
      'src/.gitignore',
      'src/debug.log',
      'src/lib/c.ts',
      'src/top-only.ts',
    ]);
  } finally {
    cleanup();
  }
});

test('ignore files above a root folder apply up to the git repository top, not beyond', async () => {
  const { root, cleanup } = makeTree({
    '.gitignore': 'repo/src/x.ts\n', // outside the repository: must not apply
    'repo/.git/HEAD': '',
    'repo/.gitignore': '*.gen.ts\n',
    'repo/src/.gitignore': 'nested-ignored.ts\n',
    'repo/src/a.gen.ts': '',
    'repo/src/a.ts': '',
    'repo/src/x.ts': '',
    'repo/src/sub/nested-ignored.ts': '',
    'repo/src/sub/b.ts': '',
  });
  try {
    assert.deepEqual(await walkList(root, [join(root, 'repo/src/sub'), join(root, 'repo/src')], { env: {} }), [
      'repo/src/sub/b.ts',
      'repo/src/.gitignore',
      'repo/src/a.ts',
      'repo/src/x.ts',
    ]);
  } finally {
    cleanup();
  }
});

test('outside a git repository, ignore files above the root folder do not apply', async () => {
  const { root, cleanup } = makeTree({ '.gitignore': 'x.ts\n', 'sub/x.ts': '', 'sub/.gitignore': 'y.ts\n', 'sub/y.ts': '' });
  try {
    assert.deepEqual(await walkList(root, [join(root, 'sub')], { env: {} }), ['sub/.gitignore', 'sub/x.ts']);
  } finally {
    cleanup();
  }
});

test('a folder or file named explicitly is walked / linted even when ignored or excluded', async () => {
  const { root, cleanup } = makeTree({
    '.git/HEAD': '',
    '.gitignore': 'dist/\nignored.ts\n',
    [CONFIG_FILE_NAME]: '{ "exclude": ["excluded.ts"] }',
    'dist/bundle.js': '',
    'dist/inner.log': '',
    'ignored.ts': '',
    'excluded.ts': '',
    'node_modules/dep/index.js': '',
  });
  try {
    const list = await walkList(root, [join(root, 'dist'), join(root, 'ignored.ts'), join(root, 'excluded.ts'), join(root, 'node_modules/dep/index.js'), root], { env: {} });
    assert.deepEqual(list, ['dist/bundle.js', 'dist/inner.log', 'ignored.ts', 'excluded.ts', 'node_modules/dep/index.js', '.gitignore', CONFIG_FILE_NAME]);
    const explicit: boolean[] = [];
    for await (const e of walkFiles([join(root, 'ignored.ts'), root], { env: {} })) explicit.push(e.explicit);
    assert.deepEqual(explicit, [true, false, false]);
  } finally {
    cleanup();
  }
});

test('a path that does not exist is reported as not-found', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': '' });
  try {
    assert.deepEqual(await walkList(root, [join(root, 'nope.ts'), root], { env: {} }), ['nope.ts [not-found]', 'a.ts']);
  } finally {
    cleanup();
  }
});

test('config include / exclude and caller excludes (VS Code files.exclude as globs)', async () => {
  const { root, cleanup } = makeTree({
    [`app/${CONFIG_FILE_NAME}`]: '{ "include": ["src/**"], "exclude": ["src/vendor/**", "**/*.snap"] }',
    'app/README.md': '',
    'app/src/a.ts': '',
    'app/src/a.test.ts.snap': '',
    'app/src/vendor/v.js': '',
    'app/src/out/o.js': '',
    'app/src/.cache/c.js': '',
    'other/b.ts': '',
    'other/out/o.js': '',
  });
  try {
    assert.deepEqual(await walkList(root, [root], { env: {}, exclude: ['**/out', '**/.cache/**'] }), ['app/src/a.ts', 'other/b.ts']);
  } finally {
    cleanup();
  }
});

test('binary files and files over maxFileSize are skipped and reported; a NUL after 8 KiB is text', async () => {
  const late = Buffer.alloc(9000, 0x61);
  late[8500] = 0;
  const { root, cleanup } = makeTree({
    [CONFIG_FILE_NAME]: '{ "maxFileSize": 10000 }',
    'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    'late-nul.txt': late,
    'big.js': 'x'.repeat(10001),
    'limit.js': 'x'.repeat(10000),
    'utf16.txt': Buffer.from('\uFEFFhello', 'utf16le'),
  });
  try {
    const entries: WalkEntry[] = [];
    for await (const e of walkFiles([root], { env: {} })) entries.push(e);
    assert.deepEqual(entries.map((e) => describe(root, e)), [
      CONFIG_FILE_NAME,
      'big.js [too-large]',
      'image.png [binary]',
      'late-nul.txt',
      'limit.js',
      'utf16.txt [binary]',
    ]);
    const big = entries.find((e) => e.path.endsWith('big.js'));
    assert.ok(big?.kind === 'skip');
    assert.match(big.detail, /9\.8 KB, over the maxFileSize limit of 9\.8 KB/);
    const utf16 = entries.find((e) => e.path.endsWith('utf16.txt'));
    assert.ok(utf16?.kind === 'skip' && /UTF-16/.test(utf16.detail));
  } finally {
    cleanup();
  }
});

test('symlinks: file links followed, directory loops detected and reported, broken links reported', async () => {
  const { root, cleanup } = makeTree({
    'real/a.ts': 'a',
    'real/loop': { symlink: '..' },
    'real/self': { symlink: '.' },
    'link-to-a.ts': { symlink: 'real/a.ts' },
    'linked-dir': { symlink: 'real' },
    'broken.ts': { symlink: 'nowhere.ts' },
    'ping': { symlink: 'pong' },
    'pong': { symlink: 'ping' },
  });
  try {
    assert.deepEqual(await walkList(root, [root], { env: {} }), [
      'broken.ts [not-found]',
      'link-to-a.ts',
      'linked-dir/a.ts',
      'linked-dir/loop [symlink-loop]',
      'linked-dir/self [symlink-loop]',
      'ping [symlink-loop]',
      'pong [symlink-loop]',
      'real/a.ts',
      'real/loop [symlink-loop]',
      'real/self [symlink-loop]',
    ]);
  } finally {
    cleanup();
  }
});

test('FIFOs and sockets are never opened', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': '' });
  try {
    try {
      execFileSync('mkfifo', [join(root, 'pipe')]);
    } catch {
      return; // no mkfifo here
    }
    assert.deepEqual(await walkList(root, [root], { env: {} }), ['a.ts']);
  } finally {
    cleanup();
  }
});

test('unreadable files and folders are reported, not thrown (fault-injected fs: tests run as root)', async () => {
  const { root, cleanup } = makeTree({ 'a.ts': '', 'secret.ts': '', 'locked/x.ts': '', 'z.ts': '' });
  try {
    const denied = (path: string) => Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    const fs: WorkspaceFs = {
      ...nodeFs,
      readFile: (path, options) => (path.endsWith('secret.ts') ? Promise.reject(denied(path)) : nodeFs.readFile(path, options)),
      readdir: (path) => (path.endsWith('locked') ? Promise.reject(denied(path)) : nodeFs.readdir(path)),
    };
    const entries: WalkEntry[] = [];
    for await (const e of walkFiles([root], { env: {}, fs })) entries.push(e);
    assert.deepEqual(entries.map((e) => describe(root, e)), ['a.ts', 'locked [unreadable]', 'secret.ts [unreadable]', 'z.ts']);
    const secret = entries.find((e) => e.path.endsWith('secret.ts'));
    assert.ok(secret?.kind === 'skip' && /EACCES/.test(secret.detail));
  } finally {
    cleanup();
  }
});

test('unreadable file by chmod 000', { skip: process.getuid?.() === 0 ? 'running as root: chmod 000 does not stop root from reading' : false }, async () => {
  const { root, cleanup } = makeTree({ 'a.ts': '', 'secret.ts': '' });
  try {
    chmodSync(join(root, 'secret.ts'), 0);
    assert.deepEqual(await walkList(root, [root], { env: {} }), ['a.ts', 'secret.ts [unreadable]']);
  } finally {
    cleanup();
  }
});

test('a file deleted between listing and reading is reported as not-found', async () => {
  const mem = new MemoryFs({ 'a.ts': '', 'b.ts': '' }, '/ws');
  const fs: WorkspaceFs = {
    readFile: (p, o) => mem.readFile(p, o),
    stat: (p) => mem.stat(p),
    lstat: (p) => mem.lstat(p),
    realpath: (p) => mem.realpath(p),
    readdir: async (p) => {
      const list = await mem.readdir(p);
      mem.remove('/ws/b.ts');
      return list;
    },
  };
  const out: string[] = [];
  for await (const e of walkFiles(['/ws'], { fs, env: {} })) out.push(describe('/ws', e));
  assert.deepEqual(out, ['a.ts', 'b.ts [not-found]']);
});

test('order is sorted and stable whatever the listing order and the concurrency', async () => {
  const tree: Record<string, string> = {};
  for (let i = 0; i < 300; i++) tree[`d${i % 7}/f${(i * 37) % 300}.ts`] = 'x'.repeat(i);
  const mem = new MemoryFs(tree, '/ws');
  const shuffled: WorkspaceFs = {
    readFile: async (p, o) => {
      await new Promise((r) => setTimeout(r, Math.random() * 2));
      return mem.readFile(p, o);
    },
    stat: (p) => mem.stat(p),
    lstat: (p) => mem.lstat(p),
    realpath: (p) => mem.realpath(p),
    readdir: async (p) => (await mem.readdir(p)).reverse(),
  };
  const expected = Object.keys(tree).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const concurrency of [1, 4, 64]) {
    const out: string[] = [];
    for await (const e of walkFiles(['/ws'], { fs: shuffled, env: {}, concurrency })) out.push(describe('/ws', e));
    assert.deepEqual(out, expected);
  }
});

test('files reached twice (a root inside another root) are yielded once', async () => {
  const mem = new MemoryFs({ 'a/b.ts': '', 'c.ts': '' }, '/ws');
  const out: string[] = [];
  for await (const e of walkFiles(['/ws/a/b.ts', '/ws', '/ws/a'], { fs: mem, env: {} })) out.push(describe('/ws', e));
  assert.deepEqual(out, ['a/b.ts', 'c.ts']);
});

test('entries carry their context and text; read: false carries neither text nor reads', async () => {
  const mem = new MemoryFs({ [`p/${CONFIG_FILE_NAME}`]: '{ "maxFileSize": 100 }', 'p/a.ts': '\uFEFFhello', 'q/b.ts': 'bye' }, '/ws');
  const files = [];
  for await (const e of walkFiles(['/ws'], { fs: mem, env: {} })) if (e.kind === 'file') files.push(e);
  assert.deepEqual(files.map((f) => [f.path, f.context.configFile, f.context.maxFileSize, f.file?.text, f.file?.bom]), [
    [`/ws/p/${CONFIG_FILE_NAME}`, `/ws/p/${CONFIG_FILE_NAME}`, 100, '{ "maxFileSize": 100 }', false],
    ['/ws/p/a.ts', `/ws/p/${CONFIG_FILE_NAME}`, 100, 'hello', true],
    ['/ws/q/b.ts', undefined, 32 * 1024 * 1024, 'bye', false],
  ]);
  mem.resetCalls();
  const lazy = [];
  for await (const e of walkFiles(['/ws'], { fs: mem, env: {}, read: false })) lazy.push(e);
  assert.equal(lazy.length, 3);
  assert.ok(lazy.every((e) => e.kind === 'file' && e.file === undefined));
  assert.equal(mem.count('readFile', '/ws/q/b.ts'), 0);
});

test('a bad config below the root: throws by default, or is reported and its folder skipped', async () => {
  const mem = new MemoryFs({ 'a.ts': '', [`bad/${CONFIG_FILE_NAME}`]: '{ "nope": 1 }', 'bad/x.ts': '', 'z.ts': '' }, '/ws');
  await assert.rejects(async () => {
    for await (const _ of walkFiles(['/ws'], { fs: mem, env: {} })) void _;
  }, (error: unknown) => error instanceof ConfigError && error.key === 'nope');
  const out: string[] = [];
  for await (const e of walkFiles(['/ws'], { fs: mem, env: {}, onConfigError: 'skip' })) out.push(describe('/ws', e));
  assert.deepEqual(out, ['a.ts', `bad/${CONFIG_FILE_NAME} [config-error]`, 'z.ts']);
});

test('an aborted walk stops early', async () => {
  const tree: Record<string, string> = {};
  for (let i = 0; i < 100; i++) tree[`f${String(i).padStart(3, '0')}.ts`] = '';
  const mem = new MemoryFs(tree, '/ws');
  const controller = new AbortController();
  let n = 0;
  for await (const _ of walkFiles(['/ws'], { fs: mem, env: {}, signal: controller.signal, concurrency: 4 })) {
    void _;
    if (++n === 10) controller.abort();
  }
  assert.ok(n < 20, `walked ${n} after abort`);
});

test('a folder that vanishes while being walked is reported, not thrown', async () => {
  const { root, cleanup } = makeTree({ 'a/x.ts': '', 'b.ts': '' });
  try {
    const fs: WorkspaceFs = {
      ...nodeFs,
      readdir: async (p) => {
        const list = await nodeFs.readdir(p);
        if (p === root) rmSync(join(root, 'a'), { recursive: true });
        return list;
      },
    };
    assert.deepEqual(await walkList(root, [root], { env: {}, fs }), ['a [not-found]', 'b.ts']);
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a/y.ts'), '');
    assert.deepEqual(await walkList(root, [root], { env: {} }), ['a/y.ts', 'b.ts']);
  } finally {
    cleanup();
  }
});

test('maxFileSize in the walk options overrides the config', async () => {
  const mem = new MemoryFs({ [CONFIG_FILE_NAME]: '{ "maxFileSize": 1000 }', 'a.ts': 'x'.repeat(50), 'b.ts': 'x'.repeat(10) }, '/ws');
  const out: string[] = [];
  for await (const e of walkFiles(['/ws'], { fs: mem, env: {}, maxFileSize: 40 })) out.push(describe('/ws', e));
  assert.deepEqual(out, [CONFIG_FILE_NAME, 'a.ts [too-large]', 'b.ts']);
});
