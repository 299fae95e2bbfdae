// thumbor and imagor signatures: base64url (padded) of an HMAC over the path after `/<hash>/`. thumbor
// HMAC-SHA1; imagor SHA1, SHA256 or SHA512 (IMAGOR_SIGNER_TYPE), cut to IMAGOR_SIGNER_TRUNCATE characters.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningSettings } from '../../types.js';

export interface ThumborKey {
  proxy: 'imagor' | 'thumbor';
  secret: string;
  type: 'sha1' | 'sha256' | 'sha512';
  truncate: number;
}

/** The keys known for this grammar, imagor's first. */
export function thumborKeys(signing: SigningSettings): ThumborKey[] {
  const keys: ThumborKey[] = [];
  if (signing.imagor) keys.push({ proxy: 'imagor', ...signing.imagor });
  if (signing.thumbor) keys.push({ proxy: 'thumbor', secret: signing.thumbor.securityKey, type: 'sha1', truncate: 0 });
  return keys;
}

/** Signs `path` (the text after `/<hash>/`; a leading `/` is dropped, as imagor does). */
export function signThumborPath(path: string, key: ThumborKey): string {
  const mac = createHmac(key.type, key.secret).update(path.replace(/^\//, '')).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
  return key.truncate > 0 && mac.length > key.truncate ? mac.slice(0, key.truncate) : mac;
}

/** `path` unescaped as Go's url.PathUnescape does, or undefined when it has a bad escape. */
function pathUnescape(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/**
 * The key that signed `path` with `hash`, and whether it signed the path unescaped (imagor checks the
 * path as written, then the whole path unescaped; thumbor only as written).
 */
export function verifyingThumborKey(hash: string, path: string, keys: readonly ThumborKey[]): { key: ThumborKey; unescaped: boolean } | undefined {
  const given = Buffer.from(hash);
  const matches = (text: string, key: ThumborKey) => {
    const expected = Buffer.from(signThumborPath(text, key));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  for (const key of keys) {
    if (matches(path, key)) return { key, unescaped: false };
    const unescaped = key.proxy === 'imagor' ? pathUnescape(path) : undefined;
    if (unescaped !== undefined && unescaped !== path && matches(unescaped, key)) return { key, unescaped: true };
  }
  return undefined;
}

const DIGEST_LENGTH = { sha1: 28, sha256: 44, sha512: 88 } as const;

/** Whether `hash` has the form `key` writes (its length after truncation, base64url): else it is a stand-in. */
export function hasSignatureFormOf(hash: string, key: ThumborKey): boolean {
  const full = DIGEST_LENGTH[key.type];
  const length = key.truncate > 0 ? Math.min(key.truncate, full) : full;
  return hash.length === length && /^[A-Za-z0-9_-]+=*$/.test(hash);
}

/** Full-length signature forms: thumbor/imagor SHA1 (28), imagor SHA256 (44) and SHA512 (88), padded. */
export function signatureForm(hash: string): 'sha1' | 'sha256' | 'sha512' | undefined {
  // Told by length first: every segment of every URL in a file is asked.
  switch (hash.length) {
    case 28: return /^[A-Za-z0-9_-]{27}=$/.test(hash) ? 'sha1' : undefined;
    case 44: return /^[A-Za-z0-9_-]{43}=$/.test(hash) ? 'sha256' : undefined;
    case 88: return /^[A-Za-z0-9_-]{86}==$/.test(hash) ? 'sha512' : undefined;
    default: return undefined;
  }
}
