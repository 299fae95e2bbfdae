// Proxies configured by command-line flags: imageproxy's `-allowHosts` and `-signatureKey`, imagor's
// `-http-loader-allowed-sources` and `-imagor-secret`, read where a command is written down (compose
// `command:`/`entrypoint:`, Kubernetes `command:`/`args:`, Dockerfile CMD/ENTRYPOINT) as Go's flag
// package reads them, each value with its offsets. A flag is read only where the evidence says the
// command runs that proxy: its program is named after it, or the image around it is the proxy's.
import { readDockerfileCommands, shellWords, type CommandWord } from './dockerfile-env.js';
import { envOwnerInYaml, proxyNamed, type ConfiguredProxy, type EnvOwner } from './env-owner.js';

export type { CommandWord } from './dockerfile-env.js';

/** The flags read, by proxy: flag name → the environment variable the proxy reads the same setting from. */
const FLAGS: Partial<Record<ConfiguredProxy, Record<string, string>>> = {
  imageproxy: { allowHosts: 'IMAGEPROXY_ALLOWHOSTS', signatureKey: 'IMAGEPROXY_SIGNATUREKEY' },
  imagor: { 'http-loader-allowed-sources': 'HTTP_LOADER_ALLOWED_SOURCES', 'imagor-secret': 'IMAGOR_SECRET', 'imagor-signer-type': 'IMAGOR_SIGNER_TYPE', 'imagor-signer-truncate': 'IMAGOR_SIGNER_TRUNCATE' },
};

/** Boolean flags take no separate value (`-verbose -allowHosts x`): Go's flag package knows them by type. */
const BOOLEAN_FLAGS: Partial<Record<ConfiguredProxy, ReadonlySet<string>>> = {
  imageproxy: new Set(['includeReferer', 'followRedirects', 'scaleUp', 'verbose', 'version', 'forceCache']),
  imagor: new Set(['debug', 'version', 'imagor-unsafe', 'server-cors', 'server-access-log', 'server-strip-query-string', 'imagor-auto-webp', 'imagor-auto-avif', 'imagor-auto-jpeg', 'imagor-disable-error-body', 'imagor-disable-params-endpoint', 'http-loader-insecure-skip-verify-transport', 'http-loader-forward-client-headers', 'http-loader-forward-all-headers', 'http-loader-block-loopback-networks', 'http-loader-block-private-networks', 'http-loader-block-link-local-networks', 'http-loader-https-only', 'http-loader-disable', 'vips-strip-metadata', 'vips-disable-blur', 'vips-disable-filters']),
};

/** Words any of the flags contain: a text without one has no flag to read. */
const MARKS = ['allowHosts', 'signatureKey', 'http-loader-allowed-sources', 'imagor-secret', 'imagor-signer-'];

export interface FlagValue extends CommandWord {
  proxy: ConfiguredProxy;
  /** The flag as written, with its dashes (`-allowHosts`). */
  flag: string;
  /** The environment variable the proxy reads the same setting from (`IMAGEPROXY_ALLOWHOSTS`). */
  variable: string;
}

/**
 * The flags of one command line (its words in order), as Go's flag package reads them: `-name=value`,
 * `--name=value`, `-name value`; parsing stops at the first word that is not a flag. `program` is the
 * proxy that runs when the first word is already a flag (the image's entrypoint), if known.
 */
export function flagsOfCommand(words: readonly CommandWord[], program: ConfiguredProxy | undefined): FlagValue[] {
  let proxy = program;
  let i = 0;
  if (words.length > 0 && !words[0].value.startsWith('-')) {
    proxy = proxyNamed(words[0].value);
    i = 1;
  }
  const wanted = proxy === undefined ? undefined : FLAGS[proxy];
  if (proxy === undefined || wanted === undefined) return [];
  const found: FlagValue[] = [];
  for (; i < words.length; i++) {
    const word = words[i];
    const m = /^(--?)([^-=][^=]*)(=?)/.exec(word.value);
    if (!m) break; // not a flag, or `--`: the rest are arguments
    const [, dashes, name, equals] = m;
    let value: CommandWord | undefined;
    if (equals) {
      const at = dashes.length + name.length + 1;
      value = { value: word.value.slice(at), start: word.verbatim ? word.start + at : word.start, end: word.end, verbatim: word.verbatim };
    } else if (!BOOLEAN_FLAGS[proxy]?.has(name)) {
      value = words[++i];
    }
    const variable = wanted[name];
    if (variable !== undefined && value !== undefined) found.push({ ...value, proxy, flag: `${dashes}${name}`, variable });
  }
  return found;
}

/** Every proxy flag in a config file's text; `format` as imgproxy-env.ts decides it from the path. */
export function findCommandFlags(text: string, format: 'dotenv' | 'dockerfile' | 'yaml', path?: string): FlagValue[] {
  if (format === 'dotenv' || !MARKS.some((mark) => text.includes(mark))) return [];
  return format === 'dockerfile' ? dockerfileFlags(text) : yamlFlags(text, path);
}

/** A stage runs the proxy its image is, or the one its ENTRYPOINT names; CMD words that are flags go to that program. */
function dockerfileFlags(text: string): FlagValue[] {
  const found: FlagValue[] = [];
  for (const stage of readDockerfileCommands(text)) {
    const entrypoint = stage.commands.find((c) => c.instruction === 'ENTRYPOINT' && c.words.length > 0);
    const program = entrypoint === undefined ? asProxy(stage.imageOwner) : proxyNamed(entrypoint.words[0].value);
    for (const command of stage.commands) found.push(...flagsOfCommand(command.words, program));
  }
  return found;
}

function asProxy(owner: EnvOwner): ConfiguredProxy | undefined {
  return owner === 'app' || owner === 'unknown' ? undefined : owner;
}

const COMMAND_KEY = /^([ \t]*)(?:-[ \t]+)?(command|entrypoint|args):[ \t]*(.*)$/gm;

/** compose `command:`/`entrypoint:` and Kubernetes `command:`/`args:`, in any of YAML's forms. */
function yamlFlags(text: string, path: string | undefined): FlagValue[] {
  const ownerAt = envOwnerInYaml(text, path);
  const found: FlagValue[] = [];
  for (const m of text.matchAll(COMMAND_KEY)) {
    const valueAt = m.index! + m[0].length - m[3].length;
    const words = yamlCommandWords(text, m[3], valueAt, m[1].length, m.index! + m[0].length);
    found.push(...flagsOfCommand(words, asProxy(ownerAt(m.index!))));
  }
  return found;
}

/** The words of a YAML command value: a flow sequence, a block sequence below the key, or a string split as a shell would. */
function yamlCommandWords(text: string, raw: string, at: number, keyIndent: number, lineEnd: number): CommandWord[] {
  const value = raw.replace(/[ \t\r]+(#.*)?$/, '');
  if (value.startsWith('[')) return flowItems(value, at);
  if (value !== '') {
    const quoted = /^(["'])(.*)\1$/.exec(value);
    // A quoted scalar holding the whole command line (`command: "-allowHosts a.com"`).
    return quoted && !quoted[2].includes('\\') && !quoted[2].includes(quoted[1]) ? shellWords(quoted[2], at + 1) : shellWords(value, at);
  }
  const words: CommandWord[] = [];
  const item = /^([ \t]*)-[ \t]+(.*)$/y;
  for (let start = lineEnd + 1; start < text.length;) {
    const end = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
    const line = text.slice(start, end).replace(/\r$/, '');
    item.lastIndex = 0;
    const m = item.exec(line);
    if (!m || m[1].length < keyIndent) break;
    words.push(scalar(m[2], start + m[0].length - m[2].length));
    start = end + 1;
  }
  return words;
}

/** One YAML scalar item: its quotes removed (verbatim when nothing inside them is escaped). */
function scalar(raw: string, at: number): CommandWord {
  const value = raw.replace(/[ \t\r]+(#.*)?$/, '');
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
    const inner = value.slice(1, -1);
    const escaped = q === '"' ? inner.includes('\\') : inner.includes("''");
    return { value: q === '"' ? inner.replace(/\\(.)/g, '$1') : inner.replaceAll("''", "'"), start: at + 1, end: at + value.length - 1, verbatim: !escaped };
  }
  return { value, start: at, end: at + value.length, verbatim: true };
}

/** The items of a one-line flow sequence (`["-addr", "0.0.0.0:8080", -verbose]`, as JSON or YAML). */
function flowItems(value: string, at: number): CommandWord[] {
  const close = value.lastIndexOf(']');
  const inner = value.slice(1, close === -1 ? value.length : close);
  const words: CommandWord[] = [];
  for (const m of inner.matchAll(/[ \t]*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]*)[ \t]*(,|$)/g)) {
    if (m[1] === '' && m[2] === '') break;
    words.push(scalar(m[1], at + 1 + m.index! + m[0].indexOf(m[1])));
  }
  return words.filter((w) => w.value !== '' || w.start !== w.end);
}
