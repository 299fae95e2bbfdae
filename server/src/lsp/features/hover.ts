// Hover over a proxy URL of any dialect: the dialect's explanation of it. The URL under the cursor is looked up in
// the document's current reading (validation's), so nothing is recognised again for a hover.
import type { Hover, HoverParams } from 'vscode-languageserver';
import { LineIndex, type LintOptions, type TextAnalysis } from '../../core/index.js';
import { activeReading, type ReadingContext } from './diagnostics.js';

/** The hover for the proxy URL at `offset` (the first one, where two touch), or null when there is none. */
export function hoverAt(text: string, urls: TextAnalysis['urls'], offset: number, options: LintOptions): Hover | null {
  // The URLs are in text order and do not overlap: the first that can hold `offset` by binary search.
  let low = 0;
  let high = urls.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (urls[mid].candidate.end < offset) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < urls.length && urls[i].candidate.start <= offset; i++) {
    const { candidate, read } = urls[i];
    if (!read) continue;
    return {
      contents: { kind: 'markdown', value: read.dialect.explain(read.reading, options) },
      range: new LineIndex(text).range(candidate.start, candidate.end),
    };
  }
  return null;
}

export async function hover(ctx: ReadingContext, params: HoverParams, token: { isCancellationRequested: boolean }): Promise<Hover | null> {
  const reading = await activeReading(ctx, params.textDocument.uri, token);
  if (!reading) return null;
  const { linted, settings } = reading;
  return hoverAt(linted.text, linted.analysis.urls, new LineIndex(linted.text).offsetAt(params.position), settings.options);
}
