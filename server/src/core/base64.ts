// base64url as Go's base64.RawURLEncoding reads it (spec §1.4): alphabet A-Z a-z 0-9 - _, no padding.
import { isUtf8 } from 'node:buffer';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Decoded bytes, or null where Go would fail (bad character or an impossible length). */
export function decodeRawUrlBase64(text: string): Buffer | null {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64url');
}

export function encodeRawUrlBase64(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are valid UTF-8 with no control characters; null for binary. */
export function bytesAsText(bytes: Uint8Array): string | null {
  // A fatal TextDecoder throws on invalid UTF-8, and a throw costs tens of microseconds: checking first
  // gives the same answer (isUtf8 and the decoder agree on validity) at a fraction of the cost.
  if (!isUtf8(bytes)) return null;
  try {
    const text = UTF8.decode(bytes);
    return /[\x00-\x08\x0e-\x1f\x7f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

/** `text` without trailing `=` (a loop: a regex anchored at the end is quadratic on runs of `=`). */
export function trimPadding(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  return text.slice(0, end);
}
