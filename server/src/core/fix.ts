// Fixes that keep the URL working, for every dialect: a decoded source's scheme and host made canonical,
// written back inside whatever encoding the URL uses (plain, percent-encoded, base64 with its split
// points, padding and extension). Each dialect re-signs with its own scheme (dialects/<proxy>/fix.ts).
import { encodeRawUrlBase64 } from './base64.js';
import type { SourceReading, Segment } from './dialects/types.js';
import { applyEdits } from './text.js';
import { asciiLower, hasAsciiUpper, parseSourceUrl } from './url.js';
import type { OffsetEdit } from './types.js';

/** Which canonicalisations are wanted (a rule turned off keeps its part of the URL as written). */
export interface Canonicalize { scheme: boolean; host: boolean; trailingDot: boolean }

/** A change to a decoded source URL: replace `length` characters at `index`. */
export interface DecodedEdit { index: number; length: number; replacement: string }

/** The edits that make a decoded source canonical (ASCII case folding only; RFC 4343). */
export function canonicalEdits(url: string, wanted: Canonicalize): DecodedEdit[] {
  const parts = parseSourceUrl(url);
  if (!parts) return [];
  const edits: DecodedEdit[] = [];
  const lowerRun = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (url[i] >= 'A' && url[i] <= 'Z') edits.push({ index: i, length: 1, replacement: url[i].toLowerCase() });
    }
  };
  if (wanted.scheme && hasAsciiUpper(parts.scheme)) lowerRun(0, parts.scheme.length);
  const scheme = asciiLower(parts.scheme);
  if (!parts.hasAuthority || (scheme !== 'http' && scheme !== 'https')) return edits;
  if (wanted.host) lowerRun(parts.hostStart, parts.hostEnd);
  if (wanted.trailingDot && !parts.bracketed && parts.host.length > 1 && parts.host.endsWith('.')) {
    edits.push({ index: parts.hostEnd - 1, length: 1, replacement: '' });
  }
  return edits;
}

export function applyDecodedEdits(text: string, edits: DecodedEdit[]): string {
  return applyEdits(text, edits.map((e) => ({ start: e.index, end: e.index + e.length, newText: e.replacement })));
}

export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Edits in the URL string that rewrite one source, or null when the source cannot be rewritten in place. */
export function rewriteSource(source: SourceReading, wanted: Canonicalize): OffsetEdit[] | null {
  if (!source.url || source.fromBaseUrl) return null;
  const edits = canonicalEdits(source.url, wanted);
  if (edits.length === 0) return [];
  if (source.kind === 'plain') {
    const mapped = source.mapped!;
    return edits.map((edit) => {
      const start = mapped.starts[edit.index];
      const end = mapped.ends[edit.index + edit.length - 1];
      const literal = end - start === edit.length;
      return { start, end, newText: literal || edit.replacement === '' ? edit.replacement : percentEncode(edit.replacement) };
    });
  }
  if (source.kind === 'base64' || source.kind === 'option') {
    const payload = encodeRawUrlBase64(applyDecodedEdits(source.url, edits));
    const padding = source.padding ? '='.repeat((4 - (payload.length % 4)) % 4) : '';
    const joined = payload + padding + (source.extension !== undefined ? `.${source.extension}` : '');
    const chunks = source.chunks!;
    return [{ start: chunks[0].start, end: chunks[chunks.length - 1].end, newText: resplit(joined, chunks) }];
  }
  if (source.kind === 'hex') {
    const chunk = source.chunks![0];
    const hex = Buffer.from(applyDecodedEdits(source.url, edits), 'utf8').toString('hex');
    return [{ start: chunk.start, end: chunk.end, newText: /[A-F]/.test(chunk.text) ? hex.toUpperCase() : hex }];
  }
  return null; // enc: re-encrypting would need a fresh IV; left to the user.
}

/** Splits text at the same lengths as the original chunks; the last chunk takes the remainder. */
function resplit(text: string, chunks: Segment[]): string {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < chunks.length && at < text.length; i++) {
    const length = i === chunks.length - 1 ? text.length - at : chunks[i].text.length;
    out.push(text.slice(at, at + length));
    at += length;
  }
  return out.join('/');
}

/** checkAllUrls: a plain http(s) URL's own scheme and host, rewritten in place. */
export function fixPlainUrl(url: string, wanted: Canonicalize): string | null {
  const edits = canonicalEdits(url, wanted);
  return edits.length === 0 ? null : applyDecodedEdits(url, edits);
}
