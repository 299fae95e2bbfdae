// Findings on an imgproxy URL itself (signature, options, the removed basic format) and its signature
// state; its sources' hosts are judged by the engine like every dialect's.
import { optionFullName } from './option-names.js';
import { isPercentEncoded, redenormalize, type DecodedSource, type ParsedImgproxyUrl } from './parse.js';
import { mayBeSignature, verifyingPair } from './signature.js';
import type { LintOptions, SigningPair } from '../../types.js';
import type { SignatureState, UrlJudgement, UrlProblem } from '../types.js';

/** A segment of bare words (letters, `_`, `-`) joined by the separator, none of them an option name: maybe presets. */
function mayBePresetList(segment: string, separator: string): boolean {
  const words = segment.split(separator);
  return words.every((w) => /^[A-Za-z][A-Za-z_-]*$/.test(w)) && words.every((w) => optionFullName(w) === undefined);
}

function signatureState(parsed: ParsedImgproxyUrl, options: LintOptions, hasHoles: boolean): SignatureState<SigningPair> {
  const signature = parsed.signature.text;
  // A signature over a path with holes cannot be checked: it signs what the holes stand for.
  if (options.signing.pairs.length === 0 || hasHoles) return mayBeSignature(signature) ? { kind: 'unknown-key' } : { kind: 'unsigned' };
  const path = '/' + redenormalize(parsed.url.slice(parsed.signature.end + 1, parsed.pathEnd));
  const pair = verifyingPair(signature, path, options.signing);
  return pair ? { kind: 'valid', key: pair } : { kind: 'invalid' };
}

export function judgeImgproxyUrl(parsed: ParsedImgproxyUrl, options: LintOptions, hasHoles: boolean): UrlJudgement {
  const problems: UrlProblem[] = [];
  const add = (rule: UrlProblem['rule'], message: string, start: number, end: number, cap?: UrlProblem['cap']) => problems.push({ rule, message, start, end, cap });
  const separator = options.imgproxy.argumentsSeparator;
  const { signature } = parsed;
  const signatureIsOption = !options.imgproxy.onlyPresets && signature.text.replaceAll('%3A', ':').includes(separator);
  if (signatureIsOption) {
    add('signature-missing', `The first path segment "${signature.text}" is a processing option, not a signature; imgproxy 4 answers 403 ("The signature appears to be a processing option") and imgproxy 3 silently ignored it. Put a signature segment first (e.g. "insecure/" when signing is off).`, signature.start, signature.end);
  }
  const state = signatureState(parsed, options, hasHoles);
  if (state.kind === 'invalid' && !signatureIsOption) {
    add('signature-mismatch', `The signature "${signature.text}" does not match the path for any known IMGPROXY_KEY/IMGPROXY_SALT pair (signature size ${options.signing.signatureSize}); imgproxy answers 403 "Invalid signature". Sign the path after the signature with the configured key and salt.`, signature.start, signature.end);
  }
  if (!options.imgproxy.onlyPresets) {
    for (const option of parsed.options) {
      if (option.fullName) continue;
      const segment = parsed.url.slice(option.segment.start, option.segment.end);
      if (mayBePresetList(segment, separator)) {
        // Bare words, none an option name: a presets-only URL (IMGPROXY_ONLY_PRESETS), as imgproxy's own docs show.
        add('option-unknown', `"${segment}" holds no processing option imgproxy knows; it reads like a preset list, which only a server with IMGPROXY_ONLY_PRESETS accepts (others answer 404 "Unknown processing option"). If these URLs are for such a server, set "imgproxy": { "onlyPresets": true } for these files in .imgproxy-url-lint.json (an "overrides" entry); otherwise check the spelling.`, option.segment.start, option.segment.end, 'info');
        continue;
      }
      add('option-unknown', `"${option.name}" is not a${parsed.info ? 'n info' : ' processing'} option imgproxy knows; imgproxy answers 404 "Unknown processing option". Check the spelling (see docs.imgproxy.net).`, option.segment.start, option.segment.end);
    }
  }
  if (parsed.legacyFormat) {
    add('source-undecodable', `Cannot read this URL's source: ${parsed.legacyFormat}.`, parsed.source.start, parsed.source.end);
    return { problems, state, stop: true };
  }
  return { problems, state };
}

/** What follows the host in messages about `source`. */
export function describeImgproxySource(source: DecodedSource): string {
  if (source.fromBaseUrl) return ' (from imgproxy.baseUrl)';
  switch (source.kind) {
    case 'base64': return ' (decoded from base64)';
    case 'enc': return ' (decrypted)';
    case 'option': return ` (in the ${source.option!.name}: option, decoded from base64)`;
    default: return isPercentEncoded(source) ? ' (percent-decoded)' : '';
  }
}

/** What `source` is called in "Cannot decode the …". */
export function imgproxySourceLabel(source: DecodedSource): string {
  return source.kind === 'option' ? `${source.option!.name}: argument` : `${source.kind} source`;
}
