// Reading the source URL out of a logged request path, one reader per proxy: each is the engine's own
// reader of that proxy's dialect, on a path taken to be that proxy's whatever its shape (a log line is a
// request to the proxy that wrote it), so the verdicts are said of that proxy.
import { readUrl } from '../dialects/index.js';
import type { ImageproxyReading } from '../dialects/imageproxy/recognize.js';
import type { ThumborReading } from '../dialects/thumbor/recognize.js';
import type { DialectReading, Segment } from '../dialects/types.js';
import { lintText } from '../lint.js';
import { parseImgproxyUrl, type ParsedImgproxyUrl } from '../dialects/imgproxy/parse.js';
import { recognizeImgproxyUrl } from '../dialects/imgproxy/recognize.js';
import { isPlaceholderSignature } from '../dialects/imgproxy/signature.js';
import type { LintOptions } from '../types.js';
import type { Proxy, RuleVerdict } from './types.js';

export interface PathReading {
  /** The decoded source URL, when the path decodes to one. */
  source?: string;
  /** The path is an encrypted (`enc/`) source that cannot be read without the key. */
  encrypted?: boolean;
  /** The engine's findings on the URL (unknown options, a signature segment that is an option, host rules). */
  verdicts: RuleVerdict[];
  /** [start, end) of the signature segment in the path, for redaction. */
  signature?: [number, number];
}

export type PathReader = (path: string, options: LintOptions) => PathReading | undefined;

/** Any host serves: the log has the path only, and the endpoint plays no part in reading it. */
const ENDPOINT = 'http://imgproxy.invalid';

function readImgproxyPath(path: string, options: LintOptions): PathReading | undefined {
  if (!path.startsWith('/')) return undefined;
  const url = ENDPOINT + path;
  // The shape decides the path prefix when it is unmistakable (e.g. `/url/<sig>/…`); otherwise the
  // configured one, since a log line is an imgproxy request whatever its shape.
  const parsed: ParsedImgproxyUrl | null = recognizeImgproxyUrl(url, options) ?? parseImgproxyUrl(url, options.imgproxy, options.signing, options.imgproxy.pathPrefix);
  if (!parsed) return undefined;
  const asConfigured: LintOptions = { ...options, checkAllUrls: false, imgproxy: { ...options.imgproxy, hosts: [ENDPOINT + parsed.prefix] } };
  const offset = ENDPOINT.length;
  const signature = parsed.signature.text;
  // A placeholder (`insecure`, `_`) or a processing option in its place is no secret: it stays visible.
  const secret = !isPlaceholderSignature(signature) && !signature.includes(options.imgproxy.argumentsSeparator);
  const verdicts = verdictsOf(url, asConfigured, secret ? signature : undefined);
  return {
    source: parsed.source.error ? undefined : parsed.source.url,
    encrypted: parsed.source.kind === 'enc' && !parsed.source.decrypted,
    verdicts,
    signature: secret ? [parsed.signature.start - offset, parsed.signature.end - offset] : undefined,
  };
}

/** The engine's findings on `url` with a secret signature hidden in their messages. */
function verdictsOf(url: string, options: LintOptions, secret: string | undefined): RuleVerdict[] {
  return lintText(url, options).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: secret ? f.message.replaceAll(secret, '…') : f.message,
  }));
}

/** The signature of a thumbor/imagor reading (its hash, unless `unsafe`) or of an imageproxy one (its `s` option's value). */
function signatureOf(reading: DialectReading): Segment | undefined {
  if ('hash' in reading) {
    const { hash } = reading as ThumborReading;
    return hash.text === 'unsafe' ? undefined : hash;
  }
  return (reading as ImageproxyReading).signature;
}

/** A path reader for a proxy with a dialect of its own: the path read as that proxy's alone. */
function dialectPathReader(proxy: 'thumbor' | 'imagor' | 'imageproxy'): PathReader {
  const endpoint = `http://${proxy}.invalid`;
  return (path, options) => {
    if (!path.startsWith('/')) return undefined;
    const url = endpoint + path;
    const asConfigured: LintOptions = { ...options, checkAllUrls: false, dialects: [proxy], [proxy]: { hosts: [endpoint] } };
    const read = readUrl(url, asConfigured);
    if (!read) return undefined;
    const signature = signatureOf(read.reading);
    const source = read.reading.sources[0];
    return {
      source: source?.error ? undefined : source?.url,
      verdicts: verdictsOf(url, asConfigured, signature?.text),
      signature: signature && [signature.start - endpoint.length, signature.end - endpoint.length],
    };
  };
}

export const PATH_READERS: Readonly<Record<Proxy, PathReader | undefined>> = {
  imgproxy: readImgproxyPath,
  thumbor: dialectPathReader('thumbor'),
  imagor: dialectPathReader('imagor'),
  imageproxy: dialectPathReader('imageproxy'),
};
