// The proxies' configuration where it is written down: IMGPROXY_* variables (and imagor's, imageproxy's
// and go-camo's) in .env files, Dockerfile ENV instructions, docker-compose files, Kubernetes manifests
// and Helm values, each read with its own quoting; imageproxy's and imagor's command-line flags; thumbor's
// thumbor.conf. Each with the evidence of whose setting it is (a proxy's or the application's).
import { findCommandFlags } from './command-flags.js';
import { readDockerfileCommands, readDockerfileEnv } from './dockerfile-env.js';
import { assignmentOwner, envOwnerOfDotenv, envOwnerInYaml, type EnvOwner } from './env-owner.js';
import { fileName } from './text.js';
import { isPlaceholderSecret, isPlaceholderValue, isTemplateFile } from './placeholders.js';
import { isThumborConfFile, readThumborConf } from './thumbor-conf.js';

export type { EnvOwner, ConfiguredProxy } from './env-owner.js';

export interface EnvAssignment {
  name: string;
  /** The value as the tool that reads the file sees it (quotes removed, escapes applied). */
  value: string;
  /** Offsets of the value in the text (inside quotes). */
  start: number;
  end: number;
  /** The text at [start, end) is the value itself (no escapes, no line continuation): a fix may rewrite it. */
  verbatim: boolean;
  /** Whose setting this is, from the evidence around it (spec: issue 11, class 2). */
  owner: EnvOwner;
  /** A stand-in for a value (`$(…)`, `${VAR}`, `<…>`; for a secret also `changeme`, `your-key-here`, any value of a template file). */
  placeholder: boolean;
  /** Where the setting was given as a command-line flag: the flag as written (`-allowHosts`); `name` is the variable it stands for. */
  flag?: string;
}

/** Variables whose values are secrets: a template's are always stand-ins, never the project's key. */
const SECRETS = new Set(['IMGPROXY_KEY', 'IMGPROXY_SALT', 'IMGPROXY_SOURCE_URL_ENCRYPTION_KEY', 'IMAGOR_SECRET', 'IMAGEPROXY_SIGNATUREKEY', 'GOCAMO_HMAC', 'SECURITY_KEY']);

export type ConfigFormat = 'dotenv' | 'dockerfile' | 'yaml';

/** Files where the proxies' settings are configuration (not code that reads the variable). */
const CONFIG_FILE_NAME = /^(\.env.*|.*\.env|.*\.ya?ml|Dockerfile.*|.*\.dockerfile|Containerfile.*|.*thumbor.*\.conf)$/i;

export function isImgproxyConfigFile(path: string): boolean {
  // The name only: a pattern anchored at every separator of a long path costs more than linting.
  return CONFIG_FILE_NAME.test(fileName(path));
}

/** How a config file is read, from its name; dotenv-like lines when the name says nothing. */
export function configFormat(path: string | undefined): ConfigFormat {
  const name = path === undefined ? '' : fileName(path);
  if (/^(Dockerfile|Containerfile)/i.test(name) || /\.dockerfile$/i.test(name)) return 'dockerfile';
  if (/\.ya?ml(\.[a-z]+)?$/i.test(name)) return 'yaml';
  return 'dotenv';
}

/** The variables read: imgproxy's, and the other proxies' allow-lists and keys (the names they invented). */
const NAMES = String.raw`IMGPROXY_[A-Z0-9_]+|IMAGOR_SECRET|IMAGOR_SIGNER_TYPE|IMAGOR_SIGNER_TRUNCATE|HTTP_LOADER_ALLOWED_SOURCES|IMAGEPROXY_ALLOWHOSTS|IMAGEPROXY_SIGNATUREKEY|GOCAMO_HMAC`;
/** Text every one of NAMES contains: a file without any has none of the variables. */
const NAME_MARKS = ['IMGPROXY_', 'IMAGOR_', 'HTTP_LOADER_ALLOWED_SOURCES', 'IMAGEPROXY_', 'GOCAMO_HMAC'];
// NAME=value, NAME: value, export NAME=value, - NAME=value, - "NAME=value"
const ASSIGNMENT = new RegExp(String.raw`^([ 	]*(?:-[ 	]*)?(?:export[ 	]+)?)(["']?)(${NAMES})?[ 	]*[=:][ 	]*(.*)$`, 'gm');
// Kubernetes: - name: IMGPROXY_X, then value: Y on one of the next lines
const K8S_NAME = new RegExp(String.raw`^[ 	]*-?[ 	]*name:[ 	]*["']?(${NAMES})["']?[ 	]*$`, 'gm');
const KNOWN_NAME = new RegExp(`^(?:${NAMES})$`);
const K8S_VALUE = /^[ \t]*value:[ \t]*(.*)$/m;

interface RawValue { value: string; start: number; end: number; verbatim: boolean }

/** A dotenv or YAML scalar as written after `=` / `:`, with its quoting undone. */
function unquote(raw: string, at: number, yaml: boolean): RawValue {
  const value = raw.replace(/[ \t\r]+$/, '');
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    // The closing quote: the first one not escaped (double quotes) or doubled (YAML single quotes).
    let close = 1;
    for (; close < value.length; close++) {
      if (quote === '"' && value[close] === '\\') close++;
      else if (value[close] === quote) {
        if (yaml && quote === "'" && value[close + 1] === "'") close++;
        else break;
      }
    }
    if (close < value.length) {
      const inner = value.slice(1, close);
      const escaped = quote === '"' ? inner.includes('\\') : yaml && inner.includes("''");
      const text = quote === '"' ? inner.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c) : inner.replaceAll("''", "'");
      return { value: text, start: at + 1, end: at + close, verbatim: !escaped };
    }
  }
  const bare = value.replace(/[ \t]+#.*$/, '');
  // A YAML flow item or a list item written as "- NAME=value" keeps its closing quote on the line.
  const trimmed = bare.replace(/["',\]}]+$/, '');
  return { value: trimmed, start: at, end: at + trimmed.length, verbatim: true };
}

const BLOCK_SCALAR = /^[|>][-+]?[ \t]*(#.*)?$/;

/**
 * A YAML block scalar (`key: >-` then indented lines): its lines joined (with spaces when folded, `>`),
 * verbatim only when it is one line, so a fix can rewrite that line's text.
 */
function blockScalar(text: string, indicator: string, lineEnd: number): RawValue {
  const lines: { start: number; content: string }[] = [];
  let at = lineEnd + 1;
  let indent = -1;
  while (at < text.length) {
    const end = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    const line = text.slice(at, end).replace(/\r$/, '');
    const lead = line.length - line.trimStart().length;
    if (line.trim() !== '') {
      if (indent === -1) indent = lead;
      if (lead < indent || indent === 0) break;
      lines.push({ start: at + indent, content: line.slice(indent) });
    }
    at = end + 1;
  }
  if (lines.length === 0) return { value: '', start: lineEnd, end: lineEnd, verbatim: false };
  const value = lines.map((l) => l.content).join(indicator.startsWith('>') ? ' ' : '\n');
  const last = lines[lines.length - 1];
  return { value, start: lines[0].start, end: last.start + last.content.length, verbatim: lines.length === 1 };
}

function lineAssignments(text: string, yaml: boolean): (RawValue & { name: string })[] {
  const found: (RawValue & { name: string })[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const valueAt = m.index! + m[0].length - m[4].length;
    const block = yaml && BLOCK_SCALAR.test(m[4].trim());
    found.push({ name: m[3], ...(block ? blockScalar(text, m[4].trim(), m.index! + m[0].length) : unquote(m[4], valueAt, yaml)) });
  }
  if (yaml) {
    for (const m of text.matchAll(K8S_NAME)) {
      const after = m.index! + m[0].length + 1;
      const next = text.slice(after, after + 300).split('\n').slice(0, 3).join('\n');
      const value = K8S_VALUE.exec(next);
      if (value) found.push({ name: m[1], ...unquote(value[1], after + value.index + value[0].length - value[1].length, true) });
    }
  }
  return found;
}

/**
 * Every proxy setting in a config file's text (variables, flags, thumbor.conf), in text order. `path` (when
 * known) decides the format and whether the file is a template (`.env.example`, `*.sample`, …), whose
 * secrets are all placeholders.
 */
export function findProxySettings(text: string, path?: string): EnvAssignment[] {
  const template = path !== undefined && isTemplateFile(path);
  const placeholder = (name: string, value: string) => {
    if (!SECRETS.has(name)) return isPlaceholderValue(value);
    // imageproxy's `@/run/secrets/key` names a file: only the keys written out can be stand-ins.
    const written = name === 'IMAGEPROXY_SIGNATUREKEY' ? value.split(/\s+/).filter((k) => !k.startsWith('@')).join(' ') : value;
    return template || isPlaceholderValue(value) || (written !== '' && isPlaceholderSecret(written));
  };
  if (path !== undefined && isThumborConfFile(path)) {
    const key = readThumborConf(text).securityKey;
    return key === undefined ? [] : [{ name: 'SECURITY_KEY', ...key, owner: 'thumbor', placeholder: placeholder('SECURITY_KEY', key.value) }];
  }
  const format = configFormat(path);
  const hasName = NAME_MARKS.some((mark) => text.includes(mark));
  const raw = !hasName ? [] : format === 'dockerfile' ? readDockerfileEnv(text).filter((a) => KNOWN_NAME.test(a.name)) : lineAssignments(text, format === 'yaml');
  // Whose each variable is, worked out only when there is one (most YAML files have none).
  const ownerOf: (offset: number, name: string) => EnvOwner = raw.length === 0 ? () => 'unknown' : format === 'yaml' ? envOwnerInYaml(text, path) : format === 'dockerfile' ? dockerfileOwner(text) : envOwnerOfDotenv(text, path);
  const variables = raw.map((a) => ({ ...a, owner: assignmentOwner(a.name, a.value, ownerOf(a.start, a.name)), placeholder: placeholder(a.name, a.value) }));
  // A flag is read only where its command runs the proxy: it is that proxy's.
  const flags = findCommandFlags(text, format, path).map(({ proxy, variable, flag, ...word }) => ({ name: variable, flag, ...word, owner: proxy, placeholder: placeholder(variable, word.value) }));
  return [...variables, ...flags].sort((a, b) => a.start - b.start);
}

/** Every IMGPROXY_* assignment in a config file's text (see findProxySettings). */
export function findImgproxyEnv(text: string, path?: string): EnvAssignment[] {
  return findProxySettings(text, path).filter((a) => a.name.startsWith('IMGPROXY_'));
}

/** A Dockerfile's variables are imgproxy's when it builds on imgproxy's image, the application's otherwise. */
function dockerfileOwner(text: string): (offset: number) => EnvOwner {
  const stages = readDockerfileCommands(text);
  return (offset) => stages.filter((s) => s.at <= offset).pop()?.imageOwner ?? 'unknown';
}

/** The settings the proxies would read, as a map by variable (the last one wins; placeholders left out). */
export function proxySettingsMap(text: string, path?: string): Map<string, EnvAssignment> {
  const map = new Map<string, EnvAssignment>();
  for (const a of findProxySettings(text, path)) {
    if (a.placeholder) continue;
    const before = map.get(a.name);
    // imageproxy's -signatureKey may repeat: every key counts.
    map.set(a.name, a.name === 'IMAGEPROXY_SIGNATUREKEY' && a.flag !== undefined && before?.flag !== undefined ? { ...a, value: `${before.value} ${a.value}` } : a);
  }
  return map;
}
