// imgproxy's dialect: its URLs recognised on evidence, read as imgproxy v4 reads them, signed with
// IMGPROXY_KEY / IMGPROXY_SALT pairs, taken apart for hover.
import { explainImgproxyUrl } from './explain.js';
import { IMGPROXY_FACTS } from './facts.js';
import { fixImgproxyUrl } from './fix.js';
import { describeImgproxySource, imgproxySourceLabel, judgeImgproxyUrl } from './judge.js';
import type { ParsedImgproxyUrl } from './parse.js';
import { readImgproxyUrl } from './recognize.js';
import type { SigningPair } from '../../types.js';
import type { Dialect, SignatureState } from '../types.js';

export const imgproxyDialect: Dialect<ParsedImgproxyUrl> = {
  id: 'imgproxy',
  serves: ['imgproxy'],
  read: readImgproxyUrl,
  judge: judgeImgproxyUrl,
  describeSource: (_reading, source) => describeImgproxySource(source),
  sourceLabel: (_reading, source) => imgproxySourceLabel(source),
  facts: () => IMGPROXY_FACTS,
  fix: (reading, wanted, state, options) => fixImgproxyUrl(reading, wanted, state as SignatureState<SigningPair>, options.signing),
  explain: explainImgproxyUrl,
};
