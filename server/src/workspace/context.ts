// Finding and loading the project config (.imgproxy-url-lint.json) for a path, with the signing env
// file it names, into everything needed to lint files below it. Cached per directory and per config
// file, so a walk over 20,000 files reads each config (and its env file) once.
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import {
  CONFIG_FILE_NAME,
  ConfigError,
  DEFAULT_MAX_FILE_SIZE,
  proxySettingsMap,
  namedSigningVariables,
  SIGNING_VARIABLES,
  perOverrideCombination,
  withOverrides,
  LineIndex,
  type EnvAssignment,
  imgproxySettingsFromEnv,
  parseConfig,
  resolveLintOptions,
  signingFromEnv,
  hostPathOf,
  imageproxyKeyFiles,
  mayBelongTo,
  type LintOptions,
  type SigningSettings,
  type ProjectConfig,
  type SeveritySetting,
} from '../core/index.js';
import { errorCode, nodeFs, type WorkspaceFs } from './fs.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Everything needed to lint the files a config file governs. Immutable; shared by all its files. */
export interface ProjectContext {
  /** The config file in force, absolute; absent when none was found (defaults apply). */
  configFile?: string;
  /** The folder `include` / `exclude` globs are relative to: the config file's folder, or the start folder. */
  baseDir: string;
  config: ProjectConfig;
  options: LintOptions;
  include: string[];
  exclude: string[];
  maxFileSize: number;
  /** The signing env file read, absolute, when the config names one. */
  envFile?: string;
  /**
   * Problems in files found by the tool itself (a root `.env` with a bad key): not errors, since nobody
   * named those files; signing goes on as "key unknown". Said once per context by the adapters.
   */
  notices: ContextNotice[];
  /** The options for one file: `options` with the config's matching `overrides` laid over them. */
  optionsFor(path: string): LintOptions;
  /**
   * Whether the config's include / exclude globs let this absolute path be linted. A path outside
   * `baseDir` is matched by no glob (included). For a directory only `exclude` is checked (a directory
   * is pruned when excluded; `include` is decided per file).
   */
  isIncluded(path: string, isDirectory?: boolean): boolean;
}

/** A problem in a discovered file, at its line (1-based), and what was done about it. */
export interface ContextNotice { file: string; line: number; message: string }

export interface LoadOptions {
  /** Use this config file instead of searching upward (the CLI's --config). Relative to the cwd. */
  configFile?: string;
  /** Process environment; IMGPROXY_* variables the env file lacks are taken from here. Default process.env. */
  env?: Env;
  fs?: WorkspaceFs;
}

/** A path relative to `base` with `/` separators, or undefined when `path` is not inside `base`. */
export function relativeInside(base: string, path: string): string | undefined {
  // Fast path for the walker's paths (always base + sep + ...): path.relative resolves both sides.
  if (path.length > base.length && path.startsWith(base) && (path[base.length] === sep || base.endsWith(sep))) {
    const rel = path.slice(base.endsWith(sep) ? base.length : base.length + 1);
    if (!rel.includes('..')) return sep === '/' ? rel : rel.split(sep).join('/');
  }
  if (path === base) return '';
  const rel = relative(base, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Compiles globs once: picomatch with dotfiles matched (so `**\/gen/**` covers `.cache/gen/x`). An
 * empty glob matches nothing. A glob picomatch refuses (over 65,536 characters) goes to `onInvalid`
 * (default: dropped, as VS Code drops a bad files.exclude entry).
 */
export function globMatcher(globs: readonly string[], onInvalid: (index: number, message: string) => void = () => undefined): (relPath: string) => boolean {
  const matchers: ((relPath: string) => boolean)[] = [];
  globs.forEach((glob, index) => {
    if (glob === '') return;
    try {
      matchers.push(picomatch(glob, { dot: true }));
    } catch (error) {
      onInvalid(index, error instanceof Error ? error.message : String(error));
    }
  });
  if (matchers.length === 0) return () => false;
  if (matchers.length === 1) return matchers[0];
  return (relPath) => matchers.some((m) => m(relPath));
}

function lineOfKey(text: string, path: (string | number)[]): { line?: number; column?: number } {
  const tree = parseTree(text);
  const node = tree && findNodeAtLocation(tree, path);
  if (!node) return {};
  const { line, character } = new LineIndex(text).positionAt(node.offset);
  return { line: line + 1, column: character + 1 };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readUtf8(fs: WorkspaceFs, path: string): Promise<string> {
  const { data } = await fs.readFile(path);
  return stripBom(Buffer.from(data!.buffer, data!.byteOffset, data!.byteLength).toString('utf8'));
}

/** Walks upward from `startPath` (a file or a folder) to the nearest config file; undefined when none. */
export async function findConfigFile(startPath: string, fs: WorkspaceFs = nodeFs): Promise<string | undefined> {
  return new ProjectContexts({ fs }).findConfigFile(startPath);
}

/** Loads the context for a path (file or folder) once, uncached. Throws ConfigError for a bad config. */
export async function loadProjectContext(path: string, options: LoadOptions = {}): Promise<ProjectContext> {
  return new ProjectContexts(options).forPath(path);
}

/**
 * Contexts cached per directory and per config file. One instance per CLI run; the language server
 * keeps one and calls `clear()` when a config or env file changes.
 */
export class ProjectContexts {
  readonly fs: WorkspaceFs;
  private readonly env: Env;
  private readonly explicitConfig?: string;
  /** Directory → the config file governing it (undefined: none up to the root). */
  private readonly configByDir = new Map<string, Promise<string | undefined>>();
  /** Config file path ('' for none) → its loaded context. */
  private readonly contextByConfig = new Map<string, Promise<ProjectContext>>();

  constructor(options: LoadOptions = {}) {
    this.fs = options.fs ?? nodeFs;
    this.env = options.env ?? process.env;
    this.explicitConfig = options.configFile === undefined ? undefined : resolve(options.configFile);
  }

  /** Forgets every cached config and env file (after one of them changed on disk). */
  clear(): void {
    this.configByDir.clear();
    this.contextByConfig.clear();
  }

  /** Records that `dir` holds (or does not hold) a config file, as seen by a directory listing. */
  noteDirectory(dir: string, hasConfigFile: boolean): void {
    if (!this.configByDir.has(dir)) {
      if (hasConfigFile) this.configByDir.set(dir, Promise.resolve(join(dir, CONFIG_FILE_NAME)));
    }
  }

  /** The nearest config file at or above `startPath` (which may be a file or a folder). */
  findConfigFile(startPath: string): Promise<string | undefined> {
    return this.findFrom(resolve(startPath));
  }

  private findFrom(dir: string): Promise<string | undefined> {
    let cached = this.configByDir.get(dir);
    if (cached === undefined) {
      cached = (async () => {
        const candidate = join(dir, CONFIG_FILE_NAME);
        try {
          const stat = await this.fs.stat(candidate);
          if (stat.isFile) return candidate;
        } catch (error) {
          const code = errorCode(error);
          // ENOTDIR: startPath was a file. Anything else unexpected (EACCES) is treated as "no config here".
          if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EACCES') throw error;
        }
        const parent = dirname(dir);
        return parent === dir ? undefined : this.findFrom(parent);
      })();
      this.configByDir.set(dir, cached);
    }
    return cached;
  }

  /** The context for a file or folder: the explicit config, else the nearest one upward, else defaults. */
  async forPath(path: string): Promise<ProjectContext> {
    const abs = resolve(path);
    if (this.explicitConfig !== undefined) return this.forConfigFile(this.explicitConfig, abs);
    const configFile = await this.findFrom(abs);
    return configFile === undefined ? this.forConfigFile(undefined, abs) : this.forConfigFile(configFile, abs);
  }

  /** The context of a directory whose listing is known (the walker): no upward search when it has a config. */
  async forDirectory(dir: string, parent: ProjectContext | undefined, hasConfigFile: boolean): Promise<ProjectContext> {
    if (this.explicitConfig !== undefined) return this.forConfigFile(this.explicitConfig, dir);
    this.noteDirectory(dir, hasConfigFile);
    if (hasConfigFile) return this.forConfigFile(join(dir, CONFIG_FILE_NAME), dir);
    if (parent !== undefined) {
      if (!this.configByDir.has(dir)) this.configByDir.set(dir, Promise.resolve(parent.configFile));
      return parent;
    }
    // The listing showed no config here: search from the parent folder, and remember the answer for dir.
    const up = dirname(dir);
    const found = up === dir ? Promise.resolve(undefined) : this.findFrom(up);
    if (!this.configByDir.has(dir)) this.configByDir.set(dir, found);
    const configFile = await found;
    return this.forConfigFile(configFile, dir);
  }

  /**
   * The context for one config file (cached). With no config file, defaults relative to `startPath`
   * (cached per start path: imgproxy's .env and compose variables found there differ from folder to folder).
   */
  forConfigFile(configFile: string | undefined, startPath: string): Promise<ProjectContext> {
    // With no config file, imgproxy's variables are read from the start folder: one context per start path.
    const key = configFile ?? `\0${resolve(startPath)}`;
    let cached = this.contextByConfig.get(key);
    if (cached === undefined) {
      cached = this.load(configFile, startPath);
      this.contextByConfig.set(key, cached);
      // A failed load stays cached (the same ConfigError for every file under it) until clear().
    }
    return cached;
  }

  private async folderOf(path: string): Promise<string> {
    try {
      return (await this.fs.stat(path)).isDirectory ? path : dirname(path);
    } catch {
      return dirname(path);
    }
  }

  private async load(configFile: string | undefined, startPath: string): Promise<ProjectContext> {
    if (configFile === undefined) {
      const named = namedSigningVariables(this.env);
      return makeContext(undefined, startPath, {}, named, await this.namedKeyFiles(named, process.cwd()), undefined, await this.proxySettingsNear(await this.folderOf(startPath)));
    }
    let text: string;
    try {
      text = await readUtf8(this.fs, configFile);
    } catch (error) {
      const code = errorCode(error);
      const what = code === 'ENOENT'
        ? `the config file does not exist; ${configFile === this.explicitConfig ? 'check the path given to --config' : 'is it a broken symbolic link?'}`
        : `cannot read the config file (${code ?? String(error)})`;
      throw new ConfigError(configFile, '', what);
    }
    // An empty (or whitespace-only) config file means "all defaults".
    const config = text.trim() === '' ? {} : parseConfig(text, configFile);
    const baseDir = dirname(configFile);
    let envText: string | undefined;
    let envFile: string | undefined;
    if (config.signing?.envFile !== undefined) {
      envFile = resolve(baseDir, config.signing.envFile);
      try {
        envText = await readUtf8(this.fs, envFile);
      } catch (error) {
        const { line, column } = lineOfKey(text, ['signing', 'envFile']);
        const code = errorCode(error);
        const problem = code === 'ENOENT'
          ? `the env file ${envFile} does not exist; create it (IMGPROXY_KEY=..., IMGPROXY_SALT=...), fix the path (it is relative to the config file's folder) or remove "signing.envFile"`
          : `cannot read the env file ${envFile} (${code ?? 'error'}); check its permissions or remove "signing.envFile"`;
        throw new ConfigError(configFile, 'signing.envFile', problem, line, column);
      }
    }
    const named = namedSigningVariables(this.env, envFile !== undefined && envText !== undefined ? { path: envFile, text: envText } : undefined);
    return makeContext(configFile, baseDir, config, named, await this.namedKeyFiles(named, envFile === undefined ? process.cwd() : dirname(envFile)), envFile, await this.proxySettingsNear(baseDir));
  }

  private namedKeyFiles(named: ReadonlyMap<string, string>, base: string): Promise<Uint8Array[]> {
    return readNamedKeyFiles(named, base, this.fs);
  }

  /**
   * The bytes of imageproxy's `@file` keys in a discovered file: a path relative to that file's folder,
   * or a container path a bind mount or file secret of the same compose file maps into the project.
   * Files outside the project are not read; an unreadable one is left out.
   */
  private async discoveredKeyFiles(value: string, file: string, text: string): Promise<Uint8Array[]> {
    const keys: Uint8Array[] = [];
    for (const path of imageproxyKeyFiles(value)) {
      const host = isAbsolute(path) ? hostPathOf(text, path) : path;
      if (host === undefined || isAbsolute(host) || host.startsWith('~')) continue;
      try {
        const { data } = await this.fs.readFile(resolve(dirname(file), host), { maxBytes: KEY_FILE_MAX_BYTES });
        if (data) keys.push(data);
      } catch {
        // A key file not in the checkout (a secret kept out of git) only means the key stays unknown.
      }
    }
    return keys;
  }

  /**
   * The proxies' settings from the .env*, docker-compose and thumbor.conf files beside the config file (or
   * in the folder linted when there is none): imgproxy's say how it reads URLs here unless the config
   * overrides, and every proxy's keys sign. Placeholders and the application's own IMGPROXY_* settings
   * are left out (imgproxy-env.ts decides).
   */
  private async proxySettingsNear(dir: string): Promise<Map<string, DiscoveredVariable>> {
    const vars = new Map<string, DiscoveredVariable>();
    let entries;
    try {
      entries = await this.fs.readdir(dir);
    } catch {
      return vars;
    }
    const names = entries.filter((e) => e.type !== 'directory' && PROXY_SETTINGS_FILE.test(e.name)).map((e) => e.name).sort();
    for (const name of names) {
      const file = join(dir, name);
      try {
        const { data } = await this.fs.readFile(file, { maxBytes: 1024 * 1024 });
        if (!data) continue;
        const text = Buffer.from(data).toString('utf8');
        const lines = new LineIndex(text);
        for (const a of proxySettingsMap(text, file).values()) {
          if (!isTakenAsProxySetting(a)) continue;
          const fileKeys = a.name === 'IMAGEPROXY_SIGNATUREKEY' ? await this.discoveredKeyFiles(a.value, file, text) : undefined;
          vars.set(a.name, { value: a.value, file, line: lines.positionAt(a.start).line + 1, fileKeys });
        }
      } catch {
        // An unreadable neighbour only means nothing is inferred from it.
      }
    }
    return vars;
  }
}

/**
 * The bytes of imageproxy's `@file` keys named by the user (env file or environment): paths relative to
 * the env file's folder, as imageproxy started there would read them. An unreadable file is an error.
 */
export async function readNamedKeyFiles(named: ReadonlyMap<string, string>, base: string, fs: WorkspaceFs = nodeFs): Promise<Uint8Array[]> {
  const keys: Uint8Array[] = [];
  for (const path of imageproxyKeyFiles(named.get('IMAGEPROXY_SIGNATUREKEY') ?? '')) {
    const file = resolve(base, path);
    try {
      keys.push((await fs.readFile(file, { maxBytes: KEY_FILE_MAX_BYTES })).data ?? new Uint8Array());
    } catch (error) {
      throw new ConfigError(file, 'IMAGEPROXY_SIGNATUREKEY', `cannot read the key file named by "@${path}" (${errorCode(error) ?? String(error)}); fix the path or the file's permissions`);
    }
  }
  return keys;
}

/** imageproxy's signing with the bytes of its `@file` keys added. */
export function withKeyFiles(signing: SigningSettings, fileKeys: Uint8Array[] | undefined): SigningSettings {
  if (signing.imageproxy === undefined || fileKeys === undefined || fileKeys.length === 0) return signing;
  return { ...signing, imageproxy: { ...signing.imageproxy, fileKeys } };
}

/** A variable read from a discovered file, with where it was read (and, for imageproxy's key, its `@file` keys' bytes). */
interface DiscoveredVariable { value: string; file: string; line: number; fileKeys?: Uint8Array[] }

/** A key file larger than this is not a key. */
const KEY_FILE_MAX_BYTES = 64 * 1024;

/**
 * Whether this assignment is taken: imgproxy's settings unless they are the app's own (a base URL only
 * on evidence); every proxy's signing keys wherever they are (an app signing URLs holds the same key).
 */
function isTakenAsProxySetting(a: EnvAssignment): boolean {
  if (a.name === 'IMGPROXY_BASE_URL') return a.owner === 'imgproxy';
  return mayBelongTo(a.owner, 'imgproxy') || SIGNING_VARIABLES.includes(a.name);
}

/** Files whose settings are taken as this project's proxy settings (thumbor.conf for its SECURITY_KEY). */
export const PROXY_SETTINGS_FILE = /^(\.env(\..+)?|.+\.env|(docker-)?compose([.-].+)?\.ya?ml|[^/\\]*thumbor[^/\\]*\.conf)$/;


/**
 * `named`: the signing variables of the named env file, then the process environment (the user named
 * both, so a bad value there was an error already); `namedKeys`: the bytes of their `@file` keys.
 */
function makeContext(
  configFile: string | undefined,
  baseDir: string,
  config: ProjectConfig,
  named: ReadonlyMap<string, string>,
  namedKeys: Uint8Array[],
  envFile: string | undefined,
  discovered: ReadonlyMap<string, DiscoveredVariable> = new Map(),
): ProjectContext {
  const notices: ContextNotice[] = [];
  // Files found by the tool fill in what is not named; a bad discovered value is only a notice.
  const merged = new Map(named);
  const discoveredSigning = SIGNING_VARIABLES.filter((name) => !named.has(name) && discovered.has(name));
  for (const name of discoveredSigning) merged.set(name, discovered.get(name)!.value);
  let signing: SigningSettings;
  try {
    signing = withKeyFiles(signingFromEnv(merged, 'discovered'), named.has('IMAGEPROXY_SIGNATUREKEY') ? namedKeys : discovered.get('IMAGEPROXY_SIGNATUREKEY')?.fileKeys);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const bad = discovered.get(error.key) ?? discovered.get(discoveredSigning[0])!;
    notices.push({ file: bad.file, line: bad.line, message: `${error.key} ${error.detail}; signatures are not checked (key unknown) until it is fixed` });
    signing = withKeyFiles(signingFromEnv(named, 'the environment'), namedKeys);
  }
  const workspaceSettings = imgproxySettingsFromEnv(new Map([...discovered].map(([name, v]) => [name, v.value])));
  const withWorkspaceSettings = { ...config, imgproxy: { ...workspaceSettings, ...config.imgproxy } };
  const context = contextFromConfig(configFile, baseDir, config, resolveLintOptions(withWorkspaceSettings, signing), envFile, withWorkspaceSettings);
  context.notices.push(...notices);
  return context;
}

/** The CLI's --rule and --check-all-urls: laid over every file's options. */
export interface RunOverrides { rules: Record<string, SeveritySetting>; checkAllUrls?: boolean }

/**
 * Each file's options for a run: its context's (with the config's matching overrides), then the run's.
 * Built once per combination (contexts hand out one object per combination of their overrides), and
 * `onNewContext` sees each context once (its notices are told once).
 */
export function runOptions(run: RunOverrides, onNewContext: (context: ProjectContext) => void = () => undefined): (context: ProjectContext, path: string) => LintOptions {
  const seen = new Set<ProjectContext>();
  const cache = new Map<LintOptions, LintOptions>();
  return (context, path) => {
    if (!seen.has(context)) {
      seen.add(context);
      onNewContext(context);
    }
    const base = context.optionsFor(path);
    let options = cache.get(base);
    if (!options) cache.set(base, (options = { ...base, rules: { ...base.rules, ...run.rules }, checkAllUrls: run.checkAllUrls ?? base.checkAllUrls }));
    return options;
  };
}

/**
 * A context for a config already read and options already resolved: the globs compiled once. Also how
 * the language server builds an untrusted workspace's context (its config without the signing part).
 * `resolvedFrom` is the config `options` were resolved from (the one written, with what discovered files
 * add): a file's overrides are laid over it.
 */
export function contextFromConfig(configFile: string | undefined, baseDir: string, config: ProjectConfig, options: LintOptions, envFile?: string, resolvedFrom: ProjectConfig = config): ProjectContext {
  const include = config.include ?? [];
  const exclude = config.exclude ?? [];
  const invalid = (key: string) => (index: number, message: string) => {
    throw new ConfigError(configFile ?? '', `${key}[${index}]`, `is not a usable glob (${message})`);
  };
  const includes = globMatcher(include, invalid('include'));
  const excludes = globMatcher(exclude, invalid('exclude'));
  const overrides = config.overrides ?? [];
  const forOverrides = perOverrideCombination(overrides, (matching) => (matching.length === 0 ? options : resolveLintOptions(withOverrides(resolvedFrom, matching), options.signing)));
  return {
    configFile,
    baseDir,
    config,
    options,
    include,
    exclude,
    maxFileSize: config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    envFile,
    notices: [],
    optionsFor(path: string): LintOptions {
      return overrides.length === 0 ? options : forOverrides(relativeInside(baseDir, path));
    },
    isIncluded(path: string, isDirectory = false): boolean {
      const rel = relativeInside(baseDir, path);
      if (rel === undefined || rel === '') return true;
      if (excludes(rel)) return false;
      if (isDirectory) return true;
      return include.length === 0 || includes(rel);
    },
  };
}
