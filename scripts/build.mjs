// Bundles the three entry points: the VS Code client, the language server and the CLI.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow: prefer ESM entries.
  mainFields: ['module', 'main'],
};

// allSettled: one broken entry point must not stop the others from being written.
const results = await Promise.allSettled([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The tree scan's worker thread (server/src/workspace/treeScan.ts looks for it beside cli.js / server.js).
  build({ ...common, entryPoints: ['server/src/workspace/scanWorker.ts'], outfile: 'dist/scan-worker.js' }),
]);
if (results.some((r) => r.status === 'rejected')) process.exit(1);
