// What wraps a proxy's own line on its way to a file: Docker's json-file driver, the CRI runtime's
// prefix, `kubectl logs --timestamps` / `--prefix`, journald's short format, and the ANSI colours of the
// pretty formats. Taken off here so that every format reader sees the line as the proxy wrote it.

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** `[pod/name/container] ` (kubectl --prefix). */
const KUBECTL_PREFIX = /^\[[^\]\s]{1,256}\] /;
/** `2026-08-20T12:00:00.123456789Z ` (kubectl --timestamps), then CRI's `stdout F ` when read from /var/log/pods. */
const RFC3339_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (?:(?:stdout|stderr) [FP] )?/;
/** `Aug 20 12:00:00 host unit[123]: ` (journalctl's short format) or `2026-08-20T12:00:00+0000 host unit[1]: ` (short-iso). */
const JOURNALD_PREFIX = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?[+-]\d{4}) \S{1,255} [^\s:[]{1,255}(?:\[\d+\])?: /;

export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(ANSI, '') : line;
}

/** The line with its transport prefixes taken off (any order kubectl and CRI combine them in). */
export function stripPrefixes(line: string): string {
  for (let i = 0; i < 3; i++) {
    const match = KUBECTL_PREFIX.exec(line) ?? RFC3339_PREFIX.exec(line) ?? JOURNALD_PREFIX.exec(line);
    if (!match) break;
    line = line.slice(match[0].length);
  }
  return line;
}

/** The `log` of a Docker json-file line (`{"log":"…\n","stream":"stdout","time":"…"}`), undefined for other JSON. */
export function dockerLog(json: Record<string, unknown>): string | undefined {
  const log = json.log;
  return typeof log === 'string' && (typeof json.stream === 'string' || typeof json.time === 'string') ? log.replace(/\r?\n$/, '') : undefined;
}

/** JSON.parse of an object line, or undefined (never throws: log lines are untrusted). */
export function parseJsonObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
