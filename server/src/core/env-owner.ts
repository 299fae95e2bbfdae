// Whose variable or flag is this: a proxy's (the server reads it) or the application's (which names its
// own settings IMGPROXY_BASE_URL, IMGPROXY_URL, … meaning the address of its imgproxy)? Decided from
// evidence: the image of the compose service or Kubernetes container the variable sits in, the chart,
// the other variables of an env file. When the evidence is thin, the answer is 'unknown'.

import { parseSourceUrl } from './url.js';

/** The proxies whose configuration is read where it is written down. */
export type ConfiguredProxy = 'imgproxy' | 'imagor' | 'thumbor' | 'imageproxy';
export type EnvOwner = ConfiguredProxy | 'app' | 'unknown';

/** Each proxy's images (any registry, tag or mirror named after it) and the names of services that run it. */
const PROXIES: readonly { proxy: ConfiguredProxy; image: RegExp; name: RegExp; path: RegExp }[] = [
  { proxy: 'imgproxy', image: /\/imgproxy(-pro)?\b/i, name: /^imgproxy(-pro)?$/i, path: /(^|[\\/._-])imgproxy([\\/._-]|$)/i },
  // shumc/imagor, ghcr.io/cshum/imagor, shumc/imagorvideo (imagor with video support)
  { proxy: 'imagor', image: /(^|\/)imagor(video)?([:@]|$)/i, name: /^imagor(video)?$/i, path: /(^|[\\/._-])imagor([\\/._-]|$)/i },
  // minimalcompact/thumbor, apsl/thumbor, thumbororg/thumbor
  { proxy: 'thumbor', image: /(^|\/)thumbor([:@]|$)/i, name: /^thumbor$/i, path: /(^|[\\/._-])thumbor([\\/._-]|$)/i },
  // willnorris/imageproxy, ghcr.io/willnorris/imageproxy
  { proxy: 'imageproxy', image: /(^|\/)imageproxy([:@]|$)/i, name: /^imageproxy$/i, path: /(^|[\\/._-])imageproxy([\\/._-]|$)/i },
];

/** Whether a setting with this owner may be `proxy`'s: it is, or nothing says whose it is. */
export function mayBelongTo(owner: EnvOwner, proxy: ConfiguredProxy): boolean {
  return owner === proxy || owner === 'unknown';
}

/** The proxy a program, service or container name stands for (`imageproxy`, `/go/bin/imageproxy`, `imgproxy-pro`). */
export function proxyNamed(name: string): ConfiguredProxy | undefined {
  const base = name.replace(/^.*\//, '');
  return PROXIES.find((p) => p.name.test(base))?.proxy;
}

/**
 * The owner of one assignment, given the owner its place suggests: a base URL whose host is imgproxy
 * itself (`http://imgproxy:8080`) is the app's address of imgproxy, never imgproxy's source base.
 */
export function assignmentOwner(name: string, value: string, placeOwner: EnvOwner): EnvOwner {
  return name === 'IMGPROXY_BASE_URL' && pointsAtImgproxy(value) ? 'app' : placeOwner;
}

function pointsAtImgproxy(value: string): boolean {
  const parts = parseSourceUrl(value);
  return parts?.hasAuthority === true && /(^|[.-])imgproxy([.-]|$)/i.test(parts.host);
}

/**
 * imgproxy's own variables that an application has no reason to set (the signing key, salt, signature
 * size and encryption key are shared by the app that signs URLs, and IMGPROXY_BASE_URL is the name apps
 * give their imgproxy address, so none of those is evidence).
 */
const SERVER_VARIABLE = /^IMGPROXY_(BIND|NETWORK|[A-Z_]*TIMEOUT|CONCURRENCY|WORKERS|REQUESTS_QUEUE_SIZE|MAX_[A-Z_]+|TTL|USE_[A-Z0-9_]+|S3_[A-Z_]+|GCS_[A-Z_]+|ABS_[A-Z_]+|SWIFT_[A-Z_]+|LOCAL_FILESYSTEM_ROOT|WATERMARK_[A-Z_]+|FALLBACK_IMAGE_[A-Z_]+|PRESETS(_[A-Z_]+)?|ONLY_PRESETS|INFO_PRESETS|LOG_[A-Z_]+|QUALITY|FORMAT_QUALITY|AUTOQUALITY_[A-Z_]+|JPEG_[A-Z_]+|PNG_[A-Z_]+|GIF_[A-Z_]+|WEBP_[A-Z_]+|AVIF_[A-Z_]+|JXL_[A-Z_]+|ENABLE_[A-Z_]+|ENFORCE_[A-Z_]+|ALLOWED_SOURCES|ALLOWED_PROCESSING_OPTIONS|ALLOW_[A-Z_]+|IGNORE_SSL_VERIFICATION|DEVELOPMENT_ERRORS_MODE|STRIP_[A-Z_]+|KEEP_COPYRIGHT|AUTO_ROTATE|SECRET|HEALTH_CHECK_[A-Z_]+|PATH_PREFIX|PROMETHEUS_[A-Z_]+|NEW_RELIC_[A-Z_]+|SENTRY_[A-Z_]+|DATADOG_[A-Z_]+|OPEN_TELEMETRY_[A-Z_]+|AIRBRAKE_[A-Z_]+|HONEYBADGER_[A-Z_]+|BUGSNAG_[A-Z_]+|CLOUD_WATCH_[A-Z_]+|CACHE_CONTROL_PASSTHROUGH|SET_CANONICAL_HEADER|SO_REUSEPORT|USER_AGENT|CUSTOM_[A-Z_]+|SERVER_NAME|DOWNLOAD_[A-Z_]+|PREFERRED_FORMATS|SKIP_PROCESSING_FORMATS|ARGUMENTS_SEPARATOR|BASE64_URL_INCLUDES_FILENAME|TRUSTED_SIGNATURES|URL_REPLACEMENTS|SOURCE_URL_QUERY_SEPARATOR|COOKIE_[A-Z_]+|LICENSE_KEY|FREE_MEMORY_INTERVAL|MALLOC|BUFFER_POOL_[A-Z_]+|RETURN_ATTACHMENT|SANITIZE_SVG|SVG_[A-Z_]+|EXPIRES|DISABLE_[A-Z_]+)$/;

/** imgproxy's variables an application sets too (it signs URLs, and names its imgproxy address so). */
const SHARED = new Set(['IMGPROXY_KEY', 'IMGPROXY_SALT', 'IMGPROXY_SIGNATURE_SIZE', 'IMGPROXY_SOURCE_URL_ENCRYPTION_KEY', 'IMGPROXY_BASE_URL']);

/** Any other name is an application's: IMGPROXY_* names imgproxy never reads (IMGPROXY_URL, IMGPROXY_HOST, …) included. */
function isAppVariable(name: string): boolean {
  return !name.startsWith('IMGPROXY_') || (!SHARED.has(name) && !SERVER_VARIABLE.test(name));
}

/** The proxy a folder or file is named after (`deploy/imgproxy/.env`, `imgproxy.env`, `charts/imagor/values.yaml`). */
function proxyOfPath(path: string | undefined): ConfiguredProxy | undefined {
  return path === undefined ? undefined : PROXIES.find((p) => p.path.test(path))?.proxy;
}

const DOTENV_NAME = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm;

/**
 * An env file's IMGPROXY_* variables are imgproxy's when it sets imgproxy's server variables and nothing
 * of an application's. Another proxy's variable (HTTP_LOADER_ALLOWED_SOURCES, IMAGEPROXY_ALLOWHOSTS) is
 * named after that proxy alone: whose it is stays open unless the path names a proxy.
 */
export function envOwnerOfDotenv(text: string, path: string | undefined): (offset: number, name: string) => EnvOwner {
  const names = [...text.matchAll(DOTENV_NAME)].map((m) => m[1]);
  const server = names.some((n) => SERVER_VARIABLE.test(n));
  const app = names.some(isAppVariable);
  const named = proxyOfPath(path);
  const owner: EnvOwner = app ? (server ? 'unknown' : 'app') : server || named === 'imgproxy' ? 'imgproxy' : 'unknown';
  return (_offset, name) => (name.startsWith('IMGPROXY_') ? owner : named ?? 'unknown');
}

interface YamlLine { start: number; indent: number; text: string }

function yamlLines(text: string): YamlLine[] {
  const lines: YamlLine[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    const content = line.replace(/^[ \t]*/, '');
    if (content !== '' && !content.startsWith('#')) lines.push({ start, indent: line.length - content.length, text: content.replace(/\r$/, '') });
    start += line.length + 1;
  }
  return lines;
}

const IMAGE = /^image:[ \t]*([^\s#]+)/;

/**
 * In YAML, the variable belongs to the nearest enclosing block (compose service, Kubernetes container,
 * Helm `image:` sibling) that names an image; with none, to imgproxy when the path names imgproxy.
 */
export function envOwnerInYaml(text: string, path: string | undefined): (offset: number) => EnvOwner {
  const lines = yamlLines(text);
  // A Helm values file names its image at the top (image: { repository: … }), beside env.
  const topImage = imageOfBlock([{ start: -1, indent: -1, text: '' }, ...lines], 0);
  const fallback: EnvOwner = topImage !== undefined ? imageOwner(topImage) : proxyOfPath(path) ?? 'unknown';
  // Each block's image is looked for once: a file with many variables stays linear.
  const imageAt = new Map<number, string | undefined>();
  const blockImage = (i: number) => {
    if (!imageAt.has(i)) imageAt.set(i, imageOfBlock(lines, i));
    return imageAt.get(i);
  };
  const parents = parentLines(lines);
  return (offset) => {
    for (let i = lastLineAtOrBefore(lines, offset); i >= 0; i = parents[i]) {
      const image = blockImage(i);
      if (image !== undefined) return imageOwner(image);
      // A compose service or Kubernetes container named after a proxy, with no image named (built locally).
      const named = /^(?:-[ \t]+name:[ \t]*)?["']?([\w-]+)["']?:?[ \t]*$/.exec(lines[i].text);
      const proxy = named ? proxyNamed(named[1]) : undefined;
      if (proxy !== undefined) return proxy;
    }
    return fallback;
  };
}

/** For each line, the nearest line above it with a smaller indent (its parent in the YAML block tree), or -1. */
function parentLines(lines: readonly YamlLine[]): number[] {
  const parents: number[] = [];
  const stack: number[] = [];
  lines.forEach((line, i) => {
    while (stack.length > 0 && lines[stack[stack.length - 1]].indent >= line.indent) stack.pop();
    parents.push(stack.length > 0 ? stack[stack.length - 1] : -1);
    stack.push(i);
  });
  return parents;
}

/** The index of the last line starting at or before `offset` (binary search; -1 when none). */
function lastLineAtOrBefore(lines: readonly YamlLine[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (lines[mid].start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * A proxy's image (imgproxy: ghcr.io/imgproxy/imgproxy, darthsim/imgproxy, any registry, tag or -pro, or
 * a mirror of it named …/imgproxy; see PROXIES for the others), an application's, or a templated name
 * that could be either.
 */
export function imageOwner(image: string): EnvOwner {
  const proxy = PROXIES.find((p) => p.image.test(image));
  if (proxy) return proxy.proxy;
  return /\$\{|\{\{|\$[A-Za-z_]/.test(image) ? 'unknown' : 'app';
}

/** The image named among the direct children of the block `lines[at]` opens (a list item's own line included). */
function imageOfBlock(lines: YamlLine[], at: number): string | undefined {
  const own = lines[at];
  const item = own.text.startsWith('- ');
  if (item) {
    const onLine = IMAGE.exec(own.text.slice(2).trimStart());
    if (onLine) return onLine[1];
  }
  let level = item ? own.indent + 2 : undefined;
  for (let i = at + 1; i < lines.length && lines[i].indent > own.indent; i++) {
    level ??= lines[i].indent;
    if (lines[i].indent !== level) continue;
    const named = IMAGE.exec(lines[i].text);
    if (named) return named[1];
    // Helm: `image:` as a mapping whose `repository:` names it.
    const child = lines[i + 1];
    if (/^image:$/.test(lines[i].text.trimEnd()) && child && child.indent > level) {
      const repository = /^repository:[ \t]*(\S+)/.exec(child.text);
      if (repository) return repository[1];
    }
  }
  return undefined;
}
