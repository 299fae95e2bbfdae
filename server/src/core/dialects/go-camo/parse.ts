// One go-camo URL read as go-camo reads it (pkg/encoding/url.go): `/<digest>/<encoded url>`, a 40-character
// hex digest meaning hex for both, otherwise base64url without padding for both.
import { bytesAsText, decodeRawUrlBase64 } from '../../base64.js';
import { proxyPath } from '../endpoints.js';
import type { Segment, SourceReading } from '../types.js';

export interface ParsedCamoUrl {
  url: string;
  endpoint: string;
  digest: Segment;
  encoding: 'hex' | 'base64';
  source: SourceReading;
  sources: SourceReading[];
}

const REMOTE = /^https?:\/\//i;

/** The bytes of `text` in the encoding, or null when it is not that encoding. */
function decode(text: string, encoding: 'hex' | 'base64'): Buffer | null {
  if (encoding === 'hex') return /^([0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : null;
  return decodeRawUrlBase64(text);
}

export function parseCamoUrl(url: string): ParsedCamoUrl | null {
  const located = proxyPath(url);
  if (!located) return null;
  const { pathStart, pathEnd } = located;
  // The digest is 20 bytes: 40 hex digits or 27 base64url characters. Told before anything is cut or
  // decoded, as every link in a file is asked. (A third segment fails the URL's decoding: `/` is in neither.)
  const slash = url.indexOf('/', pathStart + 1);
  if (url[pathStart] !== '/' || slash === -1 || slash >= pathEnd) return null;
  const digestStart = pathStart + 1;
  if (slash - digestStart !== 40 && slash - digestStart !== 27) return null;
  const segments = [url.slice(digestStart, slash), url.slice(slash + 1, pathEnd)];
  const digest = { text: segments[0], start: digestStart, end: slash };
  const encoding = /^[0-9a-fA-F]{40}$/.test(digest.text) ? 'hex' : 'base64';
  const digestBytes = decode(digest.text, encoding);
  if (!digestBytes || digestBytes.length !== 20) return null;
  const chunk = { text: segments[1], start: digest.end + 1, end: pathEnd };
  const bytes = decode(chunk.text, encoding);
  const text = bytes && bytesAsText(bytes);
  if (!text || !REMOTE.test(text)) return null;
  const source: SourceReading = { kind: encoding, start: chunk.start, end: chunk.end, url: text, escapingProblems: [], fromBaseUrl: false, chunks: [chunk], padding: '' };
  return { url, endpoint: url.slice(0, pathStart), digest, encoding, source, sources: [source] };
}
