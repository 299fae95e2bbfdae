// What a dialect (one proxy's URL language) hands the engine: a reading of one URL with its sources
// decoded and mapped back to the URL as written, and the facts its messages need. The host rules never
// look past this shape, so they stay the same for every proxy.
import type { Canonicalize } from '../fix.js';
import type { ProxyFacts } from '../host.js';
import type { MappedText } from '../mapped.js';
import type { RuleId } from '../rules.js';
import type { LintOptions, Severity } from '../types.js';

/** The proxies whose URLs the engine reads (the `dialects` setting names these). */
export const DIALECT_IDS = ['imgproxy', 'imagor', 'thumbor', 'imageproxy', 'go-camo', 'imaginary', 'picfit'] as const;
export type DialectId = (typeof DIALECT_IDS)[number];

/** A piece of a URL: its text and [start, end) offsets in the URL string. */
export interface Segment { text: string; start: number; end: number }

/** How a source is written in the URL; decides how a fix writes it back. */
export type SourceKind = 'plain' | 'base64' | 'enc' | 'option' | 'hex';

/** One source URL inside a proxy URL, decoded as the proxy decodes it. */
export interface SourceReading {
  kind: SourceKind;
  /** Offsets of the source in the URL string. */
  start: number;
  end: number;
  /** The source URL the proxy will fetch; undefined when undecodable (or encrypted without a key). */
  url?: string;
  /** Why the source cannot be decoded (rule source-undecodable). */
  error?: string;
  /** Problems with escaping a plain source (rule plain-source-unescaped). */
  escapingProblems: string[];
  /** Plain sources: each decoded character's origin in the URL string, so the host can be rewritten in place. */
  mapped?: MappedText;
  /** True when the host is not in the URL text (a base URL or default scheme put it there). */
  fromBaseUrl: boolean;
  /** Base64 sources: the chunks as split in the URL, trailing `=` padding, and the extension after `.`. */
  chunks?: Segment[];
  padding?: string;
  extension?: string;
}

/** A finding on the URL itself (signature, options), in URL offsets, before severity settings apply. */
export interface UrlProblem { rule: RuleId; message: string; start: number; end: number; cap?: Severity }

/** Whether the URL is signed, and how the signature stands with the keys known. */
export type SignatureState<Key = unknown> =
  | { kind: 'unsigned' }
  | { kind: 'valid'; key: Key }
  | { kind: 'invalid' }
  | { kind: 'unknown-key' };

export type UrlFix = { newUrl: string } | { reason: string } | null;

/** A dialect's reading of one URL. */
export interface DialectReading {
  url: string;
  /** Every source the URL names, the main one first. */
  sources: SourceReading[];
}

/** The engine's judgement of a reading: URL findings, signature state, and whether its sources can be judged. */
export interface UrlJudgement {
  problems: UrlProblem[];
  state: SignatureState;
  /** Set when the URL cannot be read further (its sources are not judged). */
  stop?: boolean;
}

export interface Dialect<R extends DialectReading = DialectReading> {
  id: string;
  /** The proxies this dialect's grammar serves (the `dialects` setting enables it when it names any). */
  serves: readonly DialectId[];
  /**
   * `url` read as the proxy reads it, with how strongly it says it is this proxy's: 1 plausible,
   * 2 unmistakable, 3 a configured host. null when it is not this proxy's URL at all.
   */
  read(url: string, options: LintOptions): { reading: R; evidence: number } | null;
  /**
   * The most evidence `read` could give `url`, found without reading it (a configured host, a key, the
   * URL's shape); absent: 3. readUrl skips a dialect whose most cannot beat or tie the best reading so far.
   */
  mostEvidence?(url: string, options: LintOptions): number;
  /** Findings on the URL itself and its signature state; `hasHoles` when template holes hide part of it. */
  judge(reading: R, options: LintOptions, hasHoles: boolean): UrlJudgement;
  /** What to add after the host in messages about `source` (" (decoded from base64)"). */
  describeSource(reading: R, source: SourceReading): string;
  /** What `source` is called in "Cannot decode the …" messages. */
  sourceLabel(reading: R, source: SourceReading): string;
  /** What is true of the proxy fetching `source` (the host rules' messages say it). */
  facts(reading: R, source: SourceReading): ProxyFacts;
  /** The whole URL with every source canonical, re-signed with the key that signed it. */
  fix(reading: R, wanted: Canonicalize, state: SignatureState, options: LintOptions): UrlFix;
  /** Markdown taking the URL apart (the editor's hover). */
  explain(reading: R, options: LintOptions): string;
}
