// Settings resolved per document: the editor's `imgproxyUrlLint.*` settings over the project config
// file (.imgproxy-url-lint.json) that governs the document's folder. Nothing here is kept in globals:
// the server asks for each document and caches the answer until a setting or a config file changes.
import { dirname, isAbsolute, resolve } from 'node:path';
import { promises as fsp } from 'node:fs';
import {
  ConfigError,
  parseConfig,
  perOverrideCombination,
  namedSigningVariables,
  resolveLintOptions,
  withOverrides,
  signingFromEnv,
  type LintOptions,
  type ProbeConfig,
  type ProjectConfig,
  type SigningSettings,
} from '../core/index.js';
import { globMatcher, readNamedKeyFiles, relativeInside, withKeyFiles, type ProjectContext } from '../workspace/index.js';

/** Keys of the settings that mean the same as the project config file's keys (DESIGN.md: one name). */
const PROJECT_KEYS = ['imgproxy', 'dialects', 'imagor', 'thumbor', 'imageproxy', 'goCamo', 'imaginary', 'picfit', 'signing', 'rules', 'include', 'exclude', 'checkAllUrls', 'maxFileSize', 'probe'] as const;

export type RunMode = 'onType' | 'onSave';

/** The editor's settings as the client sends them: only what the user set (any key may be absent). */
export interface EditorSettings extends ProjectConfig {
  enable?: boolean;
  run?: RunMode;
  /** Language ids to validate; empty or absent: every language. */
  languages?: string[];
}

/** Everything the server needs to validate one document. */
export interface DocumentSettings {
  enable: boolean;
  run: RunMode;
  languages: string[];
  /** The options for the document (or scanned folder) itself; optionsFor gives any file's. */
  options: LintOptions;
  /** The options for one file: the config file's matching `overrides` applied, then the editor's settings. */
  optionsFor(path: string): LintOptions;
  maxFileSize: number;
  probe: ProbeConfig;
  /** The config file in force, absolute, if any. */
  configFile?: string;
  /** Problems in discovered files (a root .env with a bad key), as `file:line: message`: signing is off meanwhile. */
  notices: string[];
  /** Whether include / exclude (config file, then settings) let this path be linted. */
  isIncluded(path: string): boolean;
}

export const DEFAULT_PROBE: ProbeConfig = { enable: false, timeout: 8000, allowPrivateAddresses: false, includeHttp: false };


function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Validates the editor settings the same way as a config file (same keys, same messages) and splits them
 * into editor-only and project parts. Throws ConfigError naming the setting.
 */
export function validateEditorSettings(raw: unknown): EditorSettings {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw new ConfigError('settings', 'imgproxyUrlLint', 'must be an object');
  const project: Record<string, unknown> = {};
  for (const key of PROJECT_KEYS) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    // VS Code sends empty objects for groups nobody set; they mean nothing.
    if (isObject(value) && Object.keys(value).length === 0) continue;
    project[key] = isObject(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) : value;
  }
  let config: ProjectConfig;
  try {
    config = parseConfig(JSON.stringify(project), 'settings');
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError('settings', `imgproxyUrlLint.${error.key}`, error.detail);
    throw error;
  }
  const settings: EditorSettings = { ...config };
  if (raw.enable !== undefined) {
    if (typeof raw.enable !== 'boolean') throw new ConfigError('settings', 'imgproxyUrlLint.enable', 'must be true or false');
    settings.enable = raw.enable;
  }
  if (raw.run !== undefined) {
    if (raw.run !== 'onType' && raw.run !== 'onSave') throw new ConfigError('settings', 'imgproxyUrlLint.run', 'must be "onType" or "onSave"');
    settings.run = raw.run;
  }
  if (raw.languages !== undefined) {
    if (!Array.isArray(raw.languages) || !raw.languages.every((x) => typeof x === 'string')) {
      throw new ConfigError('settings', 'imgproxyUrlLint.languages', 'must be an array of language ids');
    }
    settings.languages = raw.languages as string[];
  }
  return settings;
}

/** The settings' project keys over the config file's: objects merge key by key, arrays and scalars replace. */
export function mergeConfig(file: ProjectConfig, settings: ProjectConfig): ProjectConfig {
  const merged: Record<string, unknown> = { ...file };
  for (const key of PROJECT_KEYS) {
    const value = settings[key];
    if (value === undefined) continue;
    const base = merged[key];
    merged[key] = isObject(value) && isObject(base) ? { ...base, ...value } : value;
  }
  return merged as ProjectConfig;
}

async function signingFromEnvFile(path: string): Promise<SigningSettings> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new ConfigError('settings', 'imgproxyUrlLint.signing.envFile', `cannot read the env file ${path} (${code}); fix the path (relative to the workspace folder) or clear the setting`);
  }
  const named = namedSigningVariables(process.env, { path, text });
  return withKeyFiles(signingFromEnv(named, path), await readNamedKeyFiles(named, dirname(path)));
}

function signingFromProcessEnv(): SigningSettings {
  return signingFromEnv(namedSigningVariables(process.env), 'the environment');
}

export interface ResolveInput {
  editor: EditorSettings;
  /** The project context of the document's folder (config file or defaults); undefined for non-file documents. */
  context?: ProjectContext;
  /** The workspace folder's path, where a relative `signing.envFile` setting is resolved. */
  folderPath?: string;
  /** In an untrusted workspace the config file's probe and signing settings are ignored. */
  trusted: boolean;
  /** The document's (or folder's) path, for the config's `overrides`. */
  scopePath?: string;
}

export async function resolveDocumentSettings({ editor, context, folderPath, trusted, scopePath }: ResolveInput): Promise<DocumentSettings> {
  // imgproxy's settings as the project context read them (config file over discovered .env / compose).
  let fileConfig: ProjectConfig = context ? { ...context.config, imgproxy: context.options.imgproxy } : {};
  if (!trusted) {
    const { probe: _probe, signing: _signing, ...rest } = fileConfig;
    fileConfig = rest;
  }
  const merged = mergeConfig(fileConfig, editor);
  let signing: SigningSettings;
  if (editor.signing?.envFile !== undefined && editor.signing.envFile !== '') {
    const envFile = editor.signing.envFile;
    const base = folderPath ?? context?.baseDir ?? process.cwd();
    signing = await signingFromEnvFile(isAbsolute(envFile) ? envFile : resolve(base, envFile));
  } else if (trusted && context) {
    signing = context.options.signing;
  } else {
    signing = signingFromProcessEnv();
  }
  const baseDir = context?.baseDir ?? folderPath;
  const forOverrides = perOverrideCombination(fileConfig.overrides, (matching) => resolveLintOptions(mergeConfig(withOverrides(fileConfig, matching), editor), signing));
  const optionsFor = (path: string): LintOptions => forOverrides(baseDir === undefined || path === '' ? undefined : relativeInside(baseDir, path));
  const include = merged.include ?? [];
  const exclude = merged.exclude ?? [];
  const includes = globMatcher(include);
  const excludes = globMatcher(exclude);
  return {
    enable: editor.enable ?? true,
    run: editor.run ?? 'onType',
    languages: editor.languages ?? [],
    options: optionsFor(scopePath ?? ''),
    optionsFor,
    maxFileSize: merged.maxFileSize ?? context?.maxFileSize ?? 32 * 1024 * 1024,
    probe: { ...DEFAULT_PROBE, ...(merged.probe ?? {}) },
    configFile: context?.configFile,
    notices: (context?.notices ?? []).map((n) => `${n.file}:${n.line}: ${n.message}`),
    isIncluded(path: string): boolean {
      if (baseDir === undefined) return true;
      const rel = relativeInside(baseDir, path);
      if (rel === undefined || rel === '') return true;
      if (excludes(rel)) return false;
      return include.length === 0 || includes(rel);
    },
  };
}
