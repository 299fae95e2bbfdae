// Reads a log line by line (the caller streams it in) and gathers its failed requests into groups by
// cause and source host. Memory stays bounded whatever the log's size: groups, sources per group and
// pending thumbor/imagor detail lines are capped, and nothing of a line is kept beyond its group's entry.
import { parseSourceUrl } from '../url.js';
import type { LintOptions } from '../types.js';
import { classify, explainCause, sourceFromError } from './causes.js';
import { readImageproxyJson, readImageproxyText } from './formats/imageproxy.js';
import { readImagorJson, readImagorText } from './formats/imagor.js';
import { readImgproxyJson, readImgproxyText } from './formats/imgproxy.js';
import { readThumborText } from './formats/thumbor.js';
import { judgeSource, mergeVerdicts } from './judge.js';
import { dockerLog, parseJsonObject, stripAnsi, stripPrefixes } from './normalize.js';
import type { LineSink } from './lines.js';
import { lineMayFail } from './marks.js';
import { DetailPairer } from './pairing.js';
import { PATH_READERS, type PathReading } from './paths.js';
import { redactPath, redactText } from './redact.js';
import type { Cause, FailureGroup, LogLimit, LogRecord, LogReport, LogStats, RuleVerdict } from './types.js';

export interface LogReaderOptions {
  /** How the proxy is configured (path prefix, base URL, …) and which rules judge the sources. */
  lint: LintOptions;
  /** Keep query strings, userinfo and signatures in paths and error texts (--show-urls). */
  showUrls?: boolean;
}

/** Lines longer than this are skipped (counted): no proxy writes one, and they would cost the regexes. */
export const MAX_LINE_LENGTH = 1024 * 1024;
const MAX_GROUPS = 1000;
const MAX_SOURCES = 20;
const MAX_PATHS = 3;
const MAX_REQUEST_IDS = 5;
const MAX_VERDICTS = 10;
const CACHE_SIZE = 2048;

/** Go stack frames (after pretty ERROR lines), Python tracebacks. */
const CONTINUATION = /^(?:\s|\/|Traceback \(|goroutine |File "|[\w.]+(?:Error|Exception)\b)/;

interface Interpretation {
  reading: PathReading | undefined;
  source: string | undefined;
  cause: Cause;
  host: string;
  verdicts: RuleVerdict[];
}

/** A small map that forgets everything when full: the readings it keeps repeat, and bound memory. */
class BoundedCache<V> {
  private map = new Map<string, V>();
  get(key: string, make: () => V): V {
    let value = this.map.get(key);
    if (value === undefined && !this.map.has(key)) {
      if (this.map.size >= CACHE_SIZE) this.map.clear();
      value = make();
      this.map.set(key, value);
    }
    return value as V;
  }
}

export class LogReader implements LineSink {
  readonly stats: LogStats = { lines: 0, formats: {}, continuations: 0, unrecognized: 0, tooLong: 0, failures: 0 };
  private readonly groups = new Map<string, FailureGroup>();
  private readonly pairer = new DetailPairer();
  private readonly paths = new BoundedCache<PathReading | undefined>();
  private readonly judged = new BoundedCache<RuleVerdict[]>();
  private readonly interpretations = new BoundedCache<Interpretation>();
  /** The verdict lists already merged into each group (interpretations share them). */
  private readonly merged = new Map<FailureGroup, Set<RuleVerdict[]>>();
  private readonly shownPaths = new BoundedCache<string>();
  private readonly seen = { imagorAccess: 0, imagorDetail: 0, thumbor: 0, imageproxy: 0, encrypted: 0, droppedGroups: 0 };

  constructor(private readonly options: LogReaderOptions) {}

  /** A line over MAX_LINE_LENGTH characters, dropped unread (LineSplitter calls this). */
  tooLong(_length: number): void {
    this.stats.lines++;
    this.stats.tooLong++;
  }

  skip(count: number): void {
    this.stats.lines += count;
  }

  /** One line, without its line break. */
  line(line: string): void {
    if (line.length > MAX_LINE_LENGTH) return this.tooLong(line.length);
    if (!lineMayFail(line)) return this.skip(1);
    this.candidate(line);
  }

  /** A line already found to carry a failure mark (ByteLineSplitter checks the bytes). */
  candidate(line: string): void {
    const number = ++this.stats.lines;
    const record = this.read(line);
    if (!record) {
      if (CONTINUATION.test(line) || CONTINUATION.test(this.unwrap(line).text)) this.stats.continuations++;
      else this.stats.unrecognized++;
      return;
    }
    this.stats.formats[record.format] = (this.stats.formats[record.format] ?? 0) + 1;
    this.count(record);
    if (record.kind === 'detail') {
      for (const expired of this.pairer.add(record, number)) this.fail(expired.record, undefined, expired.line);
    } else if (record.kind === 'failure') {
      const detail = record.proxy === 'thumbor' || record.proxy === 'imagor' ? this.pairer.take(record) : undefined;
      this.fail(record, detail, number);
      for (const expired of this.pairer.expire(number)) this.fail(expired.record, undefined, expired.line);
    }
  }

  /** Everything gathered; unpaired detail lines become failures of their own. */
  finish(): LogReport {
    for (const pending of this.pairer.drain()) this.fail(pending.record, undefined, pending.line);
    const groups = [...this.groups.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    return { stats: this.stats, groups, limits: this.limits() };
  }

  /**
   * The line as the proxy wrote it: transport prefixes, the Docker json-file wrapper and ANSI colours
   * taken off; `json` is set when that line is itself a JSON object.
   */
  private unwrap(raw: string): { text: string; json?: Record<string, unknown> } {
    let text = stripPrefixes(raw);
    if (text.startsWith('{')) {
      const json = parseJsonObject(text);
      const inner = json && dockerLog(json);
      if (inner === undefined) return { text, json };
      text = stripPrefixes(stripAnsi(inner));
      if (text.startsWith('{')) return { text, json: parseJsonObject(text) };
    }
    return { text: stripAnsi(text) };
  }

  /** The line's record in whichever format it is written; undefined when none fits. */
  private read(raw: string): LogRecord | undefined {
    const { text, json } = this.unwrap(raw);
    if (json) return readImgproxyJson(json) ?? readImagorJson(json) ?? readImageproxyJson(json);
    return readImgproxyText(text) ?? readImagorText(text) ?? readThumborText(text) ?? readImageproxyText(text);
  }

  private count(record: LogRecord): void {
    if (record.proxy === 'imagor') {
      if (record.path !== undefined) this.seen.imagorAccess++;
      if (record.kind === 'detail') this.seen.imagorDetail++;
    } else if (record.proxy === 'thumbor') this.seen.thumbor++;
    else if (record.proxy === 'imageproxy') this.seen.imageproxy++;
  }

  private fail(record: LogRecord, detail: LogRecord | undefined, line: number): void {
    this.stats.failures++;
    const { showUrls } = this.options;
    const error = record.error ?? detail?.error;
    const status = record.status;
    const { reading, source, cause, host, verdicts } = this.interpretations.get(`${record.proxy}\0${record.path}\0${status}\0${error}\0${detail?.source}\0${record.source}`, () => this.interpret(record, detail, error));
    if (reading?.encrypted) this.seen.encrypted++;
    const key = `${cause.id}\0${cause.detail ?? ''}\0${host}`;
    let group = this.groups.get(key);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) {
        this.seen.droppedGroups++;
        return;
      }
      group = {
        cause, host, count: 0, firstLine: line, lastLine: line, statuses: {}, proxies: [], formats: [], requestIds: [],
        explanation: explainCause(cause.id, record.proxy), verdicts: [], sources: [], moreSources: 0,
      };
      if (error !== undefined) group.error = showUrls ? error : redactText(error);
      this.groups.set(key, group);
    }
    group.count++;
    group.lastLine = line;
    const time = record.time ?? detail?.time;
    if (time !== undefined) {
      group.firstSeen ??= time;
      group.lastSeen = time;
    }
    if (status !== undefined) group.statuses[status] = (group.statuses[status] ?? 0) + 1;
    if (!group.proxies.includes(record.proxy)) group.proxies.push(record.proxy);
    for (const format of [record.format, detail?.format]) if (format && !group.formats.includes(format)) group.formats.push(format);
    if (record.requestId && group.requestIds.length < MAX_REQUEST_IDS && !group.requestIds.includes(record.requestId)) group.requestIds.push(record.requestId);
    if (verdicts.length > 0 && !this.merged.get(group)?.has(verdicts)) {
      group.verdicts = mergeVerdicts(group.verdicts, verdicts).slice(0, MAX_VERDICTS);
      const merged = this.merged.get(group) ?? new Set();
      if (merged.size < CACHE_SIZE) merged.add(verdicts);
      this.merged.set(group, merged);
    }
    this.addSource(group, source ?? '', record, reading);
  }

  /** What a failure means, whatever line it was on: failures repeat, and this is the costly part. */
  private interpret(record: LogRecord, detail: LogRecord | undefined, error: string | undefined): Interpretation {
    const { lint } = this.options;
    const reader = record.path === undefined ? undefined : PATH_READERS[record.proxy];
    const reading = reader && this.paths.get(`${record.proxy}\0${record.path}`, () => reader(record.path!, lint));
    const named = error === undefined ? undefined : sourceFromError(error);
    const candidates = [named, detail?.source, record.source, reading?.source];
    const source = candidates.find((s) => s !== undefined && parseSourceUrl(s)?.hasAuthority);
    const cause = classify(record.proxy, error, record.status);
    const host = source === undefined ? '' : parseSourceUrl(source)!.host;
    const verdicts = mergeVerdicts(reading?.verdicts ?? [], source === undefined ? [] : this.judged.get(`${record.proxy}\0${source}`, () => judgeSource(source, lint, record.proxy)));
    return { reading, source, cause, host, verdicts };
  }

  private addSource(group: FailureGroup, source: string, record: LogRecord, reading: PathReading | undefined): void {
    let entry = group.sources.find((s) => s.source === source);
    if (!entry) {
      if (group.sources.length >= MAX_SOURCES) {
        group.moreSources++;
        return;
      }
      entry = { source, count: 0, paths: [], locations: [] };
      group.sources.push(entry);
    }
    entry.count++;
    const path = record.path;
    if (path !== undefined && entry.paths.length < MAX_PATHS) {
      const shown = this.options.showUrls ? path : this.shownPaths.get(`${path}\0${source}`, () => redactPath(path, reading?.signature, /[?@]/.test(source), reading !== undefined));
      if (!entry.paths.includes(shown)) entry.paths.push(shown);
    }
  }

  private limits(): LogLimit[] {
    const limits: LogLimit[] = [];
    const { imagorAccess, imagorDetail, thumbor, imageproxy, encrypted, droppedGroups } = this.seen;
    if (imagorDetail > 0 && imagorAccess === 0) {
      limits.push({ id: 'imagor-access-log', message: 'imagor: these lines have debug details but no access lines. imagor logs requests (status, path) only with SERVER_ACCESS_LOG=1; without it, failures are only in the HTTP responses.' });
    }
    if (imagorAccess > 0 && imagorDetail === 0) {
      limits.push({ id: 'imagor-debug', message: 'imagor: access lines only. imagor writes why a request failed only in debug mode (DEBUG=1); without it the class is guessed from the status (403: signature or allow-list, 408: timeout), and the source is decoded from the request path. Production logging also samples above 100 lines/s.' });
    }
    if (thumbor > 0) {
      limits.push({ id: 'thumbor-pairing', message: 'thumbor: each access line was paired with the error line before it by source URL and time (thumbor logs no request id); under concurrent failures on the same source, a pairing can be wrong.' });
    }
    if (imageproxy > 0) {
      limits.push({ id: 'imageproxy-thin', message: 'imageproxy: its lines carry no status, request path or id, and source 404s and timeouts are not logged at all.' });
    }
    if (encrypted > 0) {
      limits.push({ id: 'encrypted-path', message: `imgproxy: ${encrypted} failing path${encrypted === 1 ? ' has' : 's have'} an encrypted source (enc/); set IMGPROXY_SOURCE_URL_ENCRYPTION_KEY in the signing env file to read them.` });
    }
    if (droppedGroups > 0) {
      limits.push({ id: 'group-cap', message: `${droppedGroups} failure${droppedGroups === 1 ? ' was' : 's were'} not grouped: more than ${MAX_GROUPS} distinct cause and host pairs.` });
    }
    return limits;
  }
}

/** Whether a group's cause is one the tool can name (a class from the text, or an engine rule on its source). */
export function isNamed(group: FailureGroup): boolean {
  return group.cause.id !== 'unknown' || group.verdicts.some((v) => v.severity === 'error' || v.severity === 'warning');
}
