// imgproxy's own environment variables, read from process.env or from a dotenv-style file's text.
// Key and salt values are secrets: no message built here ever contains them.
import { ConfigError } from './config.js';
import { isPlaceholderValue } from './placeholders.js';
import { isThumborConfFile, thumborConfVariables } from './thumbor-conf.js';
import type { ImgproxySettings, SigningPair, SigningSettings } from './types.js';

/** Parses `NAME=value` lines (optional `export`, quotes, `#` comments) as dotenv and docker do. */
export function parseEnvText(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    // No pattern here may backtrack over the value: a line can be megabytes of spaces.
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]([^]*)$/.exec(rawLine);
    if (!match) continue;
    let value = match[2].trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
    } else {
      const comment = value.search(/\s#/);
      if (comment !== -1) value = value.slice(0, comment).trimEnd();
    }
    vars.set(match[1], value);
  }
  return vars;
}

/**
 * A bad value, quoted only when it is short and plainly not a secret (a key pasted on the wrong line
 * must not be printed): otherwise its length.
 */
export function describeValue(value: string): string {
  return value.length <= 8 && /^[\w.+-]*$/.test(value) && !/^[0-9a-fA-F]{6,}$/.test(value) ? JSON.stringify(value) : `a ${value.length}-character value`;
}

export const EMPTY_SIGNING: SigningSettings = { pairs: [], signatureSize: 32 };

/** A comma list of hex entries as imgproxy splits IMGPROXY_KEY / IMGPROXY_SALT, trimmed. */
export function hexEntries(value: string): string[] {
  return value.split(',').map((part) => part.trim());
}

/** The index of the first entry that is not even-length hex, or -1. */
export function badHexEntry(entries: readonly string[]): number {
  return entries.findIndex((hex) => hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex));
}

function hexList(value: string, name: string, origin: string): Uint8Array[] {
  const entries = hexEntries(value);
  const bad = badHexEntry(entries);
  if (bad !== -1) {
    // Never echo the value: it is a secret.
    throw new ConfigError(origin, name, `entry ${bad + 1} is not an even-length hex string (${entries[bad].length} characters); imgproxy expects hex-encoded keys, e.g. the output of \`xxd -g 2 -l 64 -p /dev/random | tr -d '\\n'\``);
  }
  return entries.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex')));
}

/**
 * Signing settings from imgproxy's variables. `origin` names where they came from (an env file path
 * or "the environment") for error messages.
 */
export function signingFromEnv(env: ReadonlyMap<string, string | undefined>, origin: string): SigningSettings {
  const key = env.get('IMGPROXY_KEY') ?? '';
  const salt = env.get('IMGPROXY_SALT') ?? '';
  const sizeText = env.get('IMGPROXY_SIGNATURE_SIZE') ?? '';
  let signatureSize = 32;
  if (sizeText !== '') {
    signatureSize = Number(sizeText);
    if (!Number.isInteger(signatureSize) || signatureSize < 1 || signatureSize > 32) {
      throw new ConfigError(origin, 'IMGPROXY_SIGNATURE_SIZE', `must be a whole number from 1 to 32, not ${describeValue(sizeText)}`);
    }
  }
  const encryptionHex = env.get('IMGPROXY_SOURCE_URL_ENCRYPTION_KEY') ?? '';
  let encryptionKey: Uint8Array | undefined;
  if (encryptionHex !== '') {
    const [bytes] = hexList(encryptionHex, 'IMGPROXY_SOURCE_URL_ENCRYPTION_KEY', origin);
    if (![16, 24, 32].includes(bytes.length)) {
      throw new ConfigError(origin, 'IMGPROXY_SOURCE_URL_ENCRYPTION_KEY', `must be 16, 24 or 32 bytes (32, 48 or 64 hex characters), not ${bytes.length} bytes`);
    }
    encryptionKey = bytes;
  }
  const others = otherProxiesSigning(env, origin);
  // imgproxy turns signing off when either is empty (spec §1.9).
  if (key === '' || salt === '') return { pairs: [], signatureSize, encryptionKey, ...others };
  const keys = hexList(key, 'IMGPROXY_KEY', origin);
  const salts = hexList(salt, 'IMGPROXY_SALT', origin);
  if (keys.length !== salts.length) {
    throw new ConfigError(origin, 'IMGPROXY_KEY', `has ${keys.length} entries but IMGPROXY_SALT has ${salts.length}; imgproxy needs one salt per key`);
  }
  const pairs: SigningPair[] = keys.map((k, i) => ({ key: k, salt: salts[i] }));
  return { pairs, signatureSize, encryptionKey, ...others };
}

/**
 * imagor's, thumbor's, imageproxy's, go-camo's, Imaginary's and picfit's keys (IMAGOR_SECRET,
 * IMAGOR_SIGNER_TYPE, IMAGOR_SIGNER_TRUNCATE; SECURITY_KEY; IMAGEPROXY_SIGNATUREKEY; GOCAMO_HMAC;
 * URL_SIGNATURE_KEY; PICFIT_SECRET_KEY).
 */
function otherProxiesSigning(env: ReadonlyMap<string, string | undefined>, origin: string): Omit<SigningSettings, 'pairs' | 'signatureSize' | 'encryptionKey'> {
  const result: Omit<SigningSettings, 'pairs' | 'signatureSize' | 'encryptionKey'> = {};
  const secret = env.get('IMAGOR_SECRET') ?? '';
  const type = (env.get('IMAGOR_SIGNER_TYPE') ?? '').toLowerCase() || 'sha1';
  if (type !== 'sha1' && type !== 'sha256' && type !== 'sha512') {
    throw new ConfigError(origin, 'IMAGOR_SIGNER_TYPE', `must be sha1, sha256 or sha512, not ${describeValue(type)}`);
  }
  const truncateText = env.get('IMAGOR_SIGNER_TRUNCATE') ?? '';
  const truncate = truncateText === '' ? 0 : Number(truncateText);
  if (!Number.isInteger(truncate) || truncate < 0) {
    throw new ConfigError(origin, 'IMAGOR_SIGNER_TRUNCATE', `must be a whole number (0 keeps the whole signature), not ${describeValue(truncateText)}`);
  }
  if (secret !== '') result.imagor = { secret, type, truncate };
  const signatureKey = env.get('IMAGEPROXY_SIGNATUREKEY') ?? '';
  if (signatureKey.trim() !== '') result.imageproxy = { signatureKey };
  const camoKey = env.get('GOCAMO_HMAC') ?? '';
  if (camoKey !== '') result.goCamo = { key: camoKey };
  const securityKey = env.get('SECURITY_KEY') ?? '';
  if (securityKey !== '') result.thumbor = { securityKey };
  const imaginaryKey = env.get('URL_SIGNATURE_KEY') ?? '';
  // Imaginary refuses to start with a shorter key ("URL signature key must be a minimum of 32 characters").
  // A key is a secret: only its length is told.
  if (imaginaryKey !== '' && imaginaryKey.length < 32) {
    throw new ConfigError(origin, 'URL_SIGNATURE_KEY', `must be at least 32 characters, as Imaginary requires; it has ${imaginaryKey.length}`);
  }
  if (imaginaryKey !== '') result.imaginary = { key: imaginaryKey };
  const picfitKey = env.get('PICFIT_SECRET_KEY') ?? '';
  if (picfitKey !== '') result.picfit = { key: picfitKey };
  return result;
}

export const SIGNING_VARIABLES = ['IMGPROXY_KEY', 'IMGPROXY_SALT', 'IMGPROXY_SIGNATURE_SIZE', 'IMGPROXY_SOURCE_URL_ENCRYPTION_KEY', 'IMAGOR_SECRET', 'IMAGOR_SIGNER_TYPE', 'IMAGOR_SIGNER_TRUNCATE', 'SECURITY_KEY', 'IMAGEPROXY_SIGNATUREKEY', 'GOCAMO_HMAC', 'URL_SIGNATURE_KEY', 'PICFIT_SECRET_KEY'];

/** Variables read only from a named env file, never from the process environment: names as plain as thumbor's SECURITY_KEY and Imaginary's URL_SIGNATURE_KEY may belong to anything. */
const FILE_ONLY_VARIABLES = new Set(['SECURITY_KEY', 'URL_SIGNATURE_KEY']);

/** The 1-based line of the last `NAME=` assignment in an env file's text. */
function envLineOf(text: string, name: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const assigns = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*[=:]`);
  for (let i = lines.length - 1; i >= 0; i--) if (assigns.test(lines[i])) return i + 1;
  return undefined;
}

/**
 * The signing variables from what the user named: an env file (its text and path), then the process
 * environment. A bad value is a ConfigError naming the file and line, or "the environment" and the
 * variable. Placeholders (`${VAR}`, `$(cmd)`) are left out, as imgproxy would never see them.
 */
export function namedSigningVariables(env: Readonly<Record<string, string | undefined>>, envFile?: { path: string; text: string }): Map<string, string> {
  // A thumbor.conf is Python, not dotenv: its SECURITY_KEY is read as thumbor reads it.
  const fromFile = envFile === undefined ? new Map<string, string>() : isThumborConfFile(envFile.path) ? thumborConfVariables(envFile.text) : parseEnvText(envFile.text);
  const named = new Map<string, string>();
  for (const name of SIGNING_VARIABLES) {
    const value = fromFile.get(name) ?? (FILE_ONLY_VARIABLES.has(name) ? undefined : env[name]);
    if (value !== undefined && !isPlaceholderValue(value)) named.set(name, value);
  }
  try {
    signingFromEnv(named, 'named');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (envFile !== undefined && fromFile.has(error.key)) {
      const line = envLineOf(envFile.text, error.key);
      throw new ConfigError(envFile.path, error.key, error.detail, line, line === undefined ? undefined : 1);
    }
    throw new ConfigError('the environment', error.key, `(the environment variable) ${error.detail}`);
  }
  return named;
}

/** The URL-reading settings imgproxy takes from its environment (spec §1.8); interpolations skipped. */
export function imgproxySettingsFromEnv(vars: ReadonlyMap<string, string>): Partial<ImgproxySettings> {
  const settings: Partial<ImgproxySettings> = {};
  const get = (name: string) => {
    const value = vars.get(name);
    return value === undefined || value.includes('${') ? undefined : value;
  };
  const bool = (value: string) => /^(1|true|yes|on)$/i.test(value);
  const baseUrl = get('IMGPROXY_BASE_URL');
  if (baseUrl !== undefined) settings.baseUrl = baseUrl;
  const prefix = get('IMGPROXY_PATH_PREFIX');
  if (prefix !== undefined) settings.pathPrefix = prefix === '' || prefix.startsWith('/') ? prefix.replace(/\/+$/, '') : `/${prefix.replace(/\/+$/, '')}`;
  const separator = get('IMGPROXY_ARGUMENTS_SEPARATOR');
  if (separator !== undefined && separator.length === 1 && separator !== '/') settings.argumentsSeparator = separator;
  const onlyPresets = get('IMGPROXY_ONLY_PRESETS');
  if (onlyPresets !== undefined) settings.onlyPresets = bool(onlyPresets);
  const filename = get('IMGPROXY_BASE64_URL_INCLUDES_FILENAME');
  if (filename !== undefined) settings.base64UrlIncludesFilename = bool(filename);
  return settings;
}
