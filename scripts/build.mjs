// Bundles the entry points: the VS Code client, the language server, the CLI and the scan worker.
//   node scripts/build.mjs            development: readable, with source maps
//   node scripts/build.mjs --release  what ships in the .vsix and the npm tarball: minified, no source maps
//                                     (neither package carries the maps, so no bundle points at a missing one)
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const release = process.argv.includes('--release');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !release,
  minify: release,
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow: prefer ESM entries.
  mainFields: ['module', 'main'],
};

// allSettled: one broken entry point must not stop the others from being written.
const results = await Promise.allSettled([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The scan pool's worker thread (server/src/workspace/scanPool.ts looks for it beside cli.js / server.js).
  build({ ...common, entryPoints: ['server/src/workspace/scanWorker.ts'], outfile: 'dist/scan-worker.js' }),
]);
if (results.some((r) => r.status === 'rejected')) process.exit(1);
// A release build leaves no map of an earlier development build beside its bundles.
if (release) for (const name of ['client', 'server', 'cli', 'scan-worker']) rmSync(`dist/${name}.js.map`, { force: true });
