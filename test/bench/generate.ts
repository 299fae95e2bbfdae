// Generates the benchmark tree: a monorepo-like folder, deterministic from a seed, OUTSIDE the repository.
// At scale 1: 20,000 files (text in the languages of examples/, a few binaries, a few 2-5 MB one-line
// minified bundles), about 200 MB, one line in 200 holding an imgproxy URL (plain, percent-encoded,
// base64 whole / padded / split, a base64 option source, encrypted; signed, placeholder-signed or
// missigned; half with a problem), plus a .gitignore'd folder and node_modules that no scan may enter.
// Same seed and scale → byte-identical tree (checked by the manifest's digest).
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bumped whenever the generator's output changes: an old tree with another version is regenerated. */
export const GENERATOR_VERSION = 5;

/** imgproxy's public example pair (spec §2), as in examples/.env: never a real secret. */
const KEY_HEX = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
const SALT_HEX = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';
const KEY = Buffer.from(KEY_HEX, 'hex');
const SALT = Buffer.from(SALT_HEX, 'hex');
export const IMGPROXY_HOST = 'imgproxy.example.com';

export interface TreeOptions {
  /** The folder holding the tree (created; replaced when its manifest does not match). */
  dir: string;
  scale: number;
  seed: number;
  /**
   * 'dense' (default): one imgproxy URL line in 200, ~9 KB files, a few bundles. 'sparse': shaped like
   * application code: one URL line in 20,000, ~3 KB files in deep folders, a .gitignore per package.
   */
  shape?: TreeShape;
}

export type TreeShape = 'dense' | 'sparse';

export interface TreeManifest {
  generatorVersion: number;
  scale: number;
  seed: number;
  shape: TreeShape;
  /** Files a scan must consider (text + binary + bundles), excluding the ignored folder and node_modules. */
  files: number;
  textFiles: number;
  binaryFiles: number;
  bundles: number;
  /** Bytes of the files a scan must consider. */
  bytes: number;
  /** Files (and bytes) in the .gitignore'd folder and node_modules: never to be read. */
  ignoredFiles: number;
  ignoredBytes: number;
  lines: number;
  imgproxyUrls: number;
  /** imgproxy URLs written with a problem the linter must report. */
  problemUrls: number;
  /** Other http(s) URLs (docs links, API endpoints): found by `rg 'https?://'`, no finding. */
  otherUrls: number;
  /** sha256 over every path and content, in write order. */
  digest: string;
}

/** mulberry32: small, fast, and the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  word(): string {
    return this.pick(WORDS);
  }
  ident(): string {
    const a = this.word();
    const b = this.word();
    return a + b[0].toUpperCase() + b.slice(1);
  }
}

const WORDS = [
  'product', 'order', 'cart', 'price', 'image', 'thumb', 'user', 'session', 'cache', 'layout', 'banner', 'item',
  'catalog', 'stock', 'review', 'rating', 'search', 'filter', 'page', 'count', 'total', 'render', 'config', 'client',
  'server', 'request', 'response', 'handler', 'payload', 'token', 'value', 'index', 'result', 'error', 'status', 'queue',
];
const PATHS = ['products', 'banners', 'lookbook', 'brand', 'avatars', 'marketing', 'vendors', 'badges', 'gallery', 'uploads'];
const EXTS = ['jpg', 'png', 'webp', 'avif'];
const OPTIONS = ['rs:fit:300:300', 'rs:fill:800:600', 'rs:fit:1200:1200/g:ce', 'w:640/h:480', 'rs:fill:600:600/g:sm', 'q:80/rs:fit:256:256', 'pr:thumb'];

/** What a URL may be wrong with (half the imgproxy URLs get one). */
const PROBLEMS = ['host-uppercase', 'scheme-uppercase', 'host-trailing-dot', 'host-userinfo', 'host-loopback', 'host-default-port', 'host-unknown-suffix', 'signature-mismatch'] as const;
type Problem = (typeof PROBLEMS)[number] | null;

function sign(path: string): string {
  return createHmac('sha256', KEY).update(SALT).update(path).digest().subarray(0, 32).toString('base64url');
}

function sourceUrl(r: Rand, problem: Problem): string {
  let scheme = 'https';
  let host = r.pick(['cdn.example.com', 'assets.example.org', 'media.example.net', 'shop-assets.example.com']);
  let port = '';
  switch (problem) {
    case 'host-uppercase': host = host.split('.').map((p, i) => (i === 0 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1))).join('.'); break;
    case 'scheme-uppercase': scheme = 'HTTPS'; break;
    case 'host-trailing-dot': host += '.'; break;
    case 'host-userinfo': host = `cdn.example.com@promo.example.net`; break;
    case 'host-loopback': scheme = 'http'; host = '127.0.0.1'; port = ':9000'; break;
    case 'host-default-port': port = ':443'; break;
    case 'host-unknown-suffix': host = host.replace(/\.[a-z]+$/, '.cmo'); break;
    default: break;
  }
  return `${scheme}://${host}${port}/${r.pick(PATHS)}/${r.int(1000, 99999)}/${r.word()}-${r.int(1, 9)}.${r.pick(EXTS)}`;
}

/** An imgproxy URL in one of the encodings, half of them with a problem; counted in `c`. */
function imgproxyUrl(r: Rand, c: Counters): string {
  const options = r.pick(OPTIONS);
  const encoding = r.int(0, 6);
  // An encrypted source cannot show a host problem without the key: only its signature can be wrong.
  const problem: Problem = r.chance(0.5) ? (encoding === 6 ? 'signature-mismatch' : r.pick(PROBLEMS)) : null;
  const source = sourceUrl(r, problem === 'signature-mismatch' ? null : problem);
  let path: string;
  switch (encoding) {
    case 0: path = `/${options}/plain/${source}@webp`; break;
    case 1: path = `/${options}/plain/${encodeURIComponent(source)}`; break;
    case 2: path = `/${options}/${Buffer.from(source).toString('base64url')}.${r.pick(EXTS)}`; break;
    case 3: path = `/${options}/${Buffer.from(source).toString('base64')}.${r.pick(EXTS)}`; break; // padded
    case 4: path = `/${options}/${(Buffer.from(source).toString('base64url').match(/.{1,16}/g) ?? []).join('/')}.${r.pick(EXTS)}`; break;
    case 5: path = `/${options}/wm:0.5:soea/wmu:${Buffer.from(source).toString('base64url')}/plain/https://cdn.example.com/${r.pick(PATHS)}/${r.int(1, 999)}.jpg`; break;
    default: path = `/${options}/enc/${Buffer.from(Array.from({ length: 48 }, () => r.int(0, 255))).toString('base64url')}`; break;
  }
  c.imgproxyUrls++;
  if (problem) c.problemUrls++;
  return `https://${IMGPROXY_HOST}/${sign(problem === 'signature-mismatch' ? path + 'x' : path)}${path}`;
}

/** The languages of examples/: how a line of code, a comment and a line holding a URL look in each. */
interface Language {
  ext: string;
  code(r: Rand): string;
  comment(text: string): string;
  url(r: Rand, url: string): string;
}

const LANGUAGES: Language[] = [
  {
    ext: 'ts',
    code: (r) => r.pick([
      `  const ${r.ident()} = ${r.ident()}(${r.word()}, ${r.int(0, 999)});`,
      `  if (${r.word()}.${r.word()} > ${r.int(0, 99)}) return ${r.ident()};`,
      `export function ${r.ident()}(${r.word()}: ${r.pick(['string', 'number', 'Item[]'])}): void {`,
      `  ${r.word()}.${r.ident()}({ ${r.word()}: ${r.int(0, 9999)}, ${r.word()}: '${r.word()}' });`,
      '}',
    ]),
    comment: (t) => `  // ${t}`,
    url: (r, u) => `  const ${r.ident()} = '${u}';`,
  },
  {
    ext: 'tsx',
    code: (r) => r.pick([
      `      <div className="${r.word()}-${r.word()}">{${r.word()}.${r.word()}}</div>`,
      `  const [${r.word()}, set${r.ident()}] = useState(${r.int(0, 9)});`,
      `    <${r.ident()} ${r.word()}={${r.ident()}} key={${r.word()}.id} />`,
      '  );',
    ]),
    comment: (t) => `  {/* ${t} */}`,
    url: (r, u) => `      <img src="${u}" alt="${r.word()}" />`,
  },
  {
    ext: 'js',
    code: (r) => r.pick([
      `router.get('/${r.word()}/:id', async (req, res) => res.json(await ${r.ident()}(req.params.id)));`,
      `  const ${r.ident()} = require('${r.word()}');`,
      `  module.exports.${r.ident()} = ${r.ident()};`,
    ]),
    comment: (t) => `// ${t}`,
    url: (r, u) => `  ${r.word()}: \`${u}\`,`,
  },
  {
    ext: 'py',
    code: (r) => r.pick([
      `    ${r.word()}_${r.word()} = self.${r.word()}.get("${r.word()}", ${r.int(0, 99)})`,
      `def ${r.word()}_${r.word()}(request, ${r.word()}_id):`,
      `    return render(request, "${r.word()}/${r.word()}.html", {"${r.word()}": ${r.word()}})`,
    ]),
    comment: (t) => `    # ${t}`,
    url: (r, u) => `    ${r.word().toUpperCase()}_IMAGE = "${u}"`,
  },
  {
    ext: 'go',
    code: (r) => r.pick([
      `\t${r.word()} := ${r.word()}.${r.ident()}(ctx, ${r.int(0, 99)})`,
      `\tif err != nil {\n\t\treturn nil, fmt.Errorf("${r.word()}: %w", err)\n\t}`,
      `func (s *${r.ident()}) ${r.ident()}(ctx context.Context) error {`,
    ]),
    comment: (t) => `\t// ${t}`,
    url: (_r, u) => `\turl := "${u}"`,
  },
  {
    ext: 'yaml',
    code: (r) => r.pick([`  ${r.word()}: ${r.int(0, 9999)}`, `    - name: ${r.word()}-${r.word()}`, `  ${r.word()}_${r.word()}: "${r.word()}"`]),
    comment: (t) => `# ${t}`,
    url: (r, u) => `  ${r.word()}_image: ${u}`,
  },
  {
    ext: 'html',
    code: (r) => r.pick([`    <p class="${r.word()}">${r.word()} ${r.word()} ${r.word()}</p>`, `  <section id="${r.word()}-${r.int(1, 99)}">`, '  </section>']),
    comment: (t) => `  <!-- ${t} -->`,
    url: (r, u) => `    <img src="${u}" alt="${r.word()}" loading="lazy">`,
  },
  {
    ext: 'css',
    code: (r) => r.pick([`.${r.word()}-${r.word()} { margin: ${r.int(0, 32)}px ${r.int(0, 32)}px; }`, `  color: #${r.int(0, 0xffffff).toString(16).padStart(6, '0')};`, `  display: ${r.pick(['flex', 'grid', 'block'])};`]),
    comment: (t) => `/* ${t} */`,
    url: (r, u) => `.${r.word()}-hero { background-image: url("${u}"); }`,
  },
  {
    ext: 'md',
    code: (r) => `The ${r.word()} ${r.word()} keeps the ${r.word()} of every ${r.word()} in the ${r.word()} ${r.word()}.`,
    comment: (t) => `<!-- ${t} -->`,
    url: (r, u) => `![${r.word()}](${u})`,
  },
  {
    ext: 'json',
    code: (r) => `  "${r.word()}${r.int(0, 999)}": ${r.pick([String(r.int(0, 9999)), `"${r.word()}"`, 'true', 'null'])},`,
    comment: (t) => `  "_comment${t.length}": "${t.replace(/"/g, "'")}",`,
    url: (r, u) => `  "${r.word()}Image": "${u}",`,
  },
];

const OTHER_URLS = ['https://docs.example.com/guide/setup', 'https://github.com/example/shop/issues/', 'http://localhost:3000/api/', 'https://api.example.com/v2/'];

interface Counters {
  lines: number;
  imgproxyUrls: number;
  problemUrls: number;
  otherUrls: number;
}

function urlLine(r: Rand, lang: Language, c: Counters): string {
  return lang.url(r, imgproxyUrl(r, c));
}

/** A text file of about `target` bytes: one line in `urlEvery` (default 200) with an imgproxy URL, one in 150 with another URL. */
function textFile(r: Rand, lang: Language, target: number, c: Counters, urlEvery = 200): string {
  const lines: string[] = [];
  let size = 0;
  while (size < target) {
    let line: string;
    const roll = r.next();
    if (roll < 1 / urlEvery) line = urlLine(r, lang, c);
    else if (roll < 1 / urlEvery + 1 / 150) {
      c.otherUrls++;
      line = lang.comment(`see ${r.pick(OTHER_URLS)}${r.word()}`);
    } else if (roll < 0.1) line = lang.comment(`${r.word()} ${r.word()} ${r.word()} ${r.word()}`);
    else line = lang.code(r);
    lines.push(line);
    size += line.length + 1;
    c.lines += line.split('\n').length;
  }
  return lines.join('\n') + '\n';
}

/** One line of minified JavaScript, about `target` bytes, with an imgproxy URL about every 10 KB. */
function bundle(r: Rand, target: number, c: Counters): string {
  const parts: string[] = ['!function(e,t){"use strict";'];
  let size = parts[0].length;
  while (size < target) {
    let part: string;
    if (r.chance(0.004)) {
      part = `var ${r.word()[0]}${r.int(0, 99)}="${imgproxyUrl(r, c)}";`;
    } else {
      part = r.pick([
        `function ${r.word()[0]}${r.int(0, 99)}(n,r){return n.${r.word()}(r)||${r.int(0, 99)}}`,
        `e.${r.word()}=t.${r.word()}&&t.${r.word()}[${r.int(0, 9)}];`,
        `if(!${r.word()[0]})throw new Error("${r.word()} ${r.word()}");`,
        `var ${r.word()[0]}${r.int(0, 99)}={${r.word()}:${r.int(0, 999)},${r.word()}:"${r.word()}"};`,
      ]);
    }
    parts.push(part);
    size += part.length;
  }
  c.lines++;
  return parts.join('') + '}(this);\n';
}

function binary(r: Rand, size: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = r.chance(0.2) ? 0 : r.int(0, 255);
  // PNG signature, then bytes with NULs early: any scanner sees a binary file.
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).copy(data);
  return data;
}

/** Exponential-ish file sizes with a mean near `mean`, clamped. */
function fileSize(r: Rand, mean: number): number {
  return Math.max(200, Math.min(Math.round(-Math.log(1 - r.next()) * mean), 20 * mean));
}

export function manifestPath(dir: string): string {
  return `${dir}.manifest.json`;
}

/** Reads the manifest of an existing tree made with the same version, scale and seed, or undefined. */
export function existingTree(options: TreeOptions): TreeManifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath(options.dir), 'utf8')) as TreeManifest;
    if (manifest.generatorVersion === GENERATOR_VERSION && manifest.scale === options.scale && manifest.seed === options.seed && manifest.shape === (options.shape ?? 'dense') && existsSync(options.dir)) return manifest;
  } catch {
    // none, or unreadable: regenerate
  }
  return undefined;
}

/** Generates the tree (or returns the manifest of an identical one already there). */
export function generateTree(options: TreeOptions, log: (line: string) => void = () => undefined): TreeManifest {
  const existing = existingTree(options);
  if (existing) return existing;
  const { dir, scale, seed } = options;
  const shape = options.shape ?? 'dense';
  const sparse = shape === 'sparse';
  rmSync(dir, { recursive: true, force: true });
  rmSync(manifestPath(dir), { force: true });
  const r = new Rand(prng(seed));
  const hash = createHash('sha256');
  const c: Counters = { lines: 0, imgproxyUrls: 0, problemUrls: 0, otherUrls: 0 };
  const stats = { files: 0, textFiles: 0, binaryFiles: 0, bundles: 0, bytes: 0, ignoredFiles: 0, ignoredBytes: 0 };
  const madeDirs = new Set<string>();
  const write = (rel: string, content: string | Buffer, ignored = false) => {
    const path = join(dir, rel);
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (!madeDirs.has(parent)) {
      mkdirSync(parent, { recursive: true });
      madeDirs.add(parent);
    }
    const data = typeof content === 'string' ? Buffer.from(content) : content;
    writeFileSync(path, data);
    hash.update(rel).update('\0').update(data);
    if (ignored) {
      stats.ignoredFiles++;
      stats.ignoredBytes += data.length;
    } else {
      stats.files++;
      stats.bytes += data.length;
    }
  };

  // A git repository (so ripgrep honours .gitignore as the linter does), its ignore file and the linter's config.
  write('.git/HEAD', 'ref: refs/heads/main\n', true);
  write('.gitignore', 'node_modules/\n/build/\n*.log\ncoverage/\n');
  write('.imgproxy-url-lint.json', JSON.stringify({ imgproxy: { hosts: [IMGPROXY_HOST] }, signing: { envFile: 'imgproxy.env' } }, null, 2) + '\n');
  write('imgproxy.env', `IMGPROXY_KEY=${KEY_HEX}\nIMGPROXY_SALT=${SALT_HEX}\n`);

  const totalFiles = Math.max(20, Math.round(20000 * scale));
  const bundles = sparse ? 0 : Math.max(1, Math.round(4 * scale));
  const binaries = Math.round(totalFiles * 0.02);
  const textFiles = totalFiles - bundles - binaries - 4; // 4: the files above that a scan considers (and .git is not one)
  const meanText = sparse ? 3000 : 9400; // dense: 200 MB at scale 1 with the bundles and binaries
  const urlEvery = sparse ? 20000 : 200;
  const perPackage = 100;
  let written = 0;
  let binaryLeft = binaries;
  for (let p = 0; written < textFiles; p++) {
    const pkg = `packages/${r.word()}-${r.word()}-${p}`;
    // Application code: each package ignores its own build output, and nests its sources deeper.
    // About four files per folder, four to five levels deep.
    const leaves = sparse ? Array.from({ length: 25 }, () => `src/${r.pick(['features', 'components', 'lib', 'api'])}/${r.word()}/${r.pick(['ui', 'model', 'hooks'])}${r.chance(0.5) ? `/${r.word()}` : ''}`) : [];
    if (sparse) write(`${pkg}/.gitignore`, `dist/\n*.tsbuildinfo\n.cache/\n!keep.${r.word()}\n`);
    for (let f = 0; f < perPackage && written < textFiles; f++) {
      const lang = r.pick(LANGUAGES);
      const sub = sparse ? r.pick(leaves) : r.pick(['src', 'src/components', 'src/lib', 'src/api', 'docs', 'config', 'test']);
      write(`${pkg}/${sub}/${r.word()}-${r.word()}-${f}.${lang.ext}`, textFile(r, lang, fileSize(r, meanText), c, urlEvery));
      stats.textFiles++;
      written++;
      if (binaryLeft > 0 && r.chance(binaries / textFiles)) {
        write(`${pkg}/assets/${r.word()}-${f}.${r.pick(['png', 'woff2', 'ico'])}`, binary(r, r.int(2000, 60000)));
        stats.binaryFiles++;
        binaryLeft--;
      }
    }
    if (p % 20 === 19) log(`  generated ${written}/${textFiles} text files`);
  }
  for (; binaryLeft > 0; binaryLeft--) {
    write(`assets/img-${binaryLeft}.png`, binary(r, r.int(2000, 60000)));
    stats.binaryFiles++;
  }
  for (let b = 0; b < bundles; b++) {
    write(`packages/web-app/public/vendor-${b}.min.js`, bundle(r, r.int(2, 5) * 1024 * 1024, c));
    stats.bundles++;
  }
  // Never to be read: node_modules (always skipped) and a .gitignore'd build folder, each about 5% of the tree.
  const ignored = Math.max(2, Math.round(1000 * scale));
  const scratch: Counters = { lines: 0, imgproxyUrls: 0, problemUrls: 0, otherUrls: 0 };
  for (let i = 0; i < ignored; i++) {
    const lang = LANGUAGES[i % 3];
    write(`node_modules/${r.word()}-${i % 50}/lib/${r.word()}-${i}.${lang.ext}`, textFile(r, lang, fileSize(r, meanText), scratch), true);
    write(`build/${r.word()}-${i % 40}/${r.word()}-${i}.${lang.ext}`, textFile(r, lang, fileSize(r, meanText), scratch), true);
    if (i % 100 === 0) write(`logs/run-${i}.log`, textFile(r, lang, 2000, scratch), true);
  }

  const manifest: TreeManifest = { generatorVersion: GENERATOR_VERSION, scale, seed, shape, ...stats, ...c, digest: hash.digest('hex') };
  writeFileSync(manifestPath(dir), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The language-server documents: a 2,000-line file with 20 imgproxy URLs, a 5 MB one-line bundle, and a file with 1,000 fixable findings. */
export function lspDocuments(seed: number): { twoThousandLines: string; bundle5mb: string; thousandFindings: string } {
  const r = new Rand(prng(seed ^ 0x5eed));
  const c: Counters = { lines: 0, imgproxyUrls: 0, problemUrls: 0, otherUrls: 0 };
  const ts = LANGUAGES[0];
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++) lines.push(i % 100 === 50 ? urlLine(r, ts, c) : ts.code(r).split('\n')[0]);
  const twoThousandLines = lines.join('\n') + '\n';
  const bundle5mb = bundle(r, 5 * 1024 * 1024, c);
  const fixable: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const path = `/rs:fit:300:300/plain/https://CDN.Example.com/${r.pick(PATHS)}/${i}/${r.word()}.jpg@webp`;
    fixable.push(ts.url(r, `https://${IMGPROXY_HOST}/${sign(path)}${path}`));
    fixable.push(ts.code(r).split('\n')[0]);
  }
  return { twoThousandLines, bundle5mb, thousandFindings: fixable.join('\n') + '\n' };
}

/** The config and env file of the tree's root, for a language-server workspace made beside the tree. */
export function writeProjectConfig(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.imgproxy-url-lint.json'), JSON.stringify({ imgproxy: { hosts: [IMGPROXY_HOST] }, signing: { envFile: 'imgproxy.env' } }, null, 2) + '\n');
  writeFileSync(join(dir, 'imgproxy.env'), `IMGPROXY_KEY=${KEY_HEX}\nIMGPROXY_SALT=${SALT_HEX}\n`);
}
