// Shapes of the log reader: one line's reading, one failed request, and the report gathered from a log.
import type { Range } from '../types.js';

export type Proxy = 'imgproxy' | 'thumbor' | 'imagor' | 'imageproxy';

/** What one log line says, once its format is known. */
export interface LogRecord {
  proxy: Proxy;
  /** The format as detected on this line, e.g. `imgproxy v4 structured`, `thumbor`, `imagor json`. */
  format: string;
  /**
   * `failure`: a failed request (imgproxy Completed ≥ 400, an access line ≥ 400, an imageproxy error line);
   * `detail`: a line that explains a failure logged on another line (thumbor's `thumbor:` lines, imagor's
   * debug `load` lines), paired heuristically; `other`: a line of a known format that is not a failure.
   */
  kind: 'failure' | 'detail' | 'other';
  time?: string;
  /** The proxy's request path as logged (RequestURI, imagor `uri`, thumbor's access path). */
  path?: string;
  status?: number;
  error?: string;
  requestId?: string;
  /** A source URL the line names outside its error text (imagor `params.image`). */
  source?: string;
  /** What pairs a detail line with its access line: a source URL or a path suffix. */
  pairKey?: string;
}

/** Why a request failed, as far as the log tells. */
export type CauseId =
  | 'tls-handshake'
  | 'tls-unrecognized-name'
  | 'dns'
  | 'timeout'
  | 'source-status'
  | 'signature'
  | 'forbidden'
  | 'unknown-option'
  | 'source-not-allowed'
  | 'scheme'
  | 'unknown';

export interface Cause {
  id: CauseId;
  /** For source-status: the status the source answered. For unknown-option: the option's name. */
  detail?: string;
}

/** A rule of the engine that the failing source (or the request path) breaks. */
export interface RuleVerdict {
  rule: string;
  severity: string;
  message: string;
}

export type MatchKind = 'exact' | 'pattern' | 'host';

/** A place in the code whose URL (or builder call) decodes to the failing source, or to one like it. */
export interface CodeLocation {
  file: string;
  range: Range;
  match: MatchKind;
  /** The URL as written in the code (redacted unless --show-urls). */
  url: string;
}

/** One failing source within a group, with the places in the code that build it. */
export interface FailingSource {
  source: string;
  count: number;
  /** Request paths seen for it (the first few; redacted unless --show-urls). */
  paths: string[];
  locations: CodeLocation[];
}

/** Every failure of one cause on one source host. */
export interface FailureGroup {
  cause: Cause;
  /** The source host as written ('' when no source could be read from the line). */
  host: string;
  count: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Input line numbers (1-based) of the first and last failure, for logs without times. */
  firstLine: number;
  lastLine: number;
  statuses: Record<string, number>;
  proxies: Proxy[];
  formats: string[];
  requestIds: string[];
  /** The first error text seen (redacted unless --show-urls). */
  error?: string;
  /** What the cause means and what to do. */
  explanation: string;
  /** The engine's rules the failing sources (or paths) break. */
  verdicts: RuleVerdict[];
  sources: FailingSource[];
  /** Sources beyond the per-group cap (counted, not listed). */
  moreSources: number;
}

/** A limit of a proxy's logs that applied to this input. */
export interface LogLimit {
  id: 'imagor-access-log' | 'imagor-debug' | 'thumbor-pairing' | 'imageproxy-thin' | 'encrypted-path' | 'group-cap';
  message: string;
}

export interface LogStats {
  lines: number;
  /** Lines of each detected format (only lines that could be failures are parsed: successes are not counted). */
  formats: Record<string, number>;
  /** Stack-trace and traceback continuation lines. */
  continuations: number;
  /** Lines that looked like a failure (a level, an error key) and matched no known format. */
  unrecognized: number;
  /** Lines longer than the reader's cap, skipped. */
  tooLong: number;
  failures: number;
}

export interface LogReport {
  stats: LogStats;
  groups: FailureGroup[];
  limits: LogLimit[];
}
