// A second editor: Debian's headless Neovim (0.7) runs the standalone server over stdio and shows its
// diagnostics, with columns converted from UTF-16 to bytes by Neovim itself (an emoji precedes the URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER } from './client.js';

const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

test('headless Neovim shows the standalone server\'s diagnostics and applies its quick fix', { skip: hasNvim ? false : 'nvim is not installed (.ci/apt-packages.txt lists neovim)' }, () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-nvim-')));
  try {
    const file = join(root, 'page.md');
    const line = '# 😀 gallery: ![cat](https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg)';
    writeFileSync(file, `intro\n${line}\n`);
    const out = join(root, 'result.json');
    const xdg = join(root, 'xdg');
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${resolve('test/lsp/fixtures/neovim-check.lua')}`, file], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: root,
      env: {
        ...process.env,
        IUL_SERVER: SERVER,
        IUL_OUT: out,
        IUL_ROOT: root,
        XDG_CONFIG_HOME: join(xdg, 'config'),
        XDG_CACHE_HOME: join(xdg, 'cache'),
        XDG_DATA_HOME: join(xdg, 'data'),
        XDG_STATE_HOME: join(xdg, 'state'),
      },
    });
    assert.equal(run.status, 0, `nvim exited ${run.status}: ${run.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(result.errors, []);
    assert.equal(result.got_diagnostics, true, JSON.stringify(result));
    const [d] = result.diagnostics;
    assert.equal(d.source, 'imgproxy-url-lint');
    assert.equal(d.code, 'host-uppercase');
    assert.equal(d.lnum, 1);
    // Neovim columns are byte offsets: the server's UTF-16 range must land exactly on the host.
    const bytes = Buffer.from(line, 'utf8');
    assert.equal(bytes.subarray(d.col, d.end_col).toString('utf8'), 'CDN.Example.com');
    assert.match(result.quick_fix, /^Fix host-uppercase/);
    assert.equal(result.text_after_fix, `intro\n${line.replace('CDN.Example.com', 'cdn.example.com')}`);
    assert.equal(result.cleared, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
