// Runs every *.test.ts under test/ (except e2e and bench) with node's own test runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
//   node test/run.mjs [folders or files]   each test file in a process of its own (npm test)
//   node test/run.mjs --quick              the unit tests and the LSP smoke tests, imported into one
//                                          process: no Node and tsx start per file (npm run test:quick)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const ALL = ['test/unit', 'test/lsp', 'test/probe', 'test/cli', 'test/robustness', 'test/real', 'test/shipping'];
/**
 * For use while editing. Left to npm test: the property tests (test/unit/properties), the robustness
 * suite (a million URLs, hostile files), the probe's TLS servers, the CLI, and the slower LSP suites
 * (abuse, probe, secrets, Neovim).
 */
const QUICK = [
  'test/unit/core', 'test/unit/workspace', 'test/unit/docs',
  'test/lsp/server.test.ts', 'test/lsp/suppress.test.ts', 'test/lsp/manifest.test.ts', 'test/lsp/client-settings.test.ts',
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const paths = args.filter((a) => a !== '--quick');
const roots = quick ? QUICK : paths.length ? paths : ALL;
const files = [];
// test/real/corpus holds third-party repositories (their own tests included): data, never run.
const NOT_WALKED = new Set([join('test', 'real', 'corpus')]);
function walk(p) {
  if (NOT_WALKED.has(p)) return;
  if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
  else if (p.endsWith('.test.ts')) files.push(p);
}
for (const root of roots) { try { walk(root); } catch (e) { if (e.code !== 'ENOENT') throw e; } }
if (files.length === 0) { console.error('test/run.mjs: no test files found under ' + roots.join(', ')); process.exit(1); }
// require, as node --test loads a .ts file of this (CommonJS) package: the same module format in both.
const REQUIRE_ALL = "for (const f of process.argv.slice(1)) require(require('node:path').resolve(f));";
const runner = quick ? ['--eval', REQUIRE_ALL] : ['--test'];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test-reporter=spec', ...runner, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
