// go-camo digests: HMAC-SHA1(GOCAMO_HMAC, url), written in the URL's encoding (hex or base64url, unpadded).
import { createHmac, timingSafeEqual } from 'node:crypto';

export function camoDigest(key: string, url: string, encoding: 'hex' | 'base64', upper = false): string {
  const mac = createHmac('sha1', key).update(url).digest(encoding === 'hex' ? 'hex' : 'base64url');
  return upper ? mac.toUpperCase() : mac;
}

export function camoDigestMatches(key: string, url: string, digest: string, encoding: 'hex' | 'base64'): boolean {
  const expected = Buffer.from(camoDigest(key, url, encoding));
  const given = Buffer.from(encoding === 'hex' ? digest.toLowerCase() : digest);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
