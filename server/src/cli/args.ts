// Command-line arguments: parsed with node:util, validated into CliOptions, every mistake a UsageError
// that says what was wrong and what to write instead.
import { parseArgs } from 'node:util';
import { isRuleId, SEVERITY_SETTINGS, type SeveritySetting } from '../core/index.js';

export type Format = 'stylish' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  format: Format;
  fix: boolean;
  config?: string;
  maxWarnings: number;
  quiet: boolean;
  exitZero: boolean;
  failOn: SeveritySetting;
  rules: Record<string, SeveritySetting>;
  exclude: string[];
  checkAllUrls?: boolean;
  maxFileSize?: number;
  probe: boolean;
  probeTimeout?: number;
  probeAllowPrivate: boolean;
  probeIncludeHttp: boolean;
  probeConnectTo: string[];
  /** --cache: reuse the results of unchanged files; the cache file (or folder) from --cache-location. */
  cache: boolean;
  cacheLocation?: string;
  /** --shard i/n: only the files whose relative path hashes to shard `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  /** --concurrency: the scan's worker threads (0: none, in process; 'auto': the cores, at most 4). */
  concurrency: number | 'auto';
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: imgproxy-url-lint [options] [paths...]
       imgproxy-url-lint logs [options] [FILE...|-]   (explain a proxy's failed requests; logs --help)

Finds imgproxy URLs in files and folders (default: the current folder), decodes their source URLs as
imgproxy does, and reports uppercase and other non-canonical or unsafe source hosts.

Options:
  --format stylish|json|sarif   Output format (default: stylish)
  --fix                         Rewrite fixable URLs in place (atomically; encoding and signature kept valid)
  --config FILE                 Use this config file instead of finding .imgproxy-url-lint.json upward
  --rule ID=SEVERITY            Override a rule: off, hint, info, warning or error (repeatable)
  --fail-on SEVERITY            Lowest severity that fails the run with exit code 1 (default: warning)
  --max-warnings N              Fail only when there are more than N warnings (default: -1, no limit)
  --quiet                       Report errors only
  --exit-zero                   Exit 0 even when there are findings (errors in use or config still exit 2)
  --exclude GLOB                Skip paths matching GLOB, relative to each folder given (repeatable)
  --check-all-urls              Also judge the host of every http(s) URL, not only imgproxy sources
  --max-file-size BYTES         Skip larger files (default: 33554432, 32 MB)
  --probe                       Live TLS probe of each https source host (network; opt-in)
  --probe-timeout MS            Deadline per handshake (default: 8000)
  --probe-allow-private         Let the probe connect to loopback, private and link-local addresses
  --probe-include-http          Also probe the hosts of http:// sources (on port 443)
  --probe-connect-to H:P:A:P    Connect to address A:P for host H:P, as curl --connect-to (repeatable)
  --cache                       Skip files unchanged since the last run with --cache (not with --fix/--probe)
  --cache-location PATH         The cache file, or a folder for it (default: node_modules/.cache/imgproxy-url-lint/,
                                or .imgproxy-url-lint-cache where there is no node_modules)
  --shard I/N                   Scan only shard I of N (files split by a hash of their relative path), for CI
  --concurrency N|auto|off      Worker threads of the scan: N, auto (default: one per core, at most 4; none
                                when a warm --cache says the tree is small) or off (none: scanned in process;
                                on two cores the faster choice below ~10,000 files)
  -h, --help                    Show this help
  -v, --version                 Show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage, config or runtime error.`;

function severity(value: string, flag: string): SeveritySetting {
  if (!(SEVERITY_SETTINGS as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} ${value}: the severity must be one of ${SEVERITY_SETTINGS.join(', ')}`);
  }
  return value as SeveritySetting;
}

function positiveInteger(value: string | undefined, flag: string, allowMinusOne = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || (n < 0 && !(allowMinusOne && n === -1))) throw new UsageError(`${flag} ${value}: expected a whole number`);
  return n;
}

function shard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(count >= 1 && index >= 1 && index <= count)) throw new UsageError(`--shard ${value}: expected I/N with 1 <= I <= N, e.g. --shard 2/4`);
  return { index, count };
}

function concurrency(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency ${value}: expected a number of worker threads (1 or more), auto or off`);
  return n;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        fix: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        rule: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'exit-zero': { type: 'boolean' },
        exclude: { type: 'string', multiple: true },
        'check-all-urls': { type: 'boolean' },
        'max-file-size': { type: 'string' },
        probe: { type: 'boolean' },
        'probe-timeout': { type: 'string' },
        'probe-allow-private': { type: 'boolean' },
        'probe-include-http': { type: 'boolean' },
        'probe-connect-to': { type: 'string', multiple: true },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        shard: { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\.?\s*To specify.*$/s, '')}; run with --help for the options`);
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format ${format}: expected stylish, json or sarif`);
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const entry of values.rule ?? []) {
    const eq = entry.indexOf('=');
    if (eq === -1) throw new UsageError(`--rule ${entry}: expected ID=SEVERITY, e.g. --rule host-uppercase=error`);
    const id = entry.slice(0, eq);
    if (!isRuleId(id)) throw new UsageError(`--rule ${entry}: unknown rule id "${id}"; the README lists the rules`);
    rules[id] = severity(entry.slice(eq + 1), `--rule ${id}=`);
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    format,
    fix: values.fix ?? false,
    config: values.config,
    maxWarnings: positiveInteger(values['max-warnings'], '--max-warnings', true) ?? -1,
    quiet: values.quiet ?? false,
    exitZero: values['exit-zero'] ?? false,
    failOn: values['fail-on'] ? severity(values['fail-on'], '--fail-on') : 'warning',
    rules,
    exclude: values.exclude ?? [],
    checkAllUrls: values['check-all-urls'],
    maxFileSize: positiveInteger(values['max-file-size'], '--max-file-size'),
    probe: values.probe ?? false,
    probeTimeout: positiveInteger(values['probe-timeout'], '--probe-timeout'),
    probeAllowPrivate: values['probe-allow-private'] ?? false,
    probeIncludeHttp: values['probe-include-http'] ?? false,
    probeConnectTo: values['probe-connect-to'] ?? [],
    cache: values.cache ?? false,
    cacheLocation: values['cache-location'],
    shard: shard(values.shard),
    concurrency: concurrency(values.concurrency),
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
