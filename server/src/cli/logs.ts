// `imgproxy-url-lint logs [FILE...|-]`: reads proxy logs (files or stdin, streamed), names each failed
// request's cause, and finds the code that builds each failing source under --code (default: the cwd).
import { parseArgs } from 'node:util';
import type { Readable } from 'node:stream';
import { ConfigError } from '../core/index.js';
import { LogReader, presentReport } from '../core/logs/index.js';
import { loadProjectContext, locateSources, LogFileError, readLogFiles } from '../workspace/index.js';
import { formatLogsJson, formatLogsStylish } from './format/logs.js';
import { printable } from './format/stylish.js';
import { displayPath } from './report.js';

export const LOGS_USAGE = `Usage: imgproxy-url-lint logs [options] [FILE...|-]

Reads imgproxy (v3, v4), thumbor, imagor and willnorris/imageproxy logs (files, or stdin when none is
given or for "-"; Docker json-file, kubectl, journald and CRI prefixes and ANSI colours are taken off),
names the cause of each failed request, judges each failing source with the linter's rules, and finds
the code that builds it.

Options:
  --code PATH           Where to look for the code that builds the failing URLs (repeatable; default: .)
  --format stylish|json Output format (default: stylish)
  --show-urls           Show query strings, userinfo and signature segments (hidden by default)
  --config FILE         Use this config file (imgproxy path prefix, base URL, signing) instead of finding one
  --exclude GLOB        Skip code paths matching GLOB (repeatable)
  --no-locate           Do not search the code
  -h, --help            Show this help

Exit codes: 0 no failure with a cause it can name, 1 such failures, 2 usage or runtime error.`;

interface Io { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; stdin: Readable; cwd: string; env: NodeJS.ProcessEnv }

export async function mainLogs(argv: string[], io: Io): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        code: { type: 'string', multiple: true },
        format: { type: 'string', short: 'f' },
        'show-urls': { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        exclude: { type: 'string', multiple: true },
        'no-locate': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (values.format !== undefined && values.format !== 'stylish' && values.format !== 'json') throw new Error(`--format ${values.format}: expected stylish or json`);
  } catch (error) {
    io.stderr.write(`imgproxy-url-lint logs: ${(error as Error).message.replace(/\. To specify.*$/s, '')}; run with --help for the options\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(LOGS_USAGE + '\n');
    return 0;
  }
  const showUrls = values['show-urls'] ?? false;
  if (positionals.length === 0 && (io.stdin as { isTTY?: boolean }).isTTY) {
    io.stderr.write('imgproxy-url-lint logs: no log given: name log files, or pipe a log in (kubectl logs deploy/imgproxy | imgproxy-url-lint logs)\n');
    return 2;
  }
  try {
    const context = await loadProjectContext(io.cwd, { configFile: values.config, env: io.env });
    const reader = new LogReader({ lint: context.options, showUrls });
    await readLogFiles(positionals.length > 0 ? positionals : ['-'], reader, io.stdin);
    const report = reader.finish();
    const codePaths = values.code ?? [io.cwd];
    const filesSearched = values['no-locate'] ? 0 : await locateSources(report, codePaths, {
      configFile: values.config, env: io.env, exclude: values.exclude ?? [], display: (path) => displayPath(path, io.cwd),
    });
    const shown = presentReport(report, showUrls);
    const color = values.format !== 'json' && Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
    io.stdout.write(values.format === 'json' ? formatLogsJson(shown, filesSearched) : formatLogsStylish(shown, filesSearched, color));
    return shown.namedFailures > 0 ? 1 : 0;
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof LogFileError;
    io.stderr.write(`imgproxy-url-lint logs: ${known ? printable((error as Error).message) : (error as Error).stack ?? String(error)}\n`);
    if (!known) io.stderr.write('This is a bug in imgproxy-url-lint; please report it with the command that caused it.\n');
    return 2;
  }
}
