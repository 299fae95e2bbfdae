// imageproxy signatures (docs/url-signing.md): base64url (padding optional) of HMAC-SHA256 over the remote
// URL, or over the remote URL + "#" + the canonical options. Keys from -signatureKey (IMAGEPROXY_SIGNATUREKEY).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { trimPadding } from '../../base64.js';
import { canonicalOptions } from './parse.js';

export interface ImageproxyKey { key: string; withOptions: boolean }

export function signImageproxy(remote: string, options: readonly string[], key: ImageproxyKey, padded: boolean): string {
  const message = key.withOptions ? `${remote}#${canonicalOptions(options)}` : remote;
  const mac = createHmac('sha256', key.key).update(message).digest('base64url');
  return padded ? mac + '=' : mac;
}

/** The key (and form) whose signature matches `signature`, or undefined. */
export function verifyingImageproxyKey(signature: string, remote: string, options: readonly string[], keys: readonly string[]): ImageproxyKey | undefined {
  const given = Buffer.from(trimPadding(signature));
  for (const key of keys) {
    for (const withOptions of [false, true]) {
      const expected = Buffer.from(signImageproxy(remote, options, { key, withOptions }, false));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return { key, withOptions };
    }
  }
  return undefined;
}

/** The keys of a -signatureKey value: several, separated by spaces; `@file` values cannot be read here. */
export function imageproxyKeys(value: string): string[] {
  return value.split(/\s+/).filter((k) => k !== '' && !k.startsWith('@'));
}
