// Document links: the source part of each proxy URL (the plain text, the base64 chunks, ...) links to
// the decoded source URL, so a base64 source opens what imgproxy will fetch. From the document's current
// reading (validation's): nothing is recognised again.
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { LineIndex, type TextAnalysis } from '../../core/index.js';
import { activeReading, type ReadingContext } from './diagnostics.js';

/** Links per document at most (a generated file with 100,000 URLs must not cost a second per request). */
const MAX_LINKS = 5000;

export function sourceLinks(text: string, urls: TextAnalysis['urls']): DocumentLink[] {
  const links: DocumentLink[] = [];
  let index: LineIndex | undefined;
  for (const { candidate, read } of urls) {
    const source = read?.reading.sources[0];
    if (!source?.url || source.fromBaseUrl || !/^https?:\/\//i.test(source.url) || source.end <= source.start) continue;
    if (links.length >= MAX_LINKS) break;
    index ??= new LineIndex(text);
    // The link covers the source itself, not its `plain/` or `enc/` marker.
    const marker = /^(plain|enc)\//.exec(candidate.url.slice(source.start, source.end))?.[0].length ?? 0;
    links.push({
      range: index.range(candidate.start + source.start + marker, candidate.start + source.end),
      target: source.url,
      tooltip: `Source image: ${source.url}`,
    });
  }
  return links;
}

export async function documentLinks(ctx: ReadingContext, params: DocumentLinkParams, token: { isCancellationRequested: boolean }): Promise<DocumentLink[] | null> {
  const reading = await activeReading(ctx, params.textDocument.uri, token);
  return reading ? sourceLinks(reading.linted.text, reading.linted.analysis.urls) : null;
}
