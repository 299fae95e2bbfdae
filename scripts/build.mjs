// Bundles the entry points: the VS Code client, the language server, the CLI and the scan worker.
//   node scripts/build.mjs            development: readable, with source maps
//   node scripts/build.mjs --release  what ships in the .vsix and the npm tarball: minified, no source maps
//                                     (neither package carries the maps, so no bundle points at a missing one)
//   DOCS_BASE_URL=https://example.org/docs/rules/ npm run build   rule links point at the public pages
// (server/src/core/rules.ts); without it they name each page by its path in the package.
//   node scripts/build.mjs --outdir DIR   bundles into DIR instead of dist/ (tests)
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { join } from 'node:path';

const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];

const docsBaseUrl = process.env.DOCS_BASE_URL ?? '';
if (docsBaseUrl !== '' && !/^https:\/\/[^/\s]+\/\S*\/$/.test(docsBaseUrl)) {
  console.error(`scripts/build.mjs: DOCS_BASE_URL must be an https:// URL of the folder of rule pages, ending in "/" (a page is <DOCS_BASE_URL><rule id>.md); got ${JSON.stringify(docsBaseUrl)}`);
  process.exit(2);
}

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
  define: { __DOCS_BASE_URL__: JSON.stringify(docsBaseUrl) },
};

// allSettled: one broken entry point must not stop the others from being written.
const results = await Promise.allSettled([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: join(outdir, 'client.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: join(outdir, 'server.js') }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  // The CLI's tree-scan worker thread (server/src/cli/run.ts looks for it beside cli.js).
  build({ ...common, entryPoints: ['server/src/cli/scanWorker.ts'], outfile: join(outdir, 'scan-worker.js') }),
]);
if (results.some((r) => r.status === 'rejected')) process.exit(1);
// A release build leaves no map of an earlier development build beside its bundles.
if (release) for (const name of ['client', 'server', 'cli', 'scan-worker']) rmSync(join(outdir, `${name}.js.map`), { force: true });
