// imgproxy URL signatures (spec §2): base64url(HMAC-SHA256(key, salt ‖ path)[0:size]), no padding.
import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { SigningPair, SigningSettings } from '../../types.js';

/** Imported keys by pair: importing raw key bytes on every signature costs more than the HMAC itself. */
const keyObjects = new WeakMap<SigningPair, KeyObject>();

/** Signs `path`, the exact path text after the signature including its leading `/`. */
export function sign(path: string, pair: SigningPair, size: number): string {
  const message = path.startsWith('/') ? path : `/${path}`;
  let key = keyObjects.get(pair);
  if (!key) keyObjects.set(pair, (key = createSecretKey(pair.key)));
  const mac = createHmac('sha256', key).update(pair.salt).update(message).digest();
  return mac.subarray(0, size).toString('base64url');
}

/** The pair whose signature matches, or undefined. Compared in constant time, as imgproxy does. */
export function verifyingPair(signature: string, path: string, signing: SigningSettings): SigningPair | undefined {
  // Each distinct (signature, path) is verified once per signing settings: an edit re-lints a whole
  // file (a bundle holds hundreds of signed URLs), and a tree repeats the same URLs in many files.
  let known = verified.get(signing);
  if (!known) verified.set(signing, (known = new Map()));
  const key = `${signature} ${path}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const given = Buffer.from(signature);
  const pair = signing.pairs.find((candidate) => {
    const expected = Buffer.from(sign(path, candidate, signing.signatureSize));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (known.size >= MAX_VERIFIED) known.clear();
  // A copy of the key: built from slices of the linted text, it would keep that whole text alive.
  known.set(Buffer.from(key, 'utf8').toString('utf8'), pair ?? null);
  return pair;
}

/** Verdicts by signing settings, then by `signature path`; bounded, so memory stays flat on any tree. */
const verified = new WeakMap<SigningSettings, Map<string, SigningPair | null>>();
const MAX_VERIFIED = 10_000;

/** Placeholders used where signing is off (spec §1.9); never mistaken for a real signature. */
const PLACEHOLDERS = new Set(['insecure', 'unsafe', '_', 'sig', 'signature', 'nosig', 'none']);
const LONGEST_PLACEHOLDER = Math.max(...[...PLACEHOLDERS].map((p) => p.length));

export function isPlaceholderSignature(segment: string): boolean {
  return segment.length <= LONGEST_PLACEHOLDER && PLACEHOLDERS.has(segment.toLowerCase());
}

/**
 * True when a segment could be a real signature: base64url of 1..32 bytes (never a length ≡ 1 mod 4)
 * with the mix of an HMAC's output; an all-lowercase word such as "images" is a path, not a signature.
 */
export function looksLikeSignature(segment: string): boolean {
  return !isPlaceholderSignature(segment) && /^[A-Za-z0-9_-]{6,43}$/.test(segment) && segment.length % 4 !== 1 && /[A-Z0-9_-]/.test(segment);
}

/**
 * True when a segment could be a signature at all (any IMGPROXY_SIGNATURE_SIZE, any letters): what
 * decides, with no key known, that a URL must not be rewritten, since it could not be re-signed.
 */
export function mayBeSignature(segment: string): boolean {
  return !isPlaceholderSignature(segment) && /^[A-Za-z0-9_-]{2,43}$/.test(segment) && segment.length % 4 !== 1;
}
