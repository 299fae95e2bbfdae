// Reading the source URL out of a logged request path, one reader per proxy. imgproxy's is the engine's
// own URL reader (recognize.ts / imgproxy.ts); thumbor's, imagor's and imageproxy's slot in here when
// their dialect readers exist (issue 12): until then those proxies' sources come from the error text.
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
  const verdicts = lintText(url, asConfigured).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: secret ? f.message.replaceAll(`"${signature}"`, '"…"') : f.message,
  }));
  return {
    source: parsed.source.error ? undefined : parsed.source.url,
    encrypted: parsed.source.kind === 'enc' && !parsed.source.decrypted,
    verdicts,
    signature: secret ? [parsed.signature.start - offset, parsed.signature.end - offset] : undefined,
  };
}

export const PATH_READERS: Readonly<Record<Proxy, PathReader | undefined>> = {
  imgproxy: readImgproxyPath,
  thumbor: undefined,
  imagor: undefined,
  imageproxy: undefined,
};
