// Renders the extension icon docs/images/icon.png (128 x 128) from docs/images/icon.svg with resvg
// (WebAssembly: nothing to compile or download at install time).
//   node scripts/icon.mjs           write icon.png
//   node scripts/icon.mjs --check   exit 1 if icon.png is not what icon.svg renders to
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

const images = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'images');
const svgPath = join(images, 'icon.svg');
const pngPath = join(images, 'icon.png');
const SIZE = 128;

await initWasm(readFileSync(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')));
const png = Buffer.from(new Resvg(readFileSync(svgPath, 'utf8'), { fitTo: { mode: 'width', value: SIZE } }).render().asPng());

if (process.argv.includes('--check')) {
  let current;
  try { current = readFileSync(pngPath); } catch { current = Buffer.alloc(0); }
  if (!current.equals(png)) {
    console.error(`${relative(process.cwd(), pngPath)} is not what ${relative(process.cwd(), svgPath)} renders to: run \`npm run icon\` and commit both.`);
    process.exit(1);
  }
} else {
  writeFileSync(pngPath, png);
  console.log(`wrote ${relative(process.cwd(), pngPath)} (${SIZE} x ${SIZE}, ${png.length} bytes)`);
}
