// imageproxy signatures (docs/url-signing.md): base64url (padding optional) of HMAC-SHA256 over the remote
// URL, or over the remote URL + "#" + the canonical options. Keys from -signatureKey (IMAGEPROXY_SIGNATUREKEY).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { trimPadding } from '../../base64.js';
import type { SigningSettings } from '../../types.js';
import { canonicalOptions } from './parse.js';

/** A key as imageproxy holds it: the text of -signatureKey, or the bytes of an `@file` exactly as read. */
export interface ImageproxyKey { key: string | Uint8Array; withOptions: boolean }

export function signImageproxy(remote: string, options: readonly string[], key: ImageproxyKey, padded: boolean): string {
  const message = key.withOptions ? `${remote}#${canonicalOptions(options)}` : remote;
  const mac = createHmac('sha256', key.key).update(message).digest('base64url');
  return padded ? mac + '=' : mac;
}

/** The key (and form) whose signature matches `signature`, or undefined. */
export function verifyingImageproxyKey(signature: string, remote: string, options: readonly string[], keys: readonly (string | Uint8Array)[]): ImageproxyKey | undefined {
  const given = Buffer.from(trimPadding(signature));
  for (const key of keys) {
    for (const withOptions of [false, true]) {
      const expected = Buffer.from(signImageproxy(remote, options, { key, withOptions }, false));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return { key, withOptions };
    }
  }
  return undefined;
}

/**
 * The keys of -signatureKey: several, separated by spaces, and the bytes of each `@file` (read by the
 * adapter that found the setting: the engine reads no file).
 */
export function imageproxyKeys(signing: SigningSettings['imageproxy']): (string | Uint8Array)[] {
  if (signing === undefined) return [];
  return [...signing.signatureKey.split(/\s+/).filter((k) => k !== '' && !k.startsWith('@')), ...(signing.fileKeys ?? [])];
}

/** The files a -signatureKey value names (`@/run/secrets/imageproxy-key`), paths as written. */
export function imageproxyKeyFiles(value: string): string[] {
  return value.split(/\s+/).filter((k) => k.length > 1 && k.startsWith('@')).map((k) => k.slice(1));
}
