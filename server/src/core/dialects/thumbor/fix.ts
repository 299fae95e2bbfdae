// A thumbor/imagor URL fixed: every source made canonical in its own encoding (plain, percent-encoded,
// imagor's b64:), and a signed URL re-signed with the key that signed it, over the same form of the path.
import { canonicalEdits, rewriteSource, type Canonicalize } from '../../fix.js';
import { applyEdits } from '../../text.js';
import type { OffsetEdit } from '../../types.js';
import type { UrlFix } from '../types.js';
import type { ThumborSignatureState } from './judge.js';
import type { ThumborReading } from './recognize.js';
import { signThumborPath } from './signature.js';

export function fixThumborUrl(reading: ThumborReading, wanted: Canonicalize, state: ThumborSignatureState): UrlFix {
  const edits: OffsetEdit[] = [];
  for (const source of reading.sources) {
    const rewrite = rewriteSource(source, wanted);
    if (rewrite === null) {
      if (source.url && canonicalEdits(source.url, wanted).length > 0) return { reason: 'the source cannot be rewritten in place' };
      continue;
    }
    edits.push(...rewrite);
  }
  if (edits.length === 0) return null;
  if (state.kind === 'unknown-key') {
    return { reason: `the URL is signed and the key is unknown, so it cannot be re-signed; set ${reading.proxies.map((p) => (p === 'imagor' ? 'IMAGOR_SECRET' : 'SECURITY_KEY')).join(' or ')} in the env file named by signing.envFile` };
  }
  let newUrl = applyEdits(reading.url, edits);
  if (state.kind === 'valid') {
    const rest = newUrl.slice(reading.signedStart, reading.pathEnd + newUrl.length - reading.url.length);
    const signed = state.key.unescaped ? decodeURIComponent(rest) : rest;
    newUrl = newUrl.slice(0, reading.hash.start) + signThumborPath(signed, state.key.key) + newUrl.slice(reading.hash.end);
  }
  return { newUrl };
}
