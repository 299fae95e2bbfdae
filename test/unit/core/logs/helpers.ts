import { readLogText, type FailureGroup, type LogReport } from '../../../../server/src/core/logs/index.js';
import type { LintOptions } from '../../../../server/src/core/index.js';
import { options } from '../helpers.js';

export function read(text: string, lint: LintOptions = options(), showUrls = false): LogReport {
  return readLogText(text, { lint, showUrls });
}

/** The one failure group a text gives; throws when there is not exactly one. */
export function only(text: string, lint?: LintOptions): FailureGroup {
  const { groups } = read(text, lint);
  if (groups.length !== 1) throw new Error(`expected one group, got ${groups.length}: ${JSON.stringify(groups.map((g) => [g.cause, g.host]))}`);
  return groups[0];
}

/** #1325's source, and its request path (the base64 form with `=` padding and `.jpg`). */
export const EBTEKAR = 'https://Ebtekarstore.ir/host/Ebtekaar/2024/8/9944053727288.jpg';
export const EBTEKAR_PATH = '/preset:default/mb:1048576/rs:fit:4096:4096/aHR0cHM6Ly9FYnRla2Fyc3RvcmUuaXIvaG9zdC9FYnRla2Fhci8yMDI0LzgvOTk0NDA1MzcyNzI4OC5qcGc=.jpg';
