// Findings on an imageproxy URL itself (its signature) and its signature state.
import type { LintOptions } from '../../types.js';
import type { SignatureState, UrlJudgement } from '../types.js';
import type { ImageproxyReading } from './recognize.js';
import { imageproxyKeys, type ImageproxyKey } from './signature.js';

export type ImageproxySignatureState = SignatureState<ImageproxyKey>;

export function imageproxySignatureState(reading: ImageproxyReading, options: LintOptions, hasHoles: boolean): ImageproxySignatureState {
  if (!reading.signature) return { kind: 'unsigned' };
  // A signature over a URL with holes cannot be checked: it signs what the holes stand for.
  if (imageproxyKeys(options.signing.imageproxy).length === 0 || hasHoles) return { kind: 'unknown-key' };
  return reading.verified ? { kind: 'valid', key: reading.verified } : { kind: 'invalid' };
}

export function judgeImageproxyUrl(reading: ImageproxyReading, options: LintOptions, hasHoles: boolean): UrlJudgement {
  const state = imageproxySignatureState(reading, options, hasHoles);
  if (state.kind !== 'invalid' || !reading.signature) return { problems: [], state };
  return {
    state,
    problems: [{
      rule: 'signature-mismatch',
      message: `The signature "s${reading.signature.text}" matches neither the remote URL nor the URL with its options for any -signatureKey (IMAGEPROXY_SIGNATUREKEY); imageproxy answers 403 unless the host is allowed. Sign the remote URL with the configured key.`,
      start: reading.signature.start - 1,
      end: reading.signature.end,
    }],
  };
}
