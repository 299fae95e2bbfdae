// Findings on a thumbor/imagor URL itself (its signature) and its signature state.
import type { LintOptions } from '../../types.js';
import type { SignatureState, UrlJudgement } from '../types.js';
import { hasSignatureFormOf, thumborKeys, type ThumborKey } from './signature.js';
import type { ThumborReading } from './recognize.js';

export type ThumborSignatureState = SignatureState<{ key: ThumborKey; unescaped: boolean }>;

export function thumborSignatureState(reading: ThumborReading, options: LintOptions, hasHoles: boolean): ThumborSignatureState {
  if (reading.hash.text === 'unsafe') return { kind: 'unsigned' };
  const keys = thumborKeys(options.signing).filter((k) => reading.proxies.includes(k.proxy));
  // A signature over a path with holes cannot be checked: it signs what the holes stand for.
  if (keys.length === 0 || hasHoles) return { kind: 'unknown-key' };
  // A hash no known key could have written ("hash_if_signed" in docs) stands for a signature: not judged.
  if (!keys.some((key) => hasSignatureFormOf(reading.hash.text, key))) return { kind: 'unsigned' };
  return reading.verified ? { kind: 'valid', key: reading.verified } : { kind: 'invalid' };
}

export function judgeThumborUrl(reading: ThumborReading, options: LintOptions, hasHoles: boolean): UrlJudgement {
  const state = thumborSignatureState(reading, options, hasHoles);
  if (state.kind !== 'invalid') return { problems: [], state };
  const { hash } = reading;
  const keys = reading.proxies.map((p) => (p === 'imagor' ? 'IMAGOR_SECRET (with IMAGOR_SIGNER_TYPE and IMAGOR_SIGNER_TRUNCATE)' : 'thumbor\'s SECURITY_KEY')).join(' or ');
  return {
    state,
    problems: [{
      rule: 'signature-mismatch',
      message: `The signature "${hash.text}" does not match the path for ${keys}; ${reading.proxies.join(' and ')} answer${reading.proxies.length === 1 ? 's' : ''} 403 for it. Sign the path after the signature with the configured key.`,
      start: hash.start,
      end: hash.end,
    }],
  };
}
