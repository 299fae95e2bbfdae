// The failure classes: how each is recognised in an error text (imgproxy v3/v4, thumbor, imagor and
// imageproxy wordings; spec proxy-logs §7), what it means and what to do. One table, in match order.
import type { Cause, CauseId, Proxy } from './types.js';

interface CauseMeta {
  id: CauseId;
  title: string;
  /** Tried in table order on the error text (case-insensitive): the first class that matches wins. */
  pattern?: RegExp;
  /** What the cause means and what to do, said of the proxy that wrote the log. */
  explanation: string | ((proxy: Proxy) => string);
}

/** Who puts the host into the TLS handshake as written, for each proxy (spec/dialects.md §1). */
const SENDS_HOST_AS_WRITTEN: Record<Proxy, string> = {
  imgproxy: 'imgproxy (Go) sends the host verbatim as the TLS SNI',
  imagor: 'imagor (Go) sends the host verbatim as the TLS SNI',
  imageproxy: 'imageproxy (Go) sends the host verbatim as the TLS SNI',
  thumbor: 'thumbor\'s default HTTP client (tornado\'s simple client) sends the host verbatim as the TLS SNI (its optional libcurl client lowercases it from curl 7.82)',
};

/** How each proxy's source allow-list compares hosts (spec/dialects.md §1). */
const ALLOW_LIST: Record<Proxy, string> = {
  imgproxy: 'imgproxy matches IMGPROXY_ALLOWED_SOURCES case-sensitively, so an uppercase host misses a lowercase entry',
  imagor: 'imagor matches HTTP_LOADER_ALLOWED_SOURCES against the host case-sensitively, so an uppercase host misses a lowercase entry',
  imageproxy: 'imageproxy compares -allowHosts entries with the host case-sensitively, so an uppercase host misses a lowercase entry',
  thumbor: 'thumbor lowercases the host before matching plain ALLOWED_SOURCES entries; a compiled pattern is matched against the whole URL as written',
};

export const CAUSES: readonly CauseMeta[] = [
  {
    id: 'tls-unrecognized-name',
    title: 'TLS: unrecognized name (SNI)',
    pattern: /tls: unrecognized name|TLSV1_UNRECOGNIZED_NAME|tlsv1 unrecognized name/i,
    explanation: (proxy) => `The source server does not know the name the proxy sent as TLS SNI. ${SENDS_HOST_AS_WRITTEN[proxy]}, so a host with uppercase letters reaches case-sensitive servers as an unknown name. Write the host in lowercase; if it already is, the server is not configured for that name.`,
  },
  {
    id: 'tls-handshake',
    title: 'TLS handshake failure',
    pattern: /tls: handshake failure|SSLV3_ALERT_HANDSHAKE_FAILURE|sslv3 alert handshake failure|handshake_failure/i,
    explanation: (proxy) => `The source server aborted the TLS handshake. ${SENDS_HOST_AS_WRITTEN[proxy]}; servers that match SNI case-sensitively reject a host with uppercase letters (imgproxy#1325). Lowercase the host; if it is lowercase already, run \`imgproxy-url-lint --probe\` to see what the server does.`,
  },
  {
    id: 'dns',
    title: 'DNS: the source host does not resolve',
    pattern: /no such host|Name or service not known|nodename nor servname|Temporary failure in name resolution|server misbehaving/i,
    explanation: 'The proxy could not resolve the source host. Check the spelling of the host, and that the proxy\'s resolver can see it (internal names, split DNS).',
  },
  {
    id: 'timeout',
    title: 'Timeout',
    pattern: /timed out|context deadline exceeded|Timeout during request|Timeout while connecting|Client\.Timeout|i\/o timeout/i,
    explanation: 'The source (or the whole request) took longer than the proxy allows (IMGPROXY_DOWNLOAD_TIMEOUT / IMGPROXY_TIMEOUT, imagor HTTP_LOADER timeouts, thumbor HTTP_LOADER_REQUEST_TIMEOUT). The source is slow or unreachable from the proxy.',
  },
  {
    id: 'source-not-allowed',
    title: 'Source not allowed',
    pattern: /Source URL is not allowed|http source not allowed|Request denied: |request contains a denied host|Private source address is not allowed/i,
    explanation: (proxy) => `The proxy refused to fetch the source: it is not in the allow-list (IMGPROXY_ALLOWED_SOURCES, HTTP_LOADER_ALLOWED_SOURCES, thumbor ALLOWED_SOURCES, imageproxy -allowHosts) or resolves to a private address. ${ALLOW_LIST[proxy]}.`,
  },
  {
    id: 'signature',
    title: 'Signature',
    pattern: /Invalid signature|signature appears to be a processing option|^Malformed URL|url signature mismatch|request is no longer valid|error base64 decoding signature|URL has unsafe but unsafe is not allowed|URL does not have hash or unsafe/i,
    explanation: 'The proxy rejected the URL\'s signature: the key and salt that sign the URL differ from the proxy\'s, or the path changed after signing (re-encoding, a path prefix, a rewritten host). Signatures are never compared here; fix the signing code or its configuration.',
  },
  {
    id: 'forbidden',
    title: 'Refused: signature or allow-list',
    pattern: /request does not contain an allowed host or valid signature|request does not contain an allowed referrer/i,
    explanation: 'The proxy refused the request and its log does not say whether the signature or the source allow-list was the reason (imagor answers 403 for both; imageproxy logs one message for both).',
  },
  {
    id: 'unknown-option',
    title: 'Unknown processing option',
    pattern: /(?:Unknown|Forbidden) processing option:? (\S+)/i,
    explanation: 'The URL has a processing option the proxy does not know (or forbids); imgproxy answers 404. Check the option\'s spelling against the proxy\'s documentation.',
  },
  {
    id: 'scheme',
    title: 'Unknown scheme',
    pattern: /unknown scheme/i,
    explanation: 'The source URL\'s scheme is not enabled in the proxy (s3, gs, abs, swift, local need IMGPROXY_USE_S3 / IMGPROXY_USE_GCS / … or IMGPROXY_LOCAL_FILESYSTEM_ROOT). An uppercase scheme ("HTTPS:") is also taken for an unknown one.',
  },
  {
    id: 'source-status',
    title: 'The source answered an HTTP error',
    pattern: /status: (\d{3})|HTTP (\d{3}): |HTTP response code (\d{3})|imagor: (4\d\d) (?!http source)/i,
    explanation: 'The source server answered with an error status: the URL reaches the server but names something it will not serve (404: the path does not exist; 401/403: the source needs credentials). imgproxy passes a source 4xx through and answers 502 for a source 5xx.',
  },
  {
    id: 'unknown',
    title: 'Failed, cause not named by the log',
    explanation: 'The log says the request failed but not why. The engine\'s verdicts on the source (below) may name the cause.',
  },
];

const byId = new Map(CAUSES.map((cause) => [cause.id, cause]));

export function causeMeta(id: CauseId): CauseMeta {
  return byId.get(id)!;
}

/** What a cause means, said of the proxy that wrote the log. */
export function explainCause(id: CauseId, proxy: Proxy): string {
  const { explanation } = causeMeta(id);
  return typeof explanation === 'string' ? explanation : explanation(proxy);
}

/** Status-only classes: imagor's access line carries no error text (spec proxy-logs §7.3). */
function fromStatus(proxy: Proxy, status: number | undefined): Cause {
  if (proxy === 'imagor' && status === 408) return { id: 'timeout' };
  if (proxy === 'imagor' && status === 403) return { id: 'forbidden' };
  return { id: 'unknown' };
}

/** The class of a failure, from its error text, else (imagor) from its status. Status never overrides text. */
export function classify(proxy: Proxy, error: string | undefined, status: number | undefined): Cause {
  if (error !== undefined) {
    for (const cause of CAUSES) {
      const match = cause.pattern?.exec(error);
      if (!match) continue;
      const detail = match.slice(1).find((group) => group !== undefined);
      return detail === undefined ? { id: cause.id } : { id: cause.id, detail };
    }
  }
  return fromStatus(proxy, status);
}

const GET_URL = /\b(?:Get|Head) "([^"]+)"/g;
const ERROR_SOURCES = [
  /Source URL is not allowed: (\S+)/,
  /no such host: ([a-z][a-z0-9+.-]*:\/\/\S+)$/i,
  /^request [^:]*: ([a-z][a-z0-9+.-]*:\/\/\S+)$/i,
];

/**
 * The source URL an error text names: the last `Get "<url>"` of Go's url.Error (imageproxy wraps one in
 * another; the inner one has no fragment), an allow-list refusal's URL, imagor's DNS text. Undefined when none.
 */
export function sourceFromError(error: string): string | undefined {
  let last: string | undefined;
  for (const match of error.matchAll(GET_URL)) last = match[1];
  if (last === undefined) {
    for (const pattern of ERROR_SOURCES) {
      const match = pattern.exec(error);
      if (match) {
        last = match[1];
        break;
      }
    }
  }
  // imageproxy's `URL#options` (the options include the signature): the fragment is not part of the source.
  return last === undefined ? undefined : last.replace(/#.*$/s, '');
}
