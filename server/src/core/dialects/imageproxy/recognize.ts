// Whether a URL is an imageproxy URL, on evidence: a configured host, a signature that verifies or has
// HMAC-SHA256's length, or options only imageproxy writes (`100x150,q75,fit`). A bare `/https://…` path
// or a lone number before the URL (`/2024/https://…`) is how many other services look: not enough.
import type { LintOptions } from '../../types.js';
import { configuredEndpointOf } from '../endpoints.js';
import { parseImageproxyUrl, type ParsedImageproxyUrl } from './parse.js';
import { imageproxyKeys, verifyingImageproxyKey, type ImageproxyKey } from './signature.js';

export interface ImageproxyReading extends ParsedImageproxyUrl {
  verified?: ImageproxyKey;
  /** The remote URL as imageproxy signs it. */
  remote?: string;
}

function evidence(reading: ImageproxyReading): number {
  if (reading.verified) return 3;
  if (!reading.allKnown || reading.source.url === undefined) return 0;
  if (reading.signature && /^[A-Za-z0-9_-]{43}=?$/.test(reading.signature.text)) return 2;
  return reading.options.some((o) => !/^\d*\.?\d+$/.test(o)) ? 1 : 0;
}

/** The most evidence readImageproxyUrl can give `url`: 3 only on a configured host or with a key that could verify. */
export function mostImageproxyEvidence(url: string, options: LintOptions): number {
  const configured = configuredEndpointOf(url, options.imageproxy?.hosts ?? []) !== undefined;
  return configured || imageproxyKeys(options.signing.imageproxy).length > 0 ? 3 : 2;
}

export function readImageproxyUrl(url: string, options: LintOptions): { reading: ImageproxyReading; evidence: number } | null {
  const parsed = parseImageproxyUrl(url);
  if (!parsed) return null;
  const reading: ImageproxyReading = { ...parsed, remote: parsed.source.url };
  const keys = imageproxyKeys(options.signing.imageproxy);
  if (reading.signature && reading.remote && keys.length > 0) reading.verified = verifyingImageproxyKey(reading.signature.text, reading.remote, reading.options, keys);
  if (configuredEndpointOf(url, options.imageproxy?.hosts ?? [])) return { reading, evidence: 3 };
  const found = evidence(reading);
  return found >= 1 ? { reading, evidence: found } : null;
}
