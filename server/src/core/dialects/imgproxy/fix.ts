// An imgproxy URL fixed: every source made canonical in its own encoding (core/fix.ts), and a signed URL
// re-signed with the key / salt pair that signed it.
import { canonicalEdits, rewriteSource, type Canonicalize } from '../../fix.js';
import { applyEdits } from '../../text.js';
import { redenormalize, type ParsedImgproxyUrl } from './parse.js';
import { sign } from './signature.js';
import type { OffsetEdit, SigningPair, SigningSettings } from '../../types.js';
import type { SignatureState, UrlFix } from '../types.js';

/**
 * The whole imgproxy URL with every source made canonical, re-signed where it was validly signed.
 * null when nothing changes; { reason } when a change is needed but cannot be made safely.
 */
export function fixImgproxyUrl(parsed: ParsedImgproxyUrl, wanted: Canonicalize, signature: SignatureState<SigningPair>, signing: SigningSettings): UrlFix {
  const edits: OffsetEdit[] = [];
  for (const source of parsed.sources) {
    const rewrite = rewriteSource(source, wanted);
    if (rewrite === null) {
      if (source.url && canonicalEdits(source.url, wanted).length > 0) {
        return { reason: source.fromBaseUrl ? 'the host comes from imgproxy.baseUrl (IMGPROXY_BASE_URL); fix it there' : 'the source is encrypted; re-encrypt it with the corrected URL' };
      }
      continue;
    }
    edits.push(...rewrite);
  }
  if (edits.length === 0) return null;
  if (signature.kind === 'unknown-key') {
    return { reason: 'the URL is signed and the key is unknown, so it cannot be re-signed; set IMGPROXY_KEY and IMGPROXY_SALT in the environment or in the env file named by signing.envFile' };
  }
  let newUrl = applyEdits(parsed.url, edits);
  if (signature.kind === 'valid') {
    const delta = newUrl.length - parsed.url.length;
    const rest = newUrl.slice(parsed.signature.end + 1, parsed.pathEnd + delta);
    const newSignature = sign('/' + redenormalize(rest), signature.key, signing.signatureSize);
    newUrl = newUrl.slice(0, parsed.signature.start) + newSignature + newUrl.slice(parsed.signature.end);
  }
  return { newUrl };
}

