// The project config file (.imgproxy-url-lint.json, JSONC): parsed and validated here, purely.
// Finding the file and reading it from disk belong to the adapters (server/src/workspace).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DIALECT_IDS, type DialectId } from './dialects/types.js';
import type { ImgproxySettings, SeveritySetting } from './types.js';
import { isRuleId, SEVERITY_SETTINGS } from './rules.js';
import { LineIndex } from './text.js';
import type { ConfigOverride } from './overrides.js';

export const CONFIG_FILE_NAME = '.imgproxy-url-lint.json';
export const DEFAULT_MAX_FILE_SIZE = 32 * 1024 * 1024;

/** The config file's content after validation; every key optional, as written by the user. */
export interface ProjectConfig {
  imgproxy?: Partial<ImgproxySettings>;
  /** The proxies whose URLs are read; every dialect when absent. */
  dialects?: DialectId[];
  imagor?: { hosts?: string[] };
  thumbor?: { hosts?: string[] };
  imageproxy?: { hosts?: string[] };
  goCamo?: { hosts?: string[] };
  imaginary?: { hosts?: string[] };
  picfit?: { hosts?: string[] };
  signing?: { envFile?: string };
  rules?: Record<string, SeveritySetting>;
  include?: string[];
  exclude?: string[];
  checkAllUrls?: boolean;
  maxFileSize?: number;
  probe?: Partial<ProbeConfig>;
  overrides?: ConfigOverride[];
}

export interface ProbeConfig {
  enable: boolean;
  /** Milliseconds for connect plus handshake, per attempt. */
  timeout: number;
  allowPrivateAddresses: boolean;
  /** Also probe http:// source hosts (over TLS on port 443). */
  includeHttp: boolean;
}

/** A problem in a config file: what is wrong, where (file, key path, line and column) and what to do. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    const where = line !== undefined ? `${file}:${line}:${column}` : file;
    super(`${where}: ${key ? `"${key}": ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}

type Check = (value: unknown, key: string) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isBoolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const isStringArray: Check = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be an array of strings';
const isPositiveInteger: Check = (v) =>
  Number.isInteger(v) && (v as number) > 0 ? undefined : 'must be a positive whole number';
const isSeparator: Check = (v) =>
  typeof v === 'string' && v.length === 1 && v !== '/' ? undefined : 'must be a single character other than "/"';
const isPathPrefix: Check = (v) =>
  typeof v === 'string' && (v === '' || v.startsWith('/')) ? undefined : 'must be empty or start with "/" (e.g. "/imgproxy")';
const isBaseUrl: Check = (v) =>
  typeof v === 'string' && (v === '' || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v)) ? undefined : 'must be empty or a URL with a scheme (e.g. "https://media.example.com/")';

const imgproxySchema: Record<string, Check> = {
  hosts: isStringArray,
  pathPrefix: isPathPrefix,
  argumentsSeparator: isSeparator,
  base64UrlIncludesFilename: isBoolean,
  onlyPresets: isBoolean,
  baseUrl: isBaseUrl,
};
const isDialectList: Check = (v) =>
  Array.isArray(v) && v.every((x) => (DIALECT_IDS as readonly unknown[]).includes(x)) ? undefined : `must be an array of proxy names (${DIALECT_IDS.join(', ')})`;
/** A proxy other than imgproxy: endpoints whose URLs are that proxy's whatever their shape. */
const proxySchema: Record<string, Check> = { hosts: isStringArray };
const isRulesObject: Check = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? undefined : 'must be an object of rule ids to severities');
const isObjectArray: Check = (v) => (Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) ? undefined : 'must be an array of objects, e.g. [{ "files": ["docs/**"], "imgproxy": { "onlyPresets": true } }]');

/** How each proxy reads its URLs: the same keys at the top level and in an `overrides` entry. */
const readingSchema: Record<string, Record<string, Check> | Check> = {
  imgproxy: imgproxySchema,
  dialects: isDialectList,
  imagor: proxySchema,
  thumbor: proxySchema,
  imageproxy: proxySchema,
  goCamo: proxySchema,
  imaginary: proxySchema,
  picfit: proxySchema,
};

/** One `overrides` entry: which files, and what changes for them (what shapes reading and judging). */
const overrideSchema: Record<string, Record<string, Check> | Check> = {
  files: (v) => (isStringArray(v, 'files') === undefined && (v as string[]).length > 0 ? undefined : 'must be a non-empty array of globs'),
  excludedFiles: isStringArray,
  ...readingSchema,
  rules: isRulesObject,
  checkAllUrls: isBoolean,
};

const schema: Record<string, Record<string, Check> | Check> = {
  ...readingSchema,
  signing: { envFile: isString },
  rules: isRulesObject,
  overrides: isObjectArray,
  include: isStringArray,
  exclude: isStringArray,
  checkAllUrls: isBoolean,
  maxFileSize: isPositiveInteger,
  probe: {
    enable: isBoolean,
    timeout: isPositiveInteger,
    allowPrivateAddresses: isBoolean,
    includeHttp: isBoolean,
  },
};


/**
 * Parses and validates a config file's text. Throws ConfigError for the first problem found, naming the
 * file, the key and (for syntax errors) the line and column: a half-understood config must not lint.
 */
export function parseConfig(text: string, file: string): ProjectConfig {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  let value: unknown;
  try {
    value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    // jsonc-parser recurses per nesting level: a hostile file must be an error, not a crash.
    if (error instanceof RangeError) throw new ConfigError(file, '', 'nested too deeply to be a config file; check its content');
    throw error;
  }
  if (errors.length > 0) {
    const { line, character } = new LineIndex(text).positionAt(errors[0].offset);
    throw new ConfigError(file, '', `invalid JSON (${printParseErrorCode(errors[0].error)}); fix the syntax or delete the file`, line + 1, character + 1);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(file, '', 'the config must be a JSON object, e.g. { "rules": { "host-uppercase": "error" } }');
  }
  validateObject(value as Record<string, unknown>, schema, '', file);
  const config = value as ProjectConfig;
  validateRules(config.rules, 'rules', file);
  config.overrides?.forEach((override, i) => {
    const at = `overrides[${i}]`;
    if (override.files === undefined) throw new ConfigError(file, at, 'has no "files": say which files it applies to, e.g. "files": ["docs/**/*.md"]');
    validateObject(override as unknown as Record<string, unknown>, overrideSchema, `${at}.`, file);
    validateRules(override.rules, `${at}.rules`, file);
  });
  return config;
}

function validateRules(rules: Record<string, SeveritySetting> | undefined, at: string, file: string): void {
  for (const [id, severity] of Object.entries(rules ?? {})) {
    if (!isRuleId(id)) throw new ConfigError(file, `${at}.${id}`, `unknown rule id; see the README for the list of rules`);
    if (!SEVERITY_SETTINGS.includes(severity)) {
      throw new ConfigError(file, `${at}.${id}`, `severity must be one of ${SEVERITY_SETTINGS.join(', ')}, not ${JSON.stringify(severity)}`);
    }
  }
}

function validateObject(value: Record<string, unknown>, shape: Record<string, Record<string, Check> | Check>, prefix: string, file: string): void {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix + key;
    const rule = shape[key];
    if (rule === undefined) {
      throw new ConfigError(file, path, `unknown key; known keys here: ${Object.keys(shape).join(', ')}`);
    }
    if (typeof rule === 'function') {
      const problem = rule(child, path);
      if (problem) throw new ConfigError(file, path, `${problem}, not ${JSON.stringify(child)}`);
    } else if (child === null || typeof child !== 'object' || Array.isArray(child)) {
      throw new ConfigError(file, path, `must be an object, not ${JSON.stringify(child)}`);
    } else {
      validateObject(child as Record<string, unknown>, rule, `${path}.`, file);
    }
  }
}
