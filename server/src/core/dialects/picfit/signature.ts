// picfit's signature (signature/signature.go VerifyParameters): `sig=` is hex HMAC-SHA1 of the request's
// parameters as url.Values.Encode writes them (sorted, re-escaped; the first value of each, every `op`),
// with `&?sig=[^&]*` cut out. When nothing sorts before `sig`, the signed text keeps a leading `&`. Key:
// `secret_key` in picfit's JSON config, given to this tool as PICFIT_SECRET_KEY.
import { createHmac } from 'node:crypto';
import { goEncodeQuery, goParseQuery, type GoQueryPair } from '../go-query.js';
import type { ParsedQueryUrl } from '../query.js';

/** The text picfit signs for `rawQuery` (which carries a `sig`, as every request checked does). */
export function picfitSignedText(rawQuery: string): string {
  // picfit keeps the first value of each parameter but all of `op` (middleware/parsers.go).
  const seen = new Set<string>();
  const kept = goParseQuery(rawQuery).filter(([name]) => {
    if (name === 'op') return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
  const signed: GoQueryPair[] = kept.some(([name]) => name === 'sig') ? kept : [...kept, ['sig', '']];
  return goEncodeQuery(signed).replace(/&?sig=[^&]*/g, '');
}

export function signPicfit(reading: ParsedQueryUrl, key: string): string {
  return createHmac('sha1', key).update(Buffer.from(picfitSignedText(reading.query.text), 'latin1')).digest('hex');
}

/** Whether picfit accepts `given` (the first `sig` value, decoded): compared as a string, lowercase hex. */
export function picfitAccepts(reading: ParsedQueryUrl, key: string, given: string): boolean {
  return given === signPicfit(reading, key);
}
