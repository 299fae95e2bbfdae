// go-camo's dialect (cactus/go-camo): `/<digest>/<encoded url>`. The base64url form is go-camo's alone; the
// hex form is shared exactly with the Node camo (which lowercases the host, so it is not affected), so it is
// read only when a configured host or a GOCAMO_HMAC that verifies the digest says it is go-camo's.
import type { ProxyFacts } from '../../host.js';
import { applyEdits } from '../../text.js';
import { rewriteSource } from '../../fix.js';
import type { LintOptions } from '../../types.js';
import { configuredEndpointOf } from '../endpoints.js';
import { urlWithHost } from '../markdown.js';
import type { Dialect, SignatureState, UrlJudgement } from '../types.js';
import { parseCamoUrl, type ParsedCamoUrl } from './parse.js';
import { camoDigest, camoDigestMatches } from './signature.js';

const FACTS: ProxyFacts = {
  uppercase: 'go-camo (Go) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake ("remote error: tls: handshake failure"); the host is hidden in the encoded URL, so nobody sees it',
  scheme: 'lowercase is the canonical form (RFC 3986)',
  // pkg/camo: `localhost` names are refused before the fetch, and the dialer refuses every address that
  // is not global unicast (ErrRejectIP, answered 404): such a source never loads.
  loopback: 'go-camo refuses it (its dialer rejects addresses that are not global unicast) and answers 404',
  linkLocal: 'go-camo refuses it (its dialer rejects addresses that are not global unicast) and answers 404',
};

function state(reading: ParsedCamoUrl, options: LintOptions, hasHoles: boolean): SignatureState<string> {
  const key = options.signing.goCamo?.key;
  if (!key || hasHoles) return { kind: 'unknown-key' };
  return camoDigestMatches(key, reading.source.url!, reading.digest.text, reading.encoding) ? { kind: 'valid', key } : { kind: 'invalid' };
}

function judge(reading: ParsedCamoUrl, options: LintOptions, hasHoles: boolean): UrlJudgement {
  const signature = state(reading, options, hasHoles);
  if (signature.kind !== 'invalid') return { problems: [], state: signature };
  return {
    state: signature,
    problems: [{ rule: 'signature-mismatch', message: `The digest "${reading.digest.text}" is not HMAC-SHA1 of the URL with GOCAMO_HMAC; go-camo answers 403. Sign the URL with the configured key.`, start: reading.digest.start, end: reading.digest.end }],
  };
}

export const goCamoDialect: Dialect<ParsedCamoUrl> = {
  id: 'go-camo',
  serves: ['go-camo'],
  read(url, options) {
    const reading = parseCamoUrl(url);
    if (!reading) return null;
    if (configuredEndpointOf(url, options.goCamo?.hosts ?? [])) return { reading, evidence: 3 };
    const key = options.signing.goCamo?.key;
    if (key && camoDigestMatches(key, reading.source.url!, reading.digest.text, reading.encoding)) return { reading, evidence: 3 };
    // imgproxy with IMGPROXY_SIGNATURE_SIZE=20 writes the same shape: plausible, so imgproxy's evidence wins.
    return reading.encoding === 'base64' ? { reading, evidence: 1 } : null;
  },
  mostEvidence: (url, options) => (options.signing.goCamo?.key || configuredEndpointOf(url, options.goCamo?.hosts ?? []) ? 3 : 1),
  judge,
  describeSource: (reading) => ` (decoded from ${reading.encoding === 'hex' ? 'hex' : 'base64url'})`,
  sourceLabel: () => 'encoded URL',
  facts: () => FACTS,
  fix(reading, wanted, signature) {
    const edits = rewriteSource(reading.source, wanted);
    if (!edits || edits.length === 0) return null;
    if (signature.kind === 'unknown-key') return { reason: 'the digest signs the URL and GOCAMO_HMAC is unknown, so it cannot be re-signed; set GOCAMO_HMAC in the env file named by signing.envFile' };
    let newUrl = applyEdits(reading.url, edits);
    if (signature.kind === 'valid') {
      const fixed = parseCamoUrl(newUrl)!;
      const digest = camoDigest(signature.key as string, fixed.source.url!, reading.encoding, reading.encoding === 'hex' && /[A-F]/.test(reading.digest.text));
      newUrl = newUrl.slice(0, reading.digest.start) + digest + newUrl.slice(reading.digest.end);
    }
    return { newUrl };
  },
  explain(reading, options) {
    const verdict = state(reading, options, false).kind;
    return [
      '**go-camo URL** (cactus/go-camo)', '',
      `- endpoint: \`${reading.endpoint}\``,
      `- digest (${reading.encoding}): \`${reading.digest.text}\` ${{ valid: '**valid** for GOCAMO_HMAC', invalid: '**invalid** for GOCAMO_HMAC', 'unknown-key': 'unchecked (no GOCAMO_HMAC known)', unsigned: '' }[verdict]}`,
      `- URL (${reading.encoding}): ${urlWithHost(reading.source.url!)}`,
    ].join('\n');
  },
};
