// Text in, findings out: finds URLs, has the dialect that owns each read it, judges the sources it
// hands over with the dialect-neutral host rules, attaches fixes.
import { findBuilderCalls, type BuilderCall } from './builders.js';
import { lintProxyConfig } from './config-rules.js';
import { readUrl, type DialectRead } from './dialects/index.js';
import type { ParsedImgproxyUrl } from './dialects/imgproxy/parse.js';
import type { SourceReading } from './dialects/types.js';
import { isImgproxyConfigFile } from './imgproxy-env.js';
import { findUrls, holeSyntaxFor, maskHoles, unmaskHoles, type UrlCandidate } from './find.js';
import { checkSchemeAndHost, type HostProblem } from './host.js';
import { FIXABLE_RULES, lintUrlSpan, wantedFixes } from './url-findings.js';
import { applySuppressions } from './suppress.js';
import { effectiveSeverity, severityRank, type RuleId } from './rules.js';
import { parseSourceUrl } from './url.js';
import { UrlMemo } from './url-memo.js';
import type { Finding, LintOptions, OffsetEdit, Severity } from './types.js';

/** One source URL found inside an imgproxy URL (or any http(s) URL with checkAllUrls). */
export interface SourceRef {
  /** The imgproxy URL as written and its UTF-16 offsets in the text. */
  url: string;
  start: number;
  end: number;
  /** The decoded source URL, exactly as imgproxy would fetch it. */
  source: string;
  /** Scheme, host and port of the source as written (host without brackets for IPv6); port '' when absent. */
  scheme: string;
  host: string;
  port: string;
}


export interface RecognizedUrl {
  candidate: UrlCandidate;
  /** The dialect that owns the URL and its reading, or null when no dialect's evidence favours one. */
  read: DialectRead | null;
  /** The imgproxy reading, when the URL is imgproxy's. */
  parsed: ParsedImgproxyUrl | null;
}

/**
 * Every http(s) URL in the text, read by the dialect whose URL it is (template holes masked).
 * `path` names the file, whose language decides which hole syntaxes exist.
 */
export function recognizeUrls(text: string, options: LintOptions, path?: string): RecognizedUrl[] {
  return findUrls(text, holeSyntaxFor(path)).map((candidate) => recognizedUrl(candidate, readCandidate(candidate, options)));
}

/** One candidate read by the dialect whose URL it is (template holes masked). */
function readCandidate(candidate: UrlCandidate, options: LintOptions): DialectRead | null {
  return readUrl(maskHoles(candidate), options);
}

function recognizedUrl(candidate: UrlCandidate, read: DialectRead | null): RecognizedUrl {
  return { candidate, read, parsed: read?.dialect.id === 'imgproxy' ? (read.reading as ParsedImgproxyUrl) : null };
}

/** Whether [start, end) (offsets in the URL) overlaps a hole; `touching` also counts a hole right beside it. */
function overlapsHole(candidate: UrlCandidate, start: number, end: number, touching = false): boolean {
  const slack = touching ? 1 : 0;
  return candidate.holes.some(([holeStart, holeEnd]) => holeStart - candidate.start < end + slack && holeEnd - candidate.start > start - slack);
}

/**
 * The whole-URL fix narrowed to the characters it changes, or null when those touch a hole: the fix
 * was computed on the masked URL, and a hole's text must come back as written.
 */
function fixAroundHoles(candidate: UrlCandidate, masked: string, newUrl: string): OffsetEdit | null {
  if (candidate.holes.length === 0) return { start: candidate.start, end: candidate.end, newText: newUrl };
  let prefix = 0;
  while (prefix < masked.length && prefix < newUrl.length && masked[prefix] === newUrl[prefix]) prefix++;
  let suffix = 0;
  while (suffix < masked.length - prefix && suffix < newUrl.length - prefix && masked[masked.length - 1 - suffix] === newUrl[newUrl.length - 1 - suffix]) suffix++;
  if (overlapsHole(candidate, prefix, masked.length - suffix, true)) return null;
  return { start: candidate.start + prefix, end: candidate.end - suffix, newText: newUrl.slice(prefix, newUrl.length - suffix) };
}

/** The source URLs named by the recognised URLs (and by builder calls), with the ranges of the URLs naming them. */
function sourcesOf(urls: readonly RecognizedUrl[], builderCalls: readonly BuilderCall[], options: LintOptions): SourceRef[] {
  const refs: SourceRef[] = [];
  for (const call of builderCalls) {
    const parts = parseSourceUrl(call.url);
    if (parts?.hasAuthority) refs.push({ url: call.url, start: call.start, end: call.end, source: call.url, scheme: parts.scheme, host: parts.host, port: parts.port });
  }
  for (const { candidate, read } of urls) {
    const sources = read ? read.reading.sources.filter((s) => !overlapsHole(candidate, s.start, s.end, true)).map((s) => s.url) : options.checkAllUrls && candidate.holes.length === 0 ? [candidate.url] : [];
    for (const source of sources) {
      const parts = source === undefined ? null : parseSourceUrl(source);
      if (!source || !parts?.hasAuthority) continue;
      refs.push({ url: candidate.url, start: candidate.start, end: candidate.end, source, scheme: parts.scheme, host: parts.host, port: parts.port });
    }
  }
  return refs;
}

/** The source URLs of a text (what the probe connects to). With findings wanted too, analyzeText reads both at once. */
export function extractSources(text: string, options: LintOptions, path?: string): SourceRef[] {
  const urls = recognizeUrls(text, options, path);
  return sourcesOf(urls, findBuilderCalls(text, urls.map((u) => u.candidate)), options);
}

/** The mark every URL the engine reads contains (findUrls and the builder-call finder start there). */
export const URL_MARK = '://';

/**
 * Whether a text can have findings at all: it contains URL_MARK, or it may be one of imgproxy's own config
 * files (`path` unknown, or named like one). `contains` searches the text, or its raw bytes: UTF-8 never
 * drops or invents an ASCII byte, so the bytes contain the mark exactly when the decoded text does.
 */
export function mayHaveFindings(path: string | undefined, contains: (mark: string) => boolean): boolean {
  return contains(URL_MARK) || path === undefined || isImgproxyConfigFile(path);
}

/** One reading of a text: its findings, and what they were found in, for the probe, hover and links. */
export interface TextAnalysis {
  /** As lintText returns them: sorted, less those silenced by inline markers. */
  findings: Finding[];
  /** Every http(s) URL in the text, in text order, read as an imgproxy URL where it is one. */
  urls: RecognizedUrl[];
  /** The source URLs those URLs (and builder calls) name; computed on first use. */
  readonly sources: SourceRef[];
}

/**
 * Findings and the URLs and sources they came from, from one recognition pass. `path` (the file's path or
 * URI, when known) decides whether IMGPROXY_* assignments are imgproxy's configuration (.env*, YAML,
 * Dockerfile) rather than code reading them. `memo` (one per document, kept between its versions) answers
 * each URL an earlier analysis read, with the same results as reading it again.
 */
export function analyzeText(text: string, options: LintOptions, path?: string, memo?: UrlMemo): TextAnalysis {
  const { findings, urls, builderCalls } = lintUrls(text, options, path, true, memo);
  return new Analysis(findings, urls, builderCalls, options);
}

/**
 * The findings of a text, and (with `keepUrls`) the URLs recognised. Each URL's reading is judged as soon
 * as it is made: without `keepUrls` none outlives its URL, so memory holds the findings, not every
 * reading of a text with thousands of URLs (a bundle), and the young generation collects them cheaply.
 * With a `memo`, a URL an earlier version of the document read is answered from it.
 */
function lintUrls(text: string, options: LintOptions, path: string | undefined, keepUrls: boolean, memo?: UrlMemo): { findings: Finding[]; urls: RecognizedUrl[]; builderCalls: BuilderCall[] } {
  if (!mayHaveFindings(path, (mark) => text.includes(mark))) return { findings: [], urls: [], builderCalls: [] };
  const findings: Finding[] = path === undefined || isImgproxyConfigFile(path) ? lintProxyConfig(text, options, path) : [];
  memo?.begin(options);
  const candidates = findUrls(text, holeSyntaxFor(path));
  const builderCalls = findBuilderCalls(text, candidates);
  const builderStarts = new Set(builderCalls.map((call) => call.start));
  for (const call of builderCalls) findings.push(...lintBuilderCall(call, options));
  const urls: RecognizedUrl[] = [];
  const readNow = (candidate: UrlCandidate) => readCandidate(candidate, options);
  for (const candidate of candidates) {
    const entry = memo?.entry(candidate, readNow);
    const read = entry ? entry.read : readNow(candidate);
    if (keepUrls) urls.push(recognizedUrl(candidate, read));
    // A URL's own findings depend on nothing else in the text: an earlier version's are moved here.
    const own = (lint: (c: UrlCandidate) => Finding[]) => (entry ? UrlMemo.findings(entry, candidate, lint) : lint(candidate));
    if (read) findings.push(...own((c) => lintDialectUrl(c, read, options)));
    else if (options.checkAllUrls && candidate.holes.length === 0 && !builderStarts.has(candidate.start)) findings.push(...own((c) => lintUrlSpan(c, options)));
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { findings: applySuppressions(text, findings), urls, builderCalls };
}

/**
 * A TextAnalysis whose sources are read on first use. A class, not an object literal with a getter: V8
 * gives each such literal its own accessor pair, allocated in the old generation, and that pointer to the
 * getter's closure kept every text and its readings alive through the young generation's collections
 * until the next full one (a tree scan promoted ~4 MB per scavenge and spent a quarter of its time in GC).
 */
class Analysis implements TextAnalysis {
  private sourceRefs: SourceRef[] | undefined;

  constructor(readonly findings: Finding[], readonly urls: RecognizedUrl[], private readonly builderCalls: readonly BuilderCall[], private readonly options: LintOptions) {}

  get sources(): SourceRef[] {
    return (this.sourceRefs ??= sourcesOf(this.urls, this.builderCalls, this.options));
  }
}

/** All findings for one text, less those silenced by inline markers (suppress.ts); see analyzeText. */
export function lintText(text: string, options: LintOptions, path?: string): Finding[] {
  return lintUrls(text, options, path, false).findings;
}

/** The lower of two severities (a finding that is only a maybe never cries louder than `cap`). */
function atMost(severity: Severity, cap: Severity): Severity {
  return severityRank(severity) < severityRank(cap) ? severity : cap;
}

/** Findings for one URL a dialect read: its own (signature, options), then its sources' hosts. */
function lintDialectUrl(candidate: UrlCandidate, { dialect, reading }: DialectRead, options: LintOptions): Finding[] {
  const findings: Finding[] = [];
  const base = candidate.start;
  // A finding that touches a hole depends on what the hole stands for: it is not judged.
  const add = (rule: RuleId, message: string, start: number, end: number, extra: Partial<Finding> = {}, cap: Severity = 'error') => {
    const setting = effectiveSeverity(rule, options.rules);
    if (setting === 'off' || overlapsHole(candidate, start, end, true)) return;
    const severity = atMost(setting, cap);
    findings.push({ rule, severity, message, start: base + start, end: base + end, url: candidate.url, fix: null, ...extra });
  };
  const judgement = dialect.judge(reading, options, candidate.holes.length > 0);
  for (const problem of judgement.problems) add(problem.rule, problem.message, problem.start, problem.end, {}, problem.cap);
  if (judgement.stop) return findings;

  const urlFix = dialect.fix(reading, wantedFixes(options), judgement.state, options);
  const fix: OffsetEdit | null = urlFix && 'newUrl' in urlFix ? fixAroundHoles(candidate, reading.url, urlFix.newUrl) : null;
  const noFixReason = urlFix && 'reason' in urlFix ? ` No automatic fix: ${urlFix.reason}.` : '';

  for (const source of reading.sources) {
    if (source.escapingProblems.length > 0) {
      add('plain-source-unescaped', `The plain source has ${source.escapingProblems.join('; and ')}.`, source.start, source.end);
    }
    if (source.error && source.escapingProblems.length === 0) {
      add('source-undecodable', `Cannot decode the ${dialect.sourceLabel(reading, source)}: ${source.error}.`, source.start, source.end);
    }
    if (!source.url) continue;
    const parts = parseSourceUrl(source.url);
    if (!parts) continue;
    for (const problem of checkSchemeAndHost(parts, dialect.describeSource(reading, source), dialect.facts(reading, source))) {
      const [start, end] = problemRange(source, parts, problem);
      const fixable = FIXABLE_RULES.has(problem.rule);
      add(problem.rule, fixable ? problem.message + noFixReason : problem.message, start, end, {
        source: unmaskHoles(source.url, candidate),
        host: parts.host,
        fix: fixable ? fix : null,
      }, problem.cap);
    }
  }
  return findings;
}

/** Host problems underline the host when it stands as written in the URL; otherwise the whole source. */
function problemRange(source: SourceReading, parts: NonNullable<ReturnType<typeof parseSourceUrl>>, problem: HostProblem): [number, number] {
  const mapped = source.mapped;
  if (source.kind === 'plain' && mapped && !source.fromBaseUrl && problem.rule !== 'scheme-uppercase' && parts.hostEnd > parts.hostStart) {
    return [mapped.starts[parts.hostStart], mapped.ends[parts.hostEnd - 1]];
  }
  return [source.start, source.end];
}

function lintBuilderCall(call: BuilderCall, options: LintOptions): Finding[] {
  return lintUrlSpan(call, options, ` (passed to ${call.call})`, 'Source');
}
