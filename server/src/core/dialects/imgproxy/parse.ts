// Reads one imgproxy URL exactly as imgproxy v4 does (spec §1.2-§1.7), keeping the offsets of every part
// in the URL as written so that fixes can rewrite the source in place.
import { createDecipheriv } from 'node:crypto';
import { bytesAsText, decodeRawUrlBase64, trimPadding } from '../../base64.js';
import { identityMapped, insertMapped, isPercentEncodedSource, percentDecodeMapped } from '../../mapped.js';
import { LEGACY_RESIZE_TYPES, optionFullName, URL_OPTIONS } from './option-names.js';
import type { ImgproxySettings, SigningSettings } from '../../types.js';

import { proxyPath } from '../endpoints.js';
import type { Segment, SourceKind, SourceReading } from '../types.js';

export type { Segment, SourceKind };

export interface ParsedOption {
  /** Name and arguments after `%3A` → `:` normalisation, split on the arguments separator. */
  name: string;
  args: string[];
  /** Full option name when imgproxy knows it (undefined for unknown names). */
  fullName?: string;
  segment: Segment;
}

/** An imgproxy source (offsets include the extension; `fromBaseUrl` when IMGPROXY_BASE_URL was prepended). */
export interface DecodedSource extends SourceReading {
  /** Base64 sources: an SEO filename segment. */
  filename?: Segment;
  /** enc sources: true when the payload was decrypted with a known key. */
  decrypted?: boolean;
  /** option sources (wmu:/fiu:): the option carrying the URL. */
  option?: ParsedOption;
}

export interface ParsedImgproxyUrl {
  url: string;
  /** The imgproxy endpoint as written, e.g. `https://imgproxy.example.com`, and its host. */
  endpoint: string;
  endpointHost: string;
  /** Path prefix found (configured or inferred), '' when none. */
  prefix: string;
  info: boolean;
  signature: Segment;
  options: ParsedOption[];
  /** Presets-only mode: the preset list segment. */
  presets?: Segment;
  source: DecodedSource;
  /** Sources carried by wmu:/fiu: options. */
  optionSources: DecodedSource[];
  /** The main source, then the option sources. */
  sources: DecodedSource[];
  /** Offset where the path ends (`?`, `#` or the end). */
  pathEnd: number;
  /** Set when imgproxy rejects the path outright (basic v2 format). */
  legacyFormat?: string;
}

const SCHEME_PREFIX = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const PLAIN_REPAIR = /^(\S+):\/([^/])/;

/** imgproxy's re-denormalisation of the path after the signature (spec §1.2 step 4): what gets signed. */
export function redenormalize(rest: string): string {
  const plainAt = rest.startsWith('plain/') ? 0 : rest.indexOf('/plain/');
  if (plainAt === -1) return rest.replaceAll('%3A', ':');
  const cut = plainAt === 0 ? 'plain/'.length : plainAt + '/plain/'.length;
  const options = rest.slice(0, cut).replaceAll('%3A', ':');
  const plain = rest.slice(cut).replace(PLAIN_REPAIR, (_m, scheme: string, next: string) => `${scheme}://${scheme === 'local' ? '/' : ''}${next}`);
  return options + plain;
}

/** What a URL's path gives before its source is read: enough to tell whether reading on can convince. */
export interface ImgproxyUrlHead {
  endpointHost: string;
  signature: Segment;
  options: ParsedOption[];
}

/**
 * Parses `url` (an http(s) URL as written) as an imgproxy URL, with `prefixSegments` leading path
 * segments taken as a path prefix. Returns null when the path cannot be an imgproxy path at all, or when
 * `worthReading` says its signature and options cannot make it one (then its source is never decoded).
 */
export function parseImgproxyUrl(url: string, settings: ImgproxySettings, signing: SigningSettings, prefix: string, worthReading?: (head: ImgproxyUrlHead) => boolean): ParsedImgproxyUrl | null {
  const located = proxyPath(url);
  if (!located) return null;
  const { endpointParts, pathStart, pathEnd } = located;
  const path = url.slice(pathStart, pathEnd);
  if (prefix !== '' && !(path.startsWith(prefix + '/'))) return null;
  let cursor = pathStart + prefix.length;
  if (url[cursor] !== '/') return null;
  cursor++;

  const segments = splitSegments(url, cursor, pathEnd);
  let info = false;
  if (segments.length >= 4 && segments[0].text === 'info') {
    info = true;
    segments.shift();
  }
  if (segments.length < 2 || segments[0].text === '') return null;
  const signature = segments[0];
  const rest = segments.slice(1);
  const separator = settings.argumentsSeparator;
  const plainIndex = rest.findIndex((s) => s.text === 'plain');
  const normalized = (s: Segment, i: number) => (plainIndex === -1 || i <= plainIndex ? s.text.replaceAll('%3A', ':') : s.text);

  const options: ParsedOption[] = [];
  let presets: Segment | undefined;
  let sourceIndex = 0;
  if (settings.onlyPresets) {
    presets = rest[0];
    sourceIndex = 1;
  } else {
    // Each segment normalised once: a URL can carry thousands of options, and every string made here is garbage to collect.
    for (; sourceIndex < rest.length; sourceIndex++) {
      const text = normalized(rest[sourceIndex], sourceIndex);
      if (!text.includes(separator)) break;
      const args = text.split(separator);
      const name = args.shift()!;
      options.push({ name, args, fullName: optionFullName(name, info), segment: rest[sourceIndex] });
    }
  }
  const sourceSegments = rest.slice(sourceIndex);
  if (sourceSegments.length === 0 || (sourceSegments.length === 1 && sourceSegments[0].text === '')) return null;
  const endpointHost = url.slice(endpointParts.hostStart, endpointParts.hostEnd);
  if (worthReading && !worthReading({ endpointHost, signature, options })) return null;

  const parsed: ParsedImgproxyUrl = {
    url,
    endpoint: url.slice(0, pathStart),
    endpointHost,
    prefix,
    info,
    signature,
    options,
    presets,
    source: decodeSource(url, sourceSegments, pathEnd, settings, signing),
    optionSources: [],
    sources: [],
    pathEnd,
  };
  if (!settings.onlyPresets && options.length === 0 && LEGACY_RESIZE_TYPES.has(sourceSegments[0].text) && sourceSegments.length > 2) {
    parsed.legacyFormat = `"${sourceSegments[0].text}/…" is imgproxy 2's basic URL format, removed in imgproxy 3; use "rs:${sourceSegments[0].text}:…" options`;
  }
  for (const option of options) {
    if (option.fullName && URL_OPTIONS.has(option.fullName) && option.args[0]) {
      const argStart = option.segment.start + option.segment.text.indexOf(separator) + 1;
      parsed.optionSources.push(decodeOptionUrl(option, { text: option.args[0], start: argStart, end: argStart + option.args[0].length }));
    }
  }
  parsed.sources = [parsed.source, ...parsed.optionSources];
  return parsed;
}

function splitSegments(url: string, from: number, to: number): Segment[] {
  const segments: Segment[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || url[i] === '/') {
      segments.push({ text: url.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  return segments;
}

/** A plain source written with percent-escapes. */
export const isPercentEncoded: (source: DecodedSource) => boolean = isPercentEncodedSource;

function emptySource(kind: SourceKind, start: number, end: number): DecodedSource {
  return { kind, start, end, escapingProblems: [], fromBaseUrl: false };
}

function decodeSource(url: string, segments: Segment[], pathEnd: number, settings: ImgproxySettings, signing: SigningSettings): DecodedSource {
  const start = segments[0].start;
  const end = segments[segments.length - 1].end;
  if (segments[0].text === 'plain' && segments.length > 1) return decodePlain(url, segments[1].start, pathEnd, settings);
  if (segments[0].text === 'enc' && segments.length > 1) return decodeEncrypted(segments.slice(1), start, end, settings, signing);
  return decodeBase64(segments, start, end, settings);
}

function applyBaseUrl(source: DecodedSource, decoded: string, settings: ImgproxySettings): void {
  if (settings.baseUrl !== '' && !decoded.startsWith(settings.baseUrl)) {
    source.url = settings.baseUrl + decoded;
    source.fromBaseUrl = true;
  } else {
    source.url = decoded;
  }
}

function decodePlain(url: string, start: number, pathEnd: number, settings: ImgproxySettings): DecodedSource {
  const source = emptySource('plain', start - 'plain/'.length, pathEnd);
  let mapped = identityMapped(url.slice(start, pathEnd), start);
  const repair = PLAIN_REPAIR.exec(mapped.text);
  if (repair) {
    const insertAt = repair[1].length + 2;
    mapped = insertMapped(mapped, insertAt, repair[1] === 'local' ? '//' : '/');
  }
  const ats = [...mapped.text.matchAll(/@/g)].map((m) => m.index!);
  if (url[pathEnd] === '?') source.escapingProblems.push('an unescaped "?": imgproxy never sees the query; write it as %3F');
  if (url[pathEnd] === '#') source.escapingProblems.push('an unescaped "#": clients never send the fragment; write it as %23');
  if (ats.length > 1) {
    source.escapingProblems.push(`${ats.length} "@" characters: imgproxy takes "@" as the extension separator and fails with "Multiple formats are specified"; write "@" in the source as %40`);
    source.error = 'more than one "@" (imgproxy: "Multiple formats are specified")';
    return source;
  }
  let body = mapped;
  if (ats.length === 1) {
    const extension = mapped.text.slice(ats[0] + 1);
    body = { text: mapped.text.slice(0, ats[0]), starts: mapped.starts.slice(0, ats[0]), ends: mapped.ends.slice(0, ats[0]) };
    source.extension = extension;
    if (extension.includes('/') || extension.includes('.')) {
      source.escapingProblems.push(`an "@" inside the source: imgproxy takes "@${extension.length > 30 ? extension.slice(0, 30) + '…' : extension}" as the output format and fails; write "@" as %40`);
    }
  }
  const decoded = percentDecodeMapped(body);
  if ('badEscapeAt' in decoded) {
    const at = body.starts[decoded.badEscapeAt];
    source.escapingProblems.push(`a "%" that does not start a valid escape ("${url.slice(at, at + 3)}"); write "%" as %25`);
    source.error = `invalid percent escape "${url.slice(at, at + 3)}"`;
    return source;
  }
  source.mapped = decoded;
  applyBaseUrl(source, decoded.text, settings);
  return source;
}

/** Splits joined base64 text into payload, padding and extension as imgproxy does (spec §1.4). */
function splitBase64(segments: Segment[], settings: ImgproxySettings): { parts: Segment[]; filename?: Segment; payload: string; padding: string; extension?: string; error?: string } {
  let parts = segments;
  let filename: Segment | undefined;
  if (settings.base64UrlIncludesFilename && parts.length > 1) {
    filename = parts[parts.length - 1];
    parts = parts.slice(0, -1);
  }
  const joined = parts.map((p) => p.text).join('');
  const pieces = joined.split('.');
  if (pieces.length > 2) return { parts, filename, payload: '', padding: '', error: `more than one "." (imgproxy: two extensions)` };
  const padded = pieces[0];
  const payload = trimPadding(padded);
  return { parts, filename, payload, padding: padded.slice(payload.length), extension: pieces[1] };
}


/** A base64 or enc source with its chunks, padding and extension laid out; `payload` undefined on error. */
function splitSource(kind: 'base64' | 'enc', segments: Segment[], start: number, end: number, settings: ImgproxySettings): { source: DecodedSource; payload?: string } {
  const split = splitBase64(segments, settings);
  const source: DecodedSource = { kind, start, end, escapingProblems: [], fromBaseUrl: false, chunks: split.parts, filename: split.filename, padding: split.padding, extension: split.extension };
  if (split.error) source.error = split.error;
  return { source, payload: split.error ? undefined : split.payload };
}

function decodeBase64(segments: Segment[], start: number, end: number, settings: ImgproxySettings): DecodedSource {
  const { source, payload } = splitSource('base64', segments, start, end, settings);
  if (payload === undefined) return source;
  const bytes = decodeRawUrlBase64(payload);
  if (!bytes) {
    source.error = `"${truncate(payload)}" is not base64url (imgproxy reads A-Z a-z 0-9 - _ only, "=" padding only at the end)`;
    return source;
  }
  const text = bytesAsText(bytes);
  if (text === null) {
    source.error = 'the base64 decodes to binary data, not a URL';
    return source;
  }
  if (!SCHEME_PREFIX.test(text) && settings.baseUrl === '') {
    source.error = `the base64 decodes to "${truncate(text)}", which is not a URL`;
    return source;
  }
  applyBaseUrl(source, text, settings);
  return source;
}

function decodeEncrypted(segments: Segment[], start: number, end: number, settings: ImgproxySettings, signing: SigningSettings): DecodedSource {
  const { source, payload } = splitSource('enc', segments, start, end, settings);
  if (payload === undefined) return source;
  const bytes = decodeRawUrlBase64(payload);
  if (!bytes || bytes.length < 32 || bytes.length % 16 !== 0) {
    source.error = 'the encrypted payload is not base64url of an IV and whole AES blocks';
    return source;
  }
  if (!signing.encryptionKey) return source;
  const key = signing.encryptionKey;
  try {
    const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, bytes.subarray(0, 16));
    const text = bytesAsText(Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]));
    if (text === null) throw new Error('binary');
    source.decrypted = true;
    applyBaseUrl(source, text, settings);
  } catch {
    source.error = 'the encrypted source does not decrypt with IMGPROXY_SOURCE_URL_ENCRYPTION_KEY';
  }
  return source;
}

function decodeOptionUrl(option: ParsedOption, arg: Segment): DecodedSource {
  const source: DecodedSource = { ...emptySource('option', arg.start, arg.end), option, chunks: [arg], padding: '' };
  const payload = trimPadding(arg.text);
  source.padding = arg.text.slice(payload.length);
  const bytes = decodeRawUrlBase64(payload);
  const text = bytes && bytesAsText(bytes);
  if (!text || !SCHEME_PREFIX.test(text)) {
    source.error = `the ${option.name}: argument is not a base64url-encoded URL`;
    return source;
  }
  source.url = text;
  return source;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
