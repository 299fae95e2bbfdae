// The log reader's public face: lines in, failure groups out. Pure: the adapters stream files and stdin.
export type * from './types.js';
export { LogReader, isNamed, MAX_LINE_LENGTH, type LogReaderOptions } from './reader.js';
export { LineSplitter, ByteLineSplitter, type LineSink } from './lines.js';
export { lineMayFail, FAILURE_MARKS } from './marks.js';
export { CAUSES, causeMeta, classify, explainCause, sourceFromError } from './causes.js';
export { matchSources, sourceKey, pathPattern, type SourceKey, type TextMatch } from './locate.js';
export { redactUrl, redactText, redactPath } from './redact.js';
export { PATH_READERS, type PathReader, type PathReading } from './paths.js';
export { formatLogMarkdown } from './markdown.js';
export { presentReport, causeTitle, logReportDocument, type ShownReport, type ShownGroup } from './present.js';

import { LineSplitter } from './lines.js';
import { LogReader, MAX_LINE_LENGTH, type LogReaderOptions } from './reader.js';
import type { LogReport } from './types.js';

/** A whole log already in memory (an editor's text, a test): read at once. */
export function readLogText(text: string, options: LogReaderOptions): LogReport {
  const reader = new LogReader(options);
  const splitter = new LineSplitter(reader, MAX_LINE_LENGTH);
  splitter.push(text);
  splitter.end();
  return reader.finish();
}
