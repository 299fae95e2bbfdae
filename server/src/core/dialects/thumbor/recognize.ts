// Whether a URL is a thumbor or imagor URL, on evidence (spec/dialects.md "Look-alikes"), and which of
// the two it is where the evidence says: a configured host, imagor-only forms (`params/`, `b64:`,
// SHA256/SHA512 signatures) or a key that verifies. Otherwise both stay possible.
import { parseSourceUrl } from '../../url.js';
import { configuredEndpointOf } from '../endpoints.js';
import { parseThumborUrl, type ParsedThumborUrl } from './parse.js';
import { signatureForm, thumborKeys, verifyingThumborKey, type ThumborKey } from './signature.js';
import type { LintOptions } from '../../types.js';

export type ThumborProxy = 'imagor' | 'thumbor';

export interface ThumborReading extends ParsedThumborUrl {
  /** Which of the two proxies the URL can be for (both when nothing tells them apart). */
  proxies: ThumborProxy[];
  /** The key whose signature matches, when one does. */
  verified?: { key: ThumborKey; unescaped: boolean };
}

/** Whether a URL may hold a segment only a thumbor/imagor hash is: `unsafe` or a padded signature. */
const mayHoldHash = (url: string) => url.includes('/unsafe/') || url.includes('=/');

/** A segment with an HMAC's mix of characters (not a word such as "products"). */
function hashLooksSigned(hash: string): boolean {
  return hash !== 'unsafe' && /[A-Z0-9_=-]/.test(hash) && /[a-z]/.test(hash);
}

/** `unsafe`, or a signature of one of the forms thumbor and imagor write. */
function hasHashForm(hash: string): boolean {
  return hash === 'unsafe' || signatureForm(hash) !== undefined;
}

/** Whether `evidence` can say more than 0 of an unverified URL with this hash: every way to needs one of these. */
export function hashMayConvince(hash: string): boolean {
  return hasHashForm(hash) || hashLooksSigned(hash);
}

export function evidence(reading: ParsedThumborUrl, verified: boolean): number {
  const { hash } = reading;
  if (verified) return 3;
  const form = hasHashForm(hash.text);
  const imageIsUrl = reading.sources[0].url !== undefined || reading.sources[0].b64 === true;
  const grammar = reading.steps.length > 0 || reading.filters.length > 0;
  if (form && imageIsUrl) return grammar ? 2 : 1;
  if (form && grammar) return 1;
  return hashLooksSigned(hash.text) && imageIsUrl && grammar ? 1 : 0;
}

/** The proxies the URL can be for, given the dialects enabled and the evidence that tells them apart. */
function proxiesOf(reading: ParsedThumborUrl, enabled: readonly ThumborProxy[], configured?: ThumborProxy, verified?: ThumborKey): ThumborProxy[] {
  if (configured) return [configured];
  if (verified) return [verified.proxy];
  const imagorOnly = reading.params || reading.sources.some((s) => s.b64) || ['sha256', 'sha512'].includes(signatureForm(reading.hash.text) ?? '');
  if (imagorOnly) return enabled.includes('imagor') ? ['imagor'] : [];
  return [...enabled];
}

function readWith(url: string, prefix: string, options: LintOptions, enabled: readonly ThumborProxy[], configured?: ThumborProxy): ThumborReading | null {
  const keys = thumborKeys(options.signing).filter((k) => enabled.includes(k.proxy) && (!configured || k.proxy === configured));
  // Unconfigured and with no key to verify, most URLs are settled by their hash segment alone.
  const worthReading = configured || keys.length > 0 ? undefined : hashMayConvince;
  // imagor fetches a scheme-less source over https, thumbor over http: read it as the one it can be for.
  const parsed = parseThumborUrl(url, prefix, enabled.includes('imagor') && configured !== 'thumbor' ? 'https' : 'http', worthReading);
  if (!parsed) return null;
  const verified = keys.length > 0 && parsed.hash.text !== 'unsafe' ? verifyingThumborKey(parsed.hash.text, url.slice(parsed.signedStart, parsed.pathEnd), keys) : undefined;
  // Most URLs are no thumbor URL at all: settled before anything more is built.
  if (!configured && evidence(parsed, verified !== undefined) === 0) return null;
  const proxies = proxiesOf(parsed, enabled, configured, verified?.key);
  if (proxies.length === 0) return null;
  if (proxies.length === 1 && proxies[0] === 'thumbor' && parsed.sources.some((s) => s.schemeless) && enabled.includes('imagor')) {
    return { ...parseThumborUrl(url, prefix, 'http')!, proxies, verified };
  }
  return { ...parsed, proxies, verified };
}

/** The most evidence readThumborUrl can give `url`: 3 only on a configured host or with a key that could verify. */
export function mostThumborEvidence(url: string, options: LintOptions, enabled: readonly ThumborProxy[]): number {
  if (thumborKeys(options.signing).length > 0) return 3;
  return enabled.some((proxy) => configuredEndpointOf(url, options[proxy]?.hosts ?? [])) ? 3 : 2;
}

/** The URL read as thumbor/imagor read it, with its evidence (3 for a configured host or a verifying key). */
export function readThumborUrl(url: string, options: LintOptions, enabled: readonly ThumborProxy[]): { reading: ThumborReading; evidence: number } | null {
  for (const proxy of enabled) {
    const endpoint = configuredEndpointOf(url, options[proxy]?.hosts ?? []);
    if (!endpoint) continue;
    const reading = readWith(url, endpoint.prefix ?? '', options, enabled, proxy);
    return reading && { reading, evidence: 3 };
  }
  const direct = readWith(url, '', options, enabled);
  const found = direct ? evidence(direct, direct.verified !== undefined) : 0;
  if (direct && found >= 1) return { reading: direct, evidence: found };
  // A path prefix (`/thumbor/unsafe/…`, `/v1/image/unsafe/…`) is inferred only on unmistakable evidence:
  // `unsafe`, a full-length signature or a key that verifies; without them, no prefix is tried at all.
  if (!mayHoldHash(url) && thumborKeys(options.signing).length === 0) return null;
  const parts = parseSourceUrl(url);
  if (!parts) return null;
  const segments = url.slice(parts.authorityEnd).split(/[?#]/)[0].split('/');
  for (let k = 1; k <= 2 && k + 2 < segments.length; k++) {
    const reading = readWith(url, segments.slice(0, k + 1).join('/'), options, enabled);
    const strength = reading ? evidence(reading, reading.verified !== undefined) : 0;
    if (reading && strength >= 2) return { reading, evidence: strength };
  }
  return null;
}
