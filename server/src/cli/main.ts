// The command-line adapter: `imgproxy-url-lint [options] [paths...]`. Same engine, same findings as the editor.
import { pathToFileURL } from 'node:url';
import { ConfigError, severityRank } from '../core/index.js';
import { parseConnectTo } from '../probe/index.js';
import { parseCliArgs, UsageError, USAGE, type CliOptions } from './args.js';
import { formatJson } from './format/json.js';
import { formatSarif } from './format/sarif.js';
import { FindingSpool } from './spool.js';
import { formatStylish, printable, STYLISH_SEPARATOR } from './format/stylish.js';
import { runLint } from './run.js';
import { mainLogs } from './logs.js';
import { emptyReport, type RunReport } from './report.js';
import { version } from '../../../package.json';

/** 0 nothing at or above --fail-on (within --max-warnings), 1 findings, 2 usage, config or runtime error. */
export function exitCode(report: RunReport, cli: CliOptions, spool?: FindingSpool): number {
  if (report.errors.length > 0) return 2;
  if (cli.exitZero) return 0;
  const failing = report.findings.filter((f) => severityRank(f.severity) >= severityRank(cli.failOn));
  const spooled = spool?.failing(cli.failOn) ?? { errors: 0, others: 0 };
  const errors = failing.filter((f) => f.severity === 'error').length + spooled.errors;
  if (errors > 0) return 1;
  const others = failing.length - failing.filter((f) => f.severity === 'error').length + spooled.others;
  return cli.maxWarnings >= 0 ? (others > cli.maxWarnings ? 1 : 0) : others > 0 ? 1 : 0;
}

/** `slot`: the list written in place of the findings (the spool's), default the report's own. */
function render(report: RunReport, cli: CliOptions, cwd: string, color: boolean, slot?: unknown[]): string {
  switch (cli.format) {
    case 'json': return formatJson(report, slot);
    case 'sarif': return formatSarif(report, pathToFileURL(cwd).href.replace(/\/?$/, '/'), slot);
    default: return formatStylish(report, color);
  }
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }): Promise<number> {
  if (argv[0] === 'logs') return mainLogs(argv.slice(1), { ...io, stdin: process.stdin });
  let cli: CliOptions;
  try {
    cli = parseCliArgs(argv);
    for (const rule of cli.probeConnectTo) parseConnectTo(rule);
  } catch (error) {
    io.stderr.write(`imgproxy-url-lint: ${(error as Error).message}\n`);
    return 2;
  }
  if (cli.help) {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  if (cli.version) {
    io.stdout.write(version + '\n');
    return 0;
  }
  const color = cli.format === 'stylish' && Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env.NO_COLOR;
  // A scan's findings wait on disk as the text they will be written as, not in memory (a scan of a large
  // tree can have many).
  const spool = new FindingSpool(cli.format === 'stylish' ? STYLISH_SEPARATOR : FindingSpool.listSeparator(render(emptyReport(), cli, io.cwd, false, [FindingSpool.SLOT])));
  try {
    const report = await runLint(cli, io.cwd, io.env, spool, color);
    const write = (chunk: string | Uint8Array) => io.stdout.write(chunk);
    if (spool.count === 0) io.stdout.write(render(report, cli, io.cwd, color));
    else if (cli.format === 'stylish') spool.pipe('', formatStylish(report, color, spool.counts), write);
    else {
      const { head, tail } = FindingSpool.aroundSlot(render(report, cli, io.cwd, color, [FindingSpool.SLOT]), spool.separator);
      spool.pipe(head, tail, write);
    }
    for (const note of report.notes) io.stderr.write(`imgproxy-url-lint: ${printable(note)}\n`);
    for (const error of report.errors) io.stderr.write(`imgproxy-url-lint: ${printable(error)}\n`);
    return exitCode(report, cli, spool);
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof UsageError;
    io.stderr.write(`imgproxy-url-lint: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}\n`);
    if (!known) io.stderr.write('This is a bug in imgproxy-url-lint; please report it with the command that caused it.\n');
    return 2;
  } finally {
    spool.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
