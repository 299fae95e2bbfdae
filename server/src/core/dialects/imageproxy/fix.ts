// An imageproxy URL fixed: the remote URL made canonical in its own encoding (plain, percent-encoded,
// base64url), and a signed URL re-signed with the key and form (URL alone, or URL + options) that signed it.
import { canonicalEdits, rewriteSource, type Canonicalize } from '../../fix.js';
import { applyEdits } from '../../text.js';
import type { UrlFix } from '../types.js';
import type { ImageproxySignatureState } from './judge.js';
import { parseImageproxyUrl } from './parse.js';
import type { ImageproxyReading } from './recognize.js';
import { signImageproxy } from './signature.js';

export function fixImageproxyUrl(reading: ImageproxyReading, wanted: Canonicalize, state: ImageproxySignatureState): UrlFix {
  const edits = rewriteSource(reading.source, wanted);
  if (edits === null) return reading.source.url && canonicalEdits(reading.source.url, wanted).length > 0 ? { reason: 'the remote URL cannot be rewritten in place' } : null;
  if (edits.length === 0) return null;
  if (state.kind === 'unknown-key') return { reason: 'the URL is signed and the key is unknown, so it cannot be re-signed; set IMAGEPROXY_SIGNATUREKEY (imageproxy\'s -signatureKey) in the env file named by signing.envFile' };
  let newUrl = applyEdits(reading.url, edits);
  const signature = reading.signature;
  if (state.kind === 'valid' && signature) {
    const remote = parseImageproxyUrl(newUrl)?.source.url;
    if (remote === undefined) return { reason: 'the fixed URL could not be read back' };
    const newSignature = signImageproxy(remote, reading.options, state.key, signature.text.endsWith('='));
    newUrl = newUrl.slice(0, signature.start) + newSignature + newUrl.slice(signature.end);
  }
  return { newUrl };
}
