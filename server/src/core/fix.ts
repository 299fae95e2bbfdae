// Fixes that keep the URL working: the source's scheme and host are made canonical inside whatever
// encoding the URL uses (plain, percent-encoded, base64 with its split points, padding and extension,
// wmu:/fiu: arguments), and a signed URL is re-signed with the pair that signed it.
import { encodeRawUrlBase64 } from './base64.js';
import { redenormalize, type DecodedSource, type ParsedImgproxyUrl, type Segment } from './imgproxy.js';
import { sign } from './signature.js';
import { applyEdits } from './text.js';
import { asciiLower, hasAsciiUpper, parseSourceUrl } from './url.js';
import type { OffsetEdit, SigningPair, SigningSettings } from './types.js';

/** Which canonicalisations are wanted (a rule turned off keeps its part of the URL as written). */
export interface Canonicalize { scheme: boolean; host: boolean; trailingDot: boolean }

/** A change to a decoded source URL: replace `length` characters at `index`. */
interface DecodedEdit { index: number; length: number; replacement: string }

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

function applyDecodedEdits(text: string, edits: DecodedEdit[]): string {
  return applyEdits(text, edits.map((e) => ({ start: e.index, end: e.index + e.length, newText: e.replacement })));
}

function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

/** Edits in the URL string that rewrite one source, or null when the source cannot be rewritten in place. */
function rewriteSource(source: DecodedSource, wanted: Canonicalize): OffsetEdit[] | null {
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

export type SignatureState =
  | { kind: 'unsigned' }
  | { kind: 'valid'; pair: SigningPair }
  | { kind: 'invalid' }
  | { kind: 'unknown-key' };

export type UrlFix = { newUrl: string } | { reason: string } | null;

/**
 * The whole imgproxy URL with every source made canonical, re-signed where it was validly signed.
 * null when nothing changes; { reason } when a change is needed but cannot be made safely.
 */
export function fixImgproxyUrl(parsed: ParsedImgproxyUrl, wanted: Canonicalize, signature: SignatureState, signing: SigningSettings): UrlFix {
  const edits: OffsetEdit[] = [];
  for (const source of [parsed.source, ...parsed.optionSources]) {
    const rewrite = rewriteSource(source, wanted);
    if (rewrite === null) {
      if (source.url && canonicalEdits(source.url, wanted).length > 0) {
        return { reason: source.fromBaseUrl ? 'the host comes from imgproxy.baseUrl (IMGPROXY_BASE_URL); fix it there' : 'the source is encrypted; re-encrypt it with the corrected URL' };
      }
      continue;
    }
    edits.push(...rewrite);
  }
  if (edits.length === 0) return null;
  if (signature.kind === 'unknown-key') {
    return { reason: 'the URL is signed and the key is unknown, so it cannot be re-signed; set IMGPROXY_KEY and IMGPROXY_SALT in the environment or in the env file named by signing.envFile' };
  }
  let newUrl = applyEdits(parsed.url, edits);
  if (signature.kind === 'valid') {
    const delta = newUrl.length - parsed.url.length;
    const rest = newUrl.slice(parsed.signature.end + 1, parsed.pathEnd + delta);
    const newSignature = sign('/' + redenormalize(rest), signature.pair, signing.signatureSize);
    newUrl = newUrl.slice(0, parsed.signature.start) + newSignature + newUrl.slice(parsed.signature.end);
  }
  return { newUrl };
}

/** checkAllUrls: a plain http(s) URL's own scheme and host, rewritten in place. */
export function fixPlainUrl(url: string, wanted: Canonicalize): string | null {
  const edits = canonicalEdits(url, wanted);
  return edits.length === 0 ? null : applyDecodedEdits(url, edits);
}
