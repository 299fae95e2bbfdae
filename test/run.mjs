// Runs every *.test.ts under test/ (except e2e and bench) with node's own test runner through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test/unit', 'test/lsp', 'test/probe', 'test/cli', 'test/robustness', 'test/shipping'];
const files = [];
function walk(p) {
  if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name));
  else if (p.endsWith('.test.ts')) files.push(p);
}
for (const root of roots) { try { walk(root); } catch (e) { if (e.code !== 'ENOENT') throw e; } }
if (files.length === 0) { console.error('test/run.mjs: no test files found under ' + roots.join(', ')); process.exit(1); }
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
