// imagor's and thumbor's dialect (one grammar): URLs recognised on evidence, sources read as both read
// them (plain, percent-encoded, imagor's b64:, inside watermark()/frame()), signatures checked and re-made
// with HMAC-SHA1 (thumbor, imagor) or SHA256/SHA512 with truncation (imagor).
import type { LintOptions } from '../../types.js';
import type { Dialect } from '../types.js';
import { explainThumborUrl } from './explain.js';
import { thumborFacts } from './facts.js';
import { fixThumborUrl } from './fix.js';
import { judgeThumborUrl, type ThumborSignatureState } from './judge.js';
import type { ThumborSource } from './parse.js';
import { mostThumborEvidence, readThumborUrl, type ThumborProxy, type ThumborReading } from './recognize.js';
import { isPercentEncodedSource } from '../../mapped.js';

const PROXIES: readonly ThumborProxy[] = ['imagor', 'thumbor'];
const enabledProxies = (options: LintOptions) => PROXIES.filter((p) => (options.dialects ?? PROXIES).includes(p));

function describe(source: ThumborSource): string {
  const parts = [
    source.filter ? `in the ${source.filter}() filter` : '',
    source.b64 ? 'decoded from b64:' : isPercentEncodedSource(source) ? 'percent-decoded' : '',
    source.schemeless ? `scheme-less: fetched as ${source.url!.slice(0, source.url!.indexOf('://'))}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

export const thumborDialect: Dialect<ThumborReading> = {
  id: 'thumbor',
  serves: PROXIES,
  read: (url, options) => readThumborUrl(url, options, enabledProxies(options)),
  mostEvidence: (url, options) => mostThumborEvidence(url, options, enabledProxies(options)),
  judge: judgeThumborUrl,
  describeSource: (_reading, source) => describe(source as ThumborSource),
  sourceLabel: (_reading, source) => ((source as ThumborSource).filter ? `${(source as ThumborSource).filter}() argument` : (source as ThumborSource).b64 ? 'b64: source' : 'image'),
  facts: (reading, source) => thumborFacts(reading.proxies, source as ThumborSource),
  fix: (reading, wanted, state) => fixThumborUrl(reading, wanted, state as ThumborSignatureState),
  explain: explainThumborUrl,
};
