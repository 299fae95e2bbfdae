// Decides whether an http(s) URL is an imgproxy URL (spec §8.1) and with which path prefix.
import { parseImgproxyUrl, type ImgproxyUrlHead, type ParsedImgproxyUrl } from './parse.js';
import { isPlaceholderSignature, looksLikeSignature } from './signature.js';
import { optionFullName } from './option-names.js';
import type { LintOptions } from '../../types.js';
import { configuredEndpointOf, proxyPath, type Endpoint } from '../endpoints.js';

function configuredEndpoint(url: string, options: LintOptions): Endpoint | undefined {
  return configuredEndpointOf(url, options.imgproxy.hosts);
}

/**
 * A signature of imgproxy's form: base64url of exactly IMGPROXY_SIGNATURE_SIZE bytes (43 characters at
 * the default 32). go-camo's and thumbor's HMAC-SHA1 digests (27 or 28 characters, or 40 hex) are not.
 */
function hasImgproxySignatureForm(signature: string, options: LintOptions): boolean {
  return signature.length === Math.ceil((options.signing.signatureSize * 4) / 3) && looksLikeSignature(signature);
}

/** An endpoint host named after imgproxy (`imgproxy.example.com`, `imgproxy:8080`). */
function hostSaysImgproxy(head: Pick<ImgproxyUrlHead, 'endpointHost'>): boolean {
  return /(^|[.-])imgproxy([.-]|$)/i.test(head.endpointHost);
}

/** Whether a segment written `name<separator>…` names an option imgproxy knows (`info`: an info endpoint's option too). */
function namesKnownOption(text: string, separator: string, info = false): boolean {
  const at = text.indexOf(separator);
  if (at === -1) return false;
  const name = text.slice(0, at);
  return optionFullName(name) !== undefined || (info && optionFullName(name, true) !== undefined);
}

/** What the signature segment says: imgproxy's form (or a placeholder), and whether it is evidence at all. */
function signatureSays(head: ImgproxyUrlHead, options: LintOptions): { realSignature: boolean; signatureEvidence: boolean } {
  const signature = head.signature.text;
  const realSignature = isPlaceholderSignature(signature) || hasImgproxySignatureForm(signature, options);
  const optionLike = namesKnownOption(signature, options.imgproxy.argumentsSeparator);
  return { realSignature, signatureEvidence: realSignature || optionLike || (looksLikeSignature(signature) && hostSaysImgproxy(head)) };
}

/**
 * Whether `evidence` can find anything: every way it has to say more than 0 needs signature evidence or a
 * known option. Asked before the source is decoded, so an ordinary link costs no base64 decoding.
 */
export function mayConvince(head: ImgproxyUrlHead, options: LintOptions): boolean {
  return head.options.some((o) => o.fullName) || signatureSays(head, options).signatureEvidence;
}

/**
 * Whether some reading of the URL, with any path prefix, may convince (mayConvince): a head's signature
 * and options are segments of the path, so one segment must be a signature of imgproxy's form, a
 * placeholder, or name a known option (`%3A` read as `:`, either endpoint's names). Checked on one split
 * of the path, before the readings: most links in code are ordinary, and each reading parses the URL.
 */
export function mayConvinceWithAnyPrefix(path: string, endpointHost: string, options: LintOptions): boolean {
  if (hostSaysImgproxy({ endpointHost })) return true;
  const separator = options.imgproxy.argumentsSeparator;
  for (const segment of path.split('/')) {
    if (isPlaceholderSignature(segment) || hasImgproxySignatureForm(segment, options) || namesKnownOption(segment, separator, true)) return true;
    if (segment.includes('%3A') && namesKnownOption(segment.replaceAll('%3A', ':'), separator, true)) return true;
  }
  return false;
}

/**
 * How much the URL looks like imgproxy's: 0 not at all, 1 plausible, 2 unmistakable. Evidence is what
 * only imgproxy's URLs have (spec §8.1): a signature of its form or a placeholder, a known option name,
 * `/plain/`, an endpoint named imgproxy. A shape other proxies share (`/<digest>/<base64 url>`, go-camo's)
 * is not enough by itself.
 */
export function evidence(parsed: ParsedImgproxyUrl, options: LintOptions): number {
  const { realSignature, signatureEvidence } = signatureSays(parsed, options);
  const knownOptions = parsed.options.filter((o) => o.fullName).length;
  const source = parsed.source;
  if (parsed.legacyFormat) return 0;
  const decodedToUrl = source.url !== undefined && source.error === undefined && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(source.url);
  if (source.kind === 'base64') {
    if (decodedToUrl) return signatureEvidence || knownOptions > 0 ? 2 : 0;
    return realSignature && knownOptions > 0 ? 1 : 0;
  }
  if (source.kind === 'plain') {
    const strong = signatureEvidence || knownOptions > 0;
    if (decodedToUrl || source.escapingProblems.length > 0) return strong ? 2 : 0;
    return realSignature && knownOptions > 0 ? 1 : 0;
  }
  // enc: opaque without the key; needs the signature or options to vouch for it.
  return signatureEvidence || knownOptions > 0 ? (signatureEvidence && knownOptions > 0 ? 2 : 1) : 0;
}

/**
 * The URL read as imgproxy reads it, with its evidence (3 for a configured host), or null when it is not
 * an imgproxy URL. Configured hosts are imgproxy URLs whatever their shape; otherwise the shape must
 * convince, and an unconfigured path prefix of one or two segments is inferred only on unmistakable evidence.
 */
export function readImgproxyUrl(url: string, options: LintOptions): { reading: ParsedImgproxyUrl; evidence: number } | null {
  const { imgproxy, signing } = options;
  const endpoint = configuredEndpoint(url, options);
  if (endpoint) {
    const prefix = endpoint.prefix ?? imgproxy.pathPrefix;
    const reading = parseImgproxyUrl(url, imgproxy, signing, prefix);
    return reading && { reading, evidence: 3 };
  }
  const convincing = (reading: ParsedImgproxyUrl | null, least: number) => {
    const found = reading ? evidence(reading, options) : 0;
    return reading && found >= least ? { reading, evidence: found } : null;
  };
  const located = proxyPath(url);
  if (!located) return null;
  const path = url.slice(located.pathStart, located.pathEnd);
  if (!mayConvinceWithAnyPrefix(path, url.slice(located.endpointParts.hostStart, located.endpointParts.hostEnd), options)) return null;
  const worthReading = (head: ImgproxyUrlHead) => mayConvince(head, options);
  if (imgproxy.pathPrefix !== '') {
    const read = convincing(parseImgproxyUrl(url, imgproxy, signing, imgproxy.pathPrefix, worthReading), 1);
    if (read) return read;
  }
  const direct = convincing(parseImgproxyUrl(url, imgproxy, signing, '', worthReading), 1);
  if (direct) return direct;
  const segments = path.split('/');
  for (let k = 1; k <= 2 && k + 2 < segments.length; k++) {
    const read = convincing(parseImgproxyUrl(url, imgproxy, signing, segments.slice(0, k + 1).join('/'), worthReading), 2);
    if (read) return read;
  }
  return null;
}

/** The URL read as imgproxy reads it, or null when it is not an imgproxy URL (see readImgproxyUrl). */
export function recognizeImgproxyUrl(url: string, options: LintOptions): ParsedImgproxyUrl | null {
  return readImgproxyUrl(url, options)?.reading ?? null;
}
