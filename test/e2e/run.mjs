// End-to-end tests in a real VS Code: code-server (VS Code served to a browser) with the packaged .vsix
// installed into a fresh profile, serving a copy of test/e2e/fixture on 127.0.0.1, driven by Debian's
// Chromium through playwright-core. Offline: everything comes from the npm registry and Debian's packages
// (see ../../../shared/spec/real-editor-testing.md and test/e2e/README.md).
//
//   npm run test:e2e                 all scenarios
//   E2E_ONLY=1,4 npm run test:e2e    some of them
//   E2E_KEEP=1                       keep the temporary workspaces
//   npm run test:e2e -- --update-screenshots
//                                    also refresh the README's pictures (docs/images/) when all pass
//   (more options in test/e2e/README.md)
//
// Closes with one line: `N passed, N failed`. Screenshots and logs: .test-output/e2e/.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCache } from './setup.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const out = process.env.E2E_OUT ? resolve(process.env.E2E_OUT) : join(repo, '.test-output', 'e2e');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const ONLY = process.env.E2E_ONLY ? new Set(process.env.E2E_ONLY.split(',').map((s) => s.trim())) : undefined;
const WATCHDOG_MS = Number(process.env.E2E_WATCHDOG_MS || 5 * 60_000);
const UPDATE_SCREENSHOTS = process.argv.includes('--update-screenshots');
/** The README's pictures (docs/images/<name>): the scenario and step screenshot each is refreshed from. */
const README_PICTURES = {
  'squiggle-and-problems.png': { scenario: '1', step: '1-squiggle-and-problems.png' },
  'quick-fix.png': { scenario: '2', step: '2a-quick-fix-menu.png' },
};
const started = performance.now();
const secs = () => ((performance.now() - started) / 1000).toFixed(1);
const log = (msg) => console.log(`[e2e ${secs()}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------
// Process bookkeeping: every long-lived child is started in its own session (setsid) and killed as a
// process group, so extension hosts and language servers go with it.
const groups = new Set();
function killGroups() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  }
}
function killGroupsHard() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  groups.clear();
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { killGroups(); killGroupsHard(); console.log('0 passed, 1 failed'); process.exit(130); });
}
process.on('exit', () => { killGroups(); killGroupsHard(); });

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

function runSync(cmd, args, options = {}) {
  // No stdin: a tool that would prompt (vsce does, for a missing LICENSE) gets end-of-file, not a hang.
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${(r.stdout || '') + (r.stderr || '')}`.slice(-4000));
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------------
// Packaging.
function packageVsix() {
  const vsix = join(out, 'imgproxy-url-lint.vsix');
  rmSync(vsix, { force: true });
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  if (pkg.scripts?.package) {
    // The package script names its own --out; a second one wins.
    runSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: repo });
  } else {
    runSync('npm', ['run', '--silent', 'build'], { cwd: repo });
    runSync('npx', ['--no-install', '@vscode/vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: repo });
  }
  if (!existsSync(vsix)) throw new Error(`packaging did not write ${vsix}`);
  return vsix;
}

// ---------------------------------------------------------------------------------------------------
// code-server.
const NOISE_OFF = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.hotExit': 'off',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'editor.minimap.enabled': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'editor.hover.enabled': false,
  'editor.lightbulb.enabled': 'off',
  'window.commandCenter': false,
  'workbench.editor.enablePreview': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
};

class CodeServer {
  constructor(name, cache, env) {
    this.name = name;
    this.cache = cache;
    this.env = env;
    this.dir = join(out, 'run', name);
    this.userData = join(this.dir, 'user-data');
    this.extensions = join(out, 'run', 'extensions');
    this.logFile = join(this.dir, 'code-server.log');
  }

  writeSettings(settings) {
    mkdirSync(join(this.userData, 'User'), { recursive: true });
    writeFileSync(join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...NOISE_OFF, ...settings }, null, 2));
  }

  args() {
    return ['--extensions-dir', this.extensions, '--user-data-dir', this.userData];
  }

  installExtension(vsix) {
    runSync(join(this.cache.node24Bin, 'node'), [this.cache.codeServer, ...this.args(), '--install-extension', vsix], { env: this.env });
  }

  async start(workspace) {
    this.port = await freePort();
    mkdirSync(this.dir, { recursive: true });
    const fd = openSync(this.logFile, 'w');
    const child = spawn(join(this.cache.node24Bin, 'node'), [this.cache.codeServer,
      '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-getting-started-override', '--reconnection-grace-time', '10', ...this.args(), workspace],
    // detached: the child calls setsid(), so it leads a process group that stop() kills as a whole.
    { env: { ...this.env, EXTENSIONS_GALLERY: '{}' }, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.pid = child.pid;
    groups.add(child.pid);
    let exited = false;
    child.on('exit', () => { exited = true; });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`code-server exited early; see ${this.logFile}\n${readFileSync(this.logFile, 'utf8').slice(-2000)}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (r.ok) break;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in 60 s; see ${this.logFile}`);
      await sleep(200);
    }
    this.url = `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(workspace)}`;
    return this.url;
  }

  async stop() {
    if (!this.pid) return;
    const pid = this.pid;
    this.pid = undefined;
    try { process.kill(-pid, 'SIGTERM'); } catch { groups.delete(pid); return; }
    for (let i = 0; i < 30; i++) {
      await sleep(100);
      try { process.kill(-pid, 0); } catch { groups.delete(pid); return; }
    }
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    groups.delete(pid);
  }
}

// ---------------------------------------------------------------------------------------------------
// The browser and the workbench.
class Workbench {
  constructor(page, shots) {
    this.page = page;
    this.shots = shots;
  }

  async shot(name) {
    const file = join(this.shots, `${name}.png`);
    await this.page.screenshot({ path: file }).catch(() => {});
    return file;
  }

  async ready() {
    const p = this.page;
    await p.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await p.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    await sleep(500);
  }

  async closeNotifications() {
    // "Clear All Notifications" keeps the screenshots readable and the toasts countable.
    await this.command('Notifications: Clear All Notifications', { optional: true });
  }

  async quickOpen(text) {
    const p = this.page;
    await p.keyboard.press('Control+P');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    return input;
  }

  /**
   * Opens a file by its workspace-relative path: through the Explorer (no file search needed, which is
   * slow while the machine is busy), else through quick open.
   */
  async open(rel) {
    const p = this.page;
    const name = rel.split('/').pop();
    const t = performance.now();
    const viaExplorer = await this.openInExplorer(rel);
    if (process.env.E2E_DEBUG) log(`open ${rel}: explorer ${viaExplorer} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    if (!viaExplorer) {
      await this.quickOpen(rel);
      const row = p.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      await row.waitFor({ timeout: 15_000 });
      await p.keyboard.press('Enter');
    }
    await p.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 15_000 });
    await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await this.editor().locator('.view-lines').waitFor({ timeout: 10_000 });
    await this.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } }).catch(() => {});
  }

  async openInExplorer(rel) {
    const p = this.page;
    const parts = rel.split('/');
    try {
      for (let i = 0; i < parts.length; i++) {
        const row = p.locator(`.explorer-folders-view .monaco-list-row[aria-level="${i + 1}"][aria-label="${parts[i]}"]`).first();
        await row.waitFor({ timeout: 5_000 });
        const last = i === parts.length - 1;
        if (last || (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
        if (!last) await p.locator(`.explorer-folders-view .monaco-list-row[aria-level="${i + 2}"]`).first().waitFor({ timeout: 5_000 });
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Runs a palette command by its label. */
  async command(label, { optional = false } = {}) {
    const p = this.page;
    await p.keyboard.press('F1');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${label}`);
    const row = p.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    try {
      await row.waitFor({ timeout: optional ? 3_000 : 10_000 });
    } catch (e) {
      await p.keyboard.press('Escape');
      if (optional) return false;
      throw new Error(`no palette entry "${label}"`);
    }
    await row.click();
    await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    return true;
  }

  /** The palette rows that match `text` (the palette is left closed). */
  async paletteRows(text) {
    const p = this.page;
    await p.keyboard.press('F1');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${text}`);
    await sleep(800);
    const rows = await p.locator('.quick-input-list .monaco-list-row').allTextContents();
    return rows;
  }

  editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor[data-uri], .editor-group-container.active .monaco-editor').first();
  }

  async editorText() {
    const lines = await this.editor().locator('.view-lines .view-line').evaluateAll((els) =>
      els.map((el) => ({ top: parseFloat(el.style.top) || 0, text: el.textContent || '' })).sort((a, b) => a.top - b.top).map((l) => l.text));
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  async squiggles(kind = 'warning') {
    return this.editor().locator(`.squiggly-${kind}`).count();
  }

  async waitSquiggles(pred, kind = 'warning', timeout = 30_000) {
    const deadline = Date.now() + timeout;
    let n = -1;
    while (Date.now() < deadline) {
      n = await this.squiggles(kind);
      if (pred(n)) return n;
      await sleep(200);
    }
    throw new Error(`squiggly-${kind} count stayed ${n}`);
  }

  async goto(line, col) {
    const p = this.page;
    await p.keyboard.press('Control+G');
    const input = p.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${col}`);
    await sleep(150);
    await p.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }

  async showProblems() {
    const p = this.page;
    if (!(await p.locator('.markers-panel').isVisible().catch(() => false))) {
      await this.command('View: Focus Problems');
    }
    await p.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Sets the Problems panel filter ('' clears it). */
  async filterProblems(text) {
    const p = this.page;
    const input = p.locator('.viewpane-filter input, .markers-panel-action-filter input, .pane-header .monaco-inputbox input').first();
    if (!(await input.isVisible().catch(() => false))) return false;
    await input.fill(text);
    await sleep(300);
    return true;
  }

  /** Texts (aria-label and content) of the rows shown in the Problems panel. */
  async problemRows() {
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
      els.map((el) => `${el.getAttribute('aria-label') || ''} | ${(el.textContent || '').replace(/\u00a0/g, ' ')}`));
  }

  async waitProblems(pred, timeout = 30_000, what = 'Problems panel') {
    const deadline = Date.now() + timeout;
    let rows = [];
    while (Date.now() < deadline) {
      rows = await this.problemRows();
      if (pred(rows)) return rows;
      await sleep(250);
    }
    throw new Error(`${what}: condition not met; rows:\n  ${rows.join('\n  ')}`);
  }

  /** Starts recording the text of every notification toast shown, however briefly. */
  async recordToasts() {
    await this.page.evaluate(() => {
      const w = window;
      w.__e2eToasts = [];
      w.__e2eObserver?.disconnect();
      const note = (node) => {
        if (!(node instanceof Element)) return;
        const toasts = node.matches('.notification-toast, .notification-list-item') ? [node] : [...node.querySelectorAll('.notification-toast, .notification-list-item')];
        for (const t of toasts) w.__e2eToasts.push(t.textContent || '');
      };
      w.__e2eObserver = new MutationObserver((records) => {
        for (const r of records) {
          r.addedNodes.forEach(note);
          if (r.type === 'characterData' || r.type === 'childList') note(r.target.parentElement?.closest?.('.notification-toast') ?? null);
        }
      });
      w.__e2eObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }

  async recordedToasts() {
    return this.page.evaluate(() => window.__e2eToasts ?? []);
  }

  async toasts() {
    return this.page.locator('.notification-toast').allTextContents();
  }
}

const b64decode = (s) => Buffer.from(s, 'base64url').toString('utf8');
/** The source URL inside an imgproxy URL with a base64 (not /plain/) source. */
function decodedSource(url) {
  const last = url.split('/').pop().split('.')[0];
  return b64decode(last);
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Opens the code-action menu at line:column with Ctrl+. and applies the entry labelled `label`. */
async function applyQuickFix(wb, line, column, label, shot) {
  await wb.goto(line, column);
  // The menu waits for every code-action provider (TypeScript's too, slow on a cold tsserver): retry.
  const menu = wb.page.locator('.action-widget .monaco-list-row');
  for (let attempt = 1; ; attempt++) {
    await wb.page.keyboard.press('Control+.');
    if (await menu.first().waitFor({ timeout: 8_000 }).then(() => true, () => false)) break;
    if (attempt === 3) throw new Error('Ctrl+. opened no code-action menu (3 tries)');
    await wb.page.keyboard.press('Escape');
    await wb.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await wb.goto(line, column);
  }
  await sleep(300);
  await wb.shot(shot);
  const labels = await menu.allTextContents();
  const fix = wb.page.locator('.action-widget .monaco-list-row', { hasText: label }).first();
  assert(await fix.count() > 0, `no "${label}" entry; menu: ${labels.join(' / ')}`);
  await fix.click();
}

// ---------------------------------------------------------------------------------------------------
// Scenarios. Each gets the workbench and the workspace folder on disk; throws on failure.
const scenarios = [];
const scenario = (id, title, group, fn) => scenarios.push({ id: String(id), title, group, fn });

scenario(1, 'base64 URL: squiggle, and host-uppercase in Problems with the decoded host', 'trusted', async (wb) => {
  const t0 = performance.now();
  await wb.open('src/base64.ts');
  const t1 = performance.now();
  await wb.waitSquiggles((n) => n >= 1, 'warning', 45_000);
  log(`scenario 1: file open in ${((t1 - t0) / 1000).toFixed(1)} s, first squiggle ${((performance.now() - t1) / 1000).toFixed(1)} s later`);
  await wb.showProblems();
  const rows = await wb.waitProblems((r) => r.some((t) => t.includes('Media.Example.com')));
  const row = rows.find((t) => t.includes('Media.Example.com'));
  await wb.shot('1-squiggle-and-problems');
  assert(/host-uppercase/.test(row), `the Problems row does not name host-uppercase: ${row}`);
  assert(/imgproxy-url-lint/.test(row), `the Problems row does not name the source imgproxy-url-lint: ${row}`);
});

// Runs before 2, which fixes the problem whose rule link it clicks.
scenario(8, 'the rule id in Problems opens the rule page bundled in the extension in the Markdown preview', 'trusted', async (wb) => {
  const p = wb.page;
  await wb.open('src/base64.ts');
  await wb.showProblems();
  await wb.waitProblems((r) => r.some((t) => t.includes('Media.Example.com')));
  // The rule id is a link (the diagnostic's codeDescription); VS Code renders it as a.monaco-link.
  const link = p.locator('.markers-panel .monaco-list-row a.monaco-link', { hasText: 'host-uppercase' }).first();
  await link.waitFor({ timeout: 10_000 });
  const href = (await link.getAttribute('title')) ?? (await link.getAttribute('href')) ?? '';
  log(`scenario 8: the rule link is ${href}`);
  await link.click();
  const tab = p.locator('.tabs-container .tab', { hasText: 'host-uppercase.md' }).first();
  await tab.waitFor({ timeout: 30_000 });
  const tabText = `${await tab.getAttribute('aria-label')} ${await tab.textContent()}`;
  assert(/Preview/.test(tabText), `the rule page did not open in the Markdown preview: tab "${tabText}"`);
  // The page's own words, rendered from the copy bundled in the extension (docs/rules/host-uppercase.md).
  const expected = 'Default severity';
  const deadline = Date.now() + 20_000;
  let rendered = false;
  while (!rendered && Date.now() < deadline) {
    for (const frame of p.frames()) {
      const text = await frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
      if (text.includes('host-uppercase') && text.includes(expected)) rendered = true;
    }
    if (!rendered) await sleep(300);
  }
  await wb.shot('8-rule-page-preview');
  assert(rendered, `the preview does not show the rule page (no frame with "host-uppercase" and "${expected}")`);
  // The page's own examples of bad URLs are not the user's problems (scenario 3 would list them too).
  await sleep(1_500);
  const fromPage = (await wb.problemRows()).filter((t) => t.includes('docs/rules'));
  assert(fromPage.length === 0, `the bundled rule page got diagnostics:\n  ${fromPage.join('\n  ')}`);
  await wb.command('View: Close Editor');
});

scenario(2, 'Ctrl+. offers the fix; applying it lowercases the host inside the base64', 'trusted', async (wb, ws) => {
  await wb.open('src/base64.ts');
  await wb.waitSquiggles((n) => n >= 1, 'warning', 45_000);
  const before = (await wb.editorText()).match(/https:\/\/imgproxy\.example\.com\/\S+?(?=')/)[0];
  assert(decodedSource(before) === 'https://Media.Example.com/b.png', `unexpected starting URL ${before}`);
  await applyQuickFix(wb, 2, 80, 'Fix host-uppercase', '2a-quick-fix-menu');
  await wb.waitSquiggles((n) => n === 0, 'warning', 15_000);
  const after = (await wb.editorText()).match(/https:\/\/imgproxy\.example\.com\/\S+?(?=')/)[0];
  await wb.showProblems();
  await wb.waitProblems((r) => !r.some((t) => t.includes('Media.Example.com')), 15_000, 'Problems after the fix');
  await wb.shot('2b-after-quick-fix');
  assert(decodedSource(after) === 'https://media.example.com/b.png', `the fixed URL decodes to ${decodedSource(after)} (${after})`);
  assert(after.startsWith('https://imgproxy.example.com/insecure/w:300/'), `the fix changed more than the source: ${after}`);
  // Saved, the file on disk holds the same fixed URL.
  await wb.page.keyboard.press('Control+S');
  await waitFor(() => readFileSync(join(ws, 'src/base64.ts'), 'utf8').includes(after), 10_000, 'the saved file holds the fixed URL');
});

scenario(10, 'a signed imagor URL: squiggle, quick fix, and the new signature verifies with IMAGOR_SECRET', 'trusted', async (wb, ws) => {
  const secret = /^IMAGOR_SECRET=(.+)$/m.exec(readFileSync(join(ws, 'imagor/imagor.env'), 'utf8'))[1];
  const signed = (url) => {
    const [, hash, path] = /^https:\/\/imagor\.example\.com\/([^/]+)\/(.+)$/.exec(url);
    return { path, valid: hash === createHmac('sha1', secret).update(path).digest('base64').replaceAll('+', '-').replaceAll('/', '_') };
  };
  const imagorUrl = async () => (await wb.editorText()).match(/https:\/\/imagor\.example\.com\/[^']+/)[0];
  await wb.open('imagor/banner.ts');
  await wb.waitSquiggles((n) => n >= 1, 'warning', 45_000);
  const before = signed(await imagorUrl());
  assert(before.valid && before.path.includes('https://Banner.Example.com/'), `unexpected starting URL: ${JSON.stringify(before)}`);
  await wb.showProblems();
  await wb.waitProblems((r) => r.some((t) => t.includes('Banner.Example.com') && t.includes('imagor')), 15_000, 'Problems naming imagor');
  await applyQuickFix(wb, 2, 125, 'Fix host-uppercase', '10a-imagor-quick-fix-menu');
  await wb.waitSquiggles((n) => n === 0, 'warning', 15_000);
  const after = signed(await imagorUrl());
  await wb.shot('10b-imagor-after-fix');
  assert(after.path === before.path.replace('Banner.Example.com', 'banner.example.com'), `the fix changed more than the host: ${after.path}`);
  assert(after.valid, `the fixed URL's signature does not verify with IMAGOR_SECRET: ${await imagorUrl()}`);
  await wb.page.keyboard.press('Control+S');
  await waitFor(() => readFileSync(join(ws, 'imagor/banner.ts'), 'utf8').includes(after.path), 10_000, 'the saved file holds the fixed URL');
});

scenario(3, 'save with codeActionsOnSave source.fixAll.imgproxyUrlLint fixes every problem in the file', 'trusted', async (wb, ws) => {
  await wb.open('src/fixall.ts');
  await wb.waitSquiggles((n) => n >= 3, 'warning', 45_000);
  await wb.shot('3a-before-save');
  // A real edit first, so the save is not a no-op.
  await wb.goto(5, 1);
  await wb.page.keyboard.type('// saved\n');
  await wb.page.keyboard.press('Control+S');
  const file = join(ws, 'src/fixall.ts');
  const text = await waitFor(() => {
    const t = readFileSync(file, 'utf8');
    return t.includes('// saved') && !/CDN\.Example|Avatars\.Example/.test(t) ? t : undefined;
  }, 15_000, 'the saved file has its plain hosts lowercased');
  await wb.waitSquiggles((n) => n === 0, 'warning', 15_000);
  await wb.showProblems();
  await wb.waitProblems((r) => !r.some((t) => /CDN\.Example|Fix\.Example|Avatars\.Example/.test(t)), 15_000, 'Problems after fix-on-save');
  await wb.shot('3b-after-save');
  assert(text.includes('https://cdn.example.com/a.jpg'), 'cdn.example.com not fixed');
  assert(text.includes('https://avatars.example.org/u/1.png'), 'avatars.example.org not fixed');
  const b = text.match(/const b = '([^']+)'/)[1];
  assert(decodedSource(b) === 'https://fix.example.com/one.png', `the base64 source decodes to ${decodedSource(b)}`);
});

scenario(4, 'Scan Workspace lists unopened files, not .gitignore\'d or files.exclude\'d ones; Clear Scan Results removes them', 'trusted', async (wb, ws) => {
  // The files the scan must skip are there, with uppercase hosts.
  assert(readFileSync(join(ws, 'ignored', 'secret.ts'), 'utf8').includes('aHR0cHM6Ly9JZ25vcmVkLkV4YW1wbGUuY29tL3gucG5n'), 'ignored/secret.ts missing');
  assert(readFileSync(join(ws, 'excluded', 'generated.ts'), 'utf8').includes('aHR0cHM6Ly9FeGNsdWRlZC5FeGFtcGxlLmNvbS95LnBuZw'), 'excluded/generated.ts missing');
  await wb.showProblems();
  let rows = await wb.problemRows();
  assert(!rows.some((t) => t.includes('Scan.Example.com')), 'never-opened.js is listed before any scan');
  await wb.recordToasts();
  await wb.command('imgproxy URL Lint: Scan Workspace');
  // The progress notification (recorded however briefly it shows), then the summary.
  const toast = wb.page.locator('.notification-toast', { hasText: /scanned \d+ files/ }).first();
  const progressText = /Listing files|\d+\/\d+ files|scanning/;
  const progressToast = wb.page.locator('.notification-toast', { hasText: progressText }).first();
  if (await progressToast.waitFor({ timeout: 5_000 }).then(() => true, () => false)) await wb.shot('4a-scan-progress');
  await toast.waitFor({ timeout: 60_000 });
  const seen = await wb.recordedToasts();
  const sawProgress = seen.some((t) => progressText.test(t));
  if (process.env.E2E_DEBUG) log(`toasts seen: ${JSON.stringify([...new Set(seen.map((t) => t.slice(0, 120)))])}`);
  const summary = (await toast.textContent()) || '';
  await wb.showProblems();
  await wb.shot('4b-after-scan');
  assert(sawProgress, 'no progress notification was seen');
  assert(/problems in \d+ files/.test(summary), `summary toast: ${summary}`);
  const scanned = Number(/scanned (\d+) files/.exec(summary)?.[1] ?? 0);
  assert(scanned >= BULK_FILES + 6 && scanned < BULK_FILES + 16, `the summary says ${scanned} files were scanned; the workspace has ${BULK_FILES} + about 13 not ignored: ${summary}`);
  // The list is virtualised (rows out of sight are not in the DOM): look for each host through the
  // panel's filter.
  assert(await wb.filterProblems('Example'), 'no filter box in the Problems panel');
  for (const host of ['Scan.Example.com', 'Deep.Example.net']) {
    await wb.filterProblems(host);
    await wb.waitProblems((r) => r.some((t) => t.includes(host)), 20_000, `Problems after the scan, filtered by ${host}`);
    await wb.shot(`4b-after-scan-${host}`);
  }
  for (const host of ['Ignored.Example.com', 'Excluded.Example.com']) {
    await wb.filterProblems(host);
    // Positive proof that the filter ran and matched nothing, not merely that no row is drawn yet.
    const empty = await waitFor(async () => /No results found/i.test((await wb.page.locator('.markers-panel').textContent()) || ''), 5_000, 'empty filter result')
      .then(() => true, () => false);
    const leaked = (await wb.problemRows()).filter((t) => t.includes(host) || /secret\.ts|generated\.ts/.test(t));
    if (leaked.length || !empty) await wb.shot(`4-leak-${host}`);
    assert(leaked.length === 0, `the scan reported ${host}: ${leaked.join(' / ')}`);
    assert(empty, `filtering Problems by ${host} did not show "No results found"`);
  }
  await wb.filterProblems('');
  // The progress notification closes once the scan is over.
  const progressWait = performance.now();
  const stuck = await waitFor(async () => (await wb.page.locator('.notification-toast', { hasText: /Listing files|files…|\d+\/\d+ files/ }).count()) === 0, 10_000, 'progress closed')
    .then(() => false, () => true);
  if (stuck) await wb.shot('4d-progress-still-open');
  else log(`scan progress notification gone ${((performance.now() - progressWait) / 1000).toFixed(1)} s after the checks`);
  assert(!stuck, `the scan's progress notification is still open 10 s after the summary: ${(await wb.toasts()).join(' / ')}`);
  await wb.closeNotifications();
  await wb.command('imgproxy URL Lint: Clear Scan Results');
  await wb.showProblems();
  for (const host of ['Scan.Example.com', 'Deep.Example.net']) {
    await wb.filterProblems(host);
    await wb.waitProblems((r) => !r.some((t) => t.includes(host)), 15_000, `Problems after Clear Scan Results, filtered by ${host}`);
  }
  await wb.filterProblems('');
  await wb.shot('4c-after-clear');
});

scenario(5, 'Markdown and YAML files get diagnostics', 'trusted', async (wb) => {
  await wb.open('docs/images.md');
  await wb.waitSquiggles((n) => n >= 1, 'warning', 30_000);
  await wb.shot('5a-markdown');
  await wb.open('config/images.yaml');
  await wb.waitSquiggles((n) => n >= 1, 'warning', 30_000);
  await wb.showProblems();
  await wb.waitProblems((r) => r.some((t) => t.includes('Markdown.Example.com')) && r.some((t) => t.includes('Yaml.Example.com')), 20_000);
  await wb.shot('5b-yaml-and-problems');
});

scenario(9, 'the extension page shows the README, its pictures linked at the repository over https (nothing shows them offline)', 'trusted', async (wb) => {
  const p = wb.page;
  await wb.command('Extensions: Show Installed Extensions');
  const row = p.locator('.extensions-viewlet .monaco-list-row', { hasText: 'imgproxy URL Lint' }).first();
  await row.waitFor({ timeout: 20_000 });
  await row.click();
  // The README is rendered in a webview (an iframe holding the active frame; where VS Code puts it in the
  // DOM has moved between versions): look for the frame that shows its title.
  const readme = await waitFor(async () => {
    for (const frame of p.frames()) {
      if (await frame.locator('h1', { hasText: 'imgproxy-url-lint' }).count().catch(() => 0)) return frame;
    }
    return undefined;
  }, 30_000, 'the extension page shows the README');
  // The page keeps only http(s) image sources (relative and data: ones were dropped when we tried them) and
  // its CSP loads only https: ones; vsce links the pictures at the repository, which this machine cannot
  // reach, so the check is that they survive as those links, with their descriptions.
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const base = `${manifest.repository.url.replace(/\.git$/, '')}/raw/HEAD/docs/images/`;
  const expected = Object.keys(README_PICTURES).map((name) => base + name);
  const pictures = () => readme.locator('img').evaluateAll((els) => els.map((el) => ({ src: el.getAttribute('src') || '', alt: el.getAttribute('alt') || '' })));
  const shown = await waitFor(async () => {
    const all = await pictures();
    return expected.every((src) => all.some((i) => i.src === src)) ? all : undefined;
  }, 20_000, `the README's pictures ${expected.join(', ')} on the extension page`).catch(async (error) => {
    const all = await pictures().catch(() => []);
    throw new Error(`${error.message}; images on the page: ${all.map((i) => `"${i.src.slice(0, 120)}"`).join(' / ') || 'none'}`);
  });
  for (const src of expected) assert(shown.find((i) => i.src === src).alt.length > 20, `the picture ${src} has no description`);
  await wb.shot('9-extension-page');
  // Back to the Explorer, where the next scenarios open their files.
  await wb.command('View: Show Explorer');
});

scenario(7, 'control for 6: in a trusted workspace a project config that allows it makes the background probe connect and report', 'trusted', async (wb, _ws, _control, loopback) => {
  await wb.open('probe-control/loopback.ts');
  await wb.waitSquiggles((n) => n >= 1, 'warning', 30_000);
  await waitFor(() => loopback.connections > 0, 20_000, 'a connection to the loopback source host');
  await sleep(1000);
  await wb.showProblems();
  await wb.filterProblems('LOCALHOST');
  // The probe's verdict joins the document's diagnostics.
  await wb.waitProblems((r) => r.some((t) => /TLS probe|tls-/i.test(t)), 20_000, 'Problems with the probe\'s finding');
  await wb.shot('7-trusted-probe-connects');
  await wb.filterProblems('');
});

scenario(6, 'untrusted workspace: its own settings cannot switch the probe on', 'untrusted', async (wb, _ws, control, loopback) => {
  const p = wb.page;
  const restricted = await p.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
  await wb.shot('6a-restricted-mode');
  assert(restricted, 'no "Restricted Mode" status bar item: the workspace is not untrusted');
  // Live diagnostics still work (limited support).
  await wb.open('src/trust.ts');
  await wb.waitSquiggles((n) => n >= 1, 'warning', 45_000);
  // The probe command is not offered at all.
  const rows = await wb.paletteRows('imgproxy URL Lint:');
  await wb.shot('6b-palette-without-probe');
  await p.keyboard.press('Escape');
  assert(rows.some((t) => t.includes('Scan Workspace')), `the palette lists no imgproxy URL Lint commands: ${rows.join(' / ')}`);
  assert(!rows.some((t) => t.includes('Probe Source Hosts')), `the palette offers the probe: ${rows.join(' / ')}`);
  // A source host on this machine, under settings that would allow probing it: no connection.
  if (loopback) {
    await wb.open('src/loopback.ts');
    await wb.waitSquiggles((n) => n >= 1, 'warning', 30_000);
    await sleep(1500);
    await wb.showProblems();
    await wb.shot('6c-loopback-source');
    const probeRows = (await wb.problemRows()).filter((t) => /TLS probe|tls-/i.test(t));
    assert(probeRows.length === 0, `probe findings in an untrusted workspace: ${probeRows.join(' / ')}`);
    assert(loopback.connections === 0, `something connected to the loopback source host ${loopback.connections} times`);
  }
  // The Workspace settings tab lists the probe settings the workspace sets as requiring trust.
  await wb.command('Preferences: Open Workspace Settings');
  const item = p.locator('.settings-editor .setting-item-contents', { hasText: 'Probe: Enable' }).first();
  await item.waitFor({ timeout: 15_000 });
  await sleep(500);
  await wb.shot('6d-probe-setting-requires-trust');
  const text = (await item.textContent()) || '';
  assert(/requires workspace trust/i.test(text), `the probe setting is not marked as requiring trust: ${text.slice(0, 300)}`);
  const trustedPaletteHadProbe = await control;
  if (trustedPaletteHadProbe !== undefined) assert(trustedPaletteHadProbe, 'control: the trusted workspace\'s palette did not offer Probe Source Hosts either');
  if (loopback) assert(loopback.connections === 0, `something connected to the loopback source host ${loopback.connections} times`);
  await p.keyboard.press('Escape').catch(() => {});
});

async function waitFor(fn, timeout, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------------
async function main() {
  const results = [];
  const selected = scenarios.filter((s) => !ONLY || ONLY.has(s.id));
  const fail = (s, error) => { results.push({ s, ok: false, error }); console.log(`not ok ${s.id} - ${s.title}\n  ${String(error?.stack || error).split('\n').slice(0, 6).join('\n  ')}`); };

  rmSync(out, { recursive: true, force: true });
  const shots = join(out, 'screenshots');
  mkdirSync(shots, { recursive: true });

  let cache; let vsix;
  try {
    log('cache: checking Node 24, code-server, playwright-core');
    cache = await ensureCache((m) => log(m));
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/apt-packages.txt)`);
    log('packaging the extension');
    vsix = packageVsix();
    log(`packaged ${vsix}`);
  } catch (error) {
    for (const s of selected) fail(s, error);
    return results;
  }

  // From here on, nothing should take long: the watchdog bounds the browser part (installs are not bounded).
  const watchdog = setTimeout(() => {
    console.log(`e2e: watchdog: still running after ${WATCHDOG_MS / 1000} s; stopping everything`);
    killGroups(); killGroupsHard();
    const done = results.filter((r) => r.ok).length;
    console.log(`${done} passed, ${selected.length - done} failed`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  const xdg = join(out, 'run', 'xdg');
  const env = {
    ...cache.env24,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_STATE_HOME: join(xdg, 'state'),
  };
  const require = createRequire(join(cache.playwrightCore, 'package.json'));
  const { chromium } = require(cache.playwrightCore);

  // Workspaces are copies outside the repository: the scan reads .gitignore files up to the enclosing
  // git repository's top, and the repository ignores .test-output/.
  const tmp = mkdtempSync(join(tmpdir(), 'imgproxy-url-lint-e2e-'));
  const groupsToRun = [
    { group: 'trusted', fixture: 'fixture', settings: { 'security.workspace.trust.enabled': false } },
    { group: 'untrusted', fixture: 'fixture-untrusted', settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' } },
  ];
  const active = groupsToRun.map((g) => ({ ...g, list: selected.filter((s) => s.group === g.group) })).filter((g) => g.list.length > 0);
  let resolveControl;
  const control = new Promise((r) => { resolveControl = r; });
  if (!active.some((g) => g.group === 'trusted')) resolveControl(undefined);
  let browser;
  try {
    for (const g of active) {
      g.ws = join(tmp, g.fixture);
      cpSync(join(here, g.fixture), g.ws, { recursive: true });
      if (g.group === 'trusted') {
        addBulkFiles(g.ws);
        // The fixture's .gitignore names ignored/, so git would not keep this file in the repository:
        // it is written here.
        mkdirSync(join(g.ws, 'ignored'), { recursive: true });
        writeFileSync(join(g.ws, 'ignored', 'secret.ts'), "// .gitignore'd: the scan must not report this.\n" +
          "export const x = 'https://imgproxy.example.com/insecure/w:300/aHR0cHM6Ly9JZ25vcmVkLkV4YW1wbGUuY29tL3gucG5n';\n");
      }
      // A loopback listener per workspace that counts connections, and a source host pointing at it.
      // Untrusted (scenario 6): the workspace's own settings allow private addresses and switch the probe
      // on; nothing may connect. Trusted (scenario 7, the control): only probe-control/ has a project
      // config that switches the probe on; the background probe must connect.
      g.loopback = await countingListener();
      const lbDir = g.group === 'trusted' ? join(g.ws, 'probe-control') : join(g.ws, 'src');
      mkdirSync(lbDir, { recursive: true });
      if (g.group === 'trusted') writeFileSync(join(lbDir, '.imgproxy-url-lint.json'), JSON.stringify({ probe: { enable: true, allowPrivateAddresses: true, timeout: 3000 } }, null, 2) + '\n');
      writeFileSync(join(lbDir, 'loopback.ts'),
        `// A source on this machine: the probe may connect to it only from a trusted workspace that allows it.\n` +
        `export const l = 'https://imgproxy.example.com/insecure/rs:fit:10:10/plain/https://LOCALHOST:${g.loopback.port}/l.png';\n`);
      g.cs = new CodeServer(g.group, cache, env);
      g.cs.writeSettings(g.settings);
    }
    log('installing the .vsix into a fresh extensions folder');
    active[0].cs.installExtension(vsix);
    // Both code-servers start together; each group then runs in its own page (one after the other,
    // or in parallel with E2E_PARALLEL).
    await Promise.all(active.map(async (g) => {
      try {
        g.url = await g.cs.start(g.ws);
        log(`code-server (${g.group}) on ${g.url}`);
      } catch (error) {
        g.error = error;
      }
    }));
    browser = await chromium.launchPersistentContext(join(out, 'run', 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
      env,
    });
    log('browser up');
    const runGroup = async (g) => {
      if (g.error) throw g.error;
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(g.url);
      const wb = new Workbench(page, shots);
      await wb.ready();
      log(`workbench (${g.group}) ready`);
      await wb.shot(`0-${g.group}-ready`);
      for (const s of g.list) {
        const t = performance.now();
        try {
          await s.fn(wb, g.ws, control, g.loopback);
          results.push({ s, ok: true });
          console.log(`ok ${s.id} - ${s.title} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
        } catch (error) {
          await wb.shot(`${s.id}-FAILED`);
          fail(s, error);
        }
        await page.keyboard.press('Escape').catch(() => {});
        await page.keyboard.press('Escape').catch(() => {});
      }
      if (g.group === 'trusted') {
        // Control for scenario 6 (after this group's scenarios: by then the contributions are loaded).
        let rows = [];
        // isWorkspaceTrusted may settle a little later than the contributions: wait for both.
        for (let i = 0; i < 25 && !(rows.some((t) => t.includes('Scan Workspace')) && rows.some((t) => t.includes('Probe Source Hosts'))); i++) {
          rows = await wb.paletteRows('imgproxy URL Lint:');
          await page.keyboard.press('Escape');
        }
        const had = rows.some((t) => t.includes('Probe Source Hosts'));
        if (!had) log(`control: trusted palette rows: ${rows.join(' / ')}`);
        resolveControl(had);
      }
    };
    const guarded = async (g) => {
      try {
        await runGroup(g);
      } catch (error) {
        if (g.group === 'trusted') resolveControl(undefined);
        for (const s of g.list) if (!results.some((r) => r.s === s)) fail(s, error);
      }
    };
    // One after the other by default: on 2 busy cores that is as fast as in parallel, and steadier.
    if (process.env.E2E_PARALLEL) await Promise.all(active.map(guarded));
    else for (const g of active) await guarded(g);
  } catch (error) {
    for (const s of selected) if (!results.some((r) => r.s === s)) fail(s, error);
  } finally {
    if (process.env.E2E_DEBUG) {
      for (const g of active) if (g.cs?.pid) log(`CPU time in ${g.group}:\n${spawnSync('ps', ['-o', 'pid,time,args', '-g', String(g.cs.pid)], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.slice(0, 160)).join('\n')}`);
      log(`chromium CPU:\n${spawnSync('sh', ['-c', 'ps -eo pid,time,args | grep -i [c]hromium | head -30'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.slice(0, 120)).join('\n')}`);
    }
    if (browser) await browser.close().catch(() => {});
    log('browser closed');
    await Promise.all(active.map((g) => g.cs?.stop()));
    log('code-servers stopped');
    for (const g of active) if (g.cs) copyLogs(g.cs);
    for (const g of active) g.loopback?.server.close();
    if (!process.env.E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
    else log(`kept workspaces in ${tmp}`);
  }
  results.sort((a, b) => Number(a.s.id) - Number(b.s.id));
  return results;
}

/** A TCP listener on 127.0.0.1 that counts the connections it gets (and closes them). */
async function countingListener() {
  const state = { connections: 0, port: 0, server: undefined };
  state.server = createServer((socket) => { state.connections++; socket.destroy(); });
  await new Promise((res) => state.server.listen(0, '127.0.0.1', res));
  state.port = state.server.address().port;
  return state;
}

/**
 * BULK_FILES clean files under bulk/ in the workspace copy, so that the scan lasts long enough to show
 * its progress, and its summary proves that the whole tree was walked.
 */
const BULK_FILES = 1500;
function addBulkFiles(ws) {
  for (let i = 0; i < BULK_FILES; i++) {
    const dir = join(ws, 'bulk', String(Math.floor(i / 100)).padStart(2, '0'));
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `page${i}.html`), `<img src="https://imgproxy.example.com/insecure/rs:fit:${i}:${i}/plain/https://cdn.example.com/${i}.jpg">\n`.repeat(20));
  }
}

/** The extension's output channel and the extension host log, next to the screenshots. */
function copyLogs(cs) {
  const logs = join(cs.userData, 'logs');
  if (!existsSync(logs)) return;
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  for (const f of walk(logs)) {
    if (/imgproxy|exthost|remoteexthost/i.test(f)) {
      try { cpSync(f, join(out, 'logs', cs.name, f.slice(logs.length + 1).replace(/\//g, '_'))); } catch { /* best effort */ }
    }
  }
}

const results = await main();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
log(`done; screenshots in ${join(out, 'screenshots')}`);
console.log(`${passed} passed, ${failed} failed`);
if (UPDATE_SCREENSHOTS) updateReadmePictures();

/** Copies the step screenshots the README shows to docs/images/, each only if its scenario passed. */
function updateReadmePictures() {
  for (const [name, { scenario, step }] of Object.entries(README_PICTURES)) {
    const shot = join(out, 'screenshots', step);
    if (!results.some((r) => r.ok && r.s.id === scenario) || !existsSync(shot)) {
      log(`--update-screenshots: scenario ${scenario} did not pass (or was not run); docs/images/${name} kept`);
      continue;
    }
    cpSync(shot, join(repo, 'docs', 'images', name));
    log(`updated docs/images/${name} from ${step}`);
  }
}
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
