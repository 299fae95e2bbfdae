// Imaginary's URL signature (middleware.go validateURLSignature): `sign=` is base64url without padding of
// HMAC-SHA256(key, r.URL.Path + the query without `sign`, as url.Values.Encode writes it: sorted,
// re-escaped), so a plain and a percent-encoded `url=` sign alike. Key: URL_SIGNATURE_KEY (which
// overrides the -url-signature-key flag).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { goEncodeQuery, goParseQuery, goPathBytes } from '../go-query.js';
import type { ParsedQueryUrl } from '../query.js';

function imaginaryMac(reading: ParsedQueryUrl, key: string): Buffer {
  const query = goEncodeQuery(goParseQuery(reading.query.text).filter(([name]) => name !== 'sign'));
  return createHmac('sha256', key).update(Buffer.from(goPathBytes(reading.path.text) + query, 'latin1')).digest();
}

export function signImaginary(reading: ParsedQueryUrl, key: string): string {
  return imaginaryMac(reading, key).toString('base64url');
}

/** Whether Imaginary accepts `given` (the first `sign` value, decoded): base64.RawURLEncoding, no padding. */
export function imaginaryAccepts(reading: ParsedQueryUrl, key: string, given: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(given) || given.length % 4 === 1) return false;
  const expected = imaginaryMac(reading, key);
  const decoded = Buffer.from(given, 'base64url');
  return decoded.length === expected.length && timingSafeEqual(decoded, expected);
}
