// Hover and document links over imgproxy URLs: the engine explains, this file only places the text.
import type { DocumentLink, Hover } from 'vscode-languageserver';
import { explainImgproxyUrl, LineIndex, recognizeUrls, type LintOptions } from '../core/index.js';

/** How far from the cursor a hover looks (a URL never spans lines; one this long is not hovered). */
const HOVER_WINDOW = 16 * 1024;
/** Links per document at most (a generated file with 100,000 URLs must not cost a second per request). */
const MAX_LINKS = 5000;
const DELIMITER = /[\s"'`<>]/;

/**
 * The text around `offset` that can hold the URL under it: its line, at most HOVER_WINDOW either side,
 * cut at delimiters so that no URL is cut in two. A 5 MB one-line bundle costs a window, not the file.
 */
function hoverSlice(text: string, offset: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  let start = Math.max(lineStart, offset - HOVER_WINDOW);
  let end = Math.min(lineEnd, offset + HOVER_WINDOW);
  if (start > lineStart) {
    const cut = text.slice(start, offset).search(DELIMITER);
    start = cut === -1 ? offset : start + cut + 1;
  }
  if (end < lineEnd) {
    const tail = text.slice(offset, end);
    let cut = -1;
    for (let i = tail.length - 1; i >= 0; i--) if (DELIMITER.test(tail[i])) { cut = i; break; }
    if (cut !== -1) end = offset + cut;
  }
  return { start, end };
}

/** The hover for the imgproxy URL under `offset`, or null when there is none. */
export function hoverAt(text: string, offset: number, options: LintOptions): Hover | null {
  const { start, end } = hoverSlice(text, offset);
  for (const { candidate, parsed } of recognizeUrls(text.slice(start, end), options)) {
    const from = start + candidate.start;
    const to = start + candidate.end;
    if (!parsed || offset < from || offset > to) continue;
    return {
      contents: { kind: 'markdown', value: explainImgproxyUrl(parsed, options) },
      range: new LineIndex(text).range(from, to),
    };
  }
  return null;
}

/**
 * A link on each imgproxy URL's source part (the plain text, the base64 chunks, ...) to the decoded
 * source URL, so a base64 source opens what imgproxy will fetch.
 */
export function sourceLinks(text: string, options: LintOptions): DocumentLink[] {
  const links: DocumentLink[] = [];
  let index: LineIndex | undefined;
  for (const { candidate, parsed } of recognizeUrls(text, options)) {
    const source = parsed?.source;
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
