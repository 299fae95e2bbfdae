// Placeholder while the engine is being written; the signatures are final.
import type { Finding, LintOptions } from './types.js';

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

export function extractSources(_text: string, _options: LintOptions): SourceRef[] {
  return [];
}

export function lintText(_text: string, _options: LintOptions): Finding[] {
  return [];
}
