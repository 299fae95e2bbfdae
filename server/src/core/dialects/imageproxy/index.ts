// willnorris/imageproxy's dialect (the proxy inside Mattermost): `/{options}/{remote_url}` recognised on
// evidence, the remote URL read plain, percent-encoded or base64url, signatures checked and re-made.
import { isPercentEncodedSource } from '../../mapped.js';
import type { ProxyFacts } from '../../host.js';
import type { Dialect } from '../types.js';
import { explainImageproxyUrl } from './explain.js';
import { fixImageproxyUrl } from './fix.js';
import { judgeImageproxyUrl, type ImageproxySignatureState } from './judge.js';
import { mostImageproxyEvidence, readImageproxyUrl, type ImageproxyReading } from './recognize.js';

/** What is true of imageproxy when it fetches (spec/dialects.md §1-2). */
export const IMAGEPROXY_FACTS: ProxyFacts = {
  uppercase: 'imageproxy (Go) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake ("remote error: tls: handshake failure"); with -allowHosts set, imageproxy also refuses it (403), since it compares hosts case-sensitively',
  scheme: 'lowercase is the canonical form (RFC 3986), the one imageproxy\'s checks are written for',
  loopback: 'imageproxy fetches it from its own machine',
  privateAddressCap: 'info',
  linkLocal: 'imageproxy fetches it from the link-local network',
};

export const imageproxyDialect: Dialect<ImageproxyReading> = {
  id: 'imageproxy',
  serves: ['imageproxy'],
  read: readImageproxyUrl,
  mostEvidence: mostImageproxyEvidence,
  judge: judgeImageproxyUrl,
  describeSource: (_reading, source) => (source.kind === 'base64' ? ' (decoded from base64url)' : isPercentEncodedSource(source) ? ' (percent-decoded)' : ''),
  sourceLabel: () => 'remote URL',
  facts: () => IMAGEPROXY_FACTS,
  fix: (reading, wanted, state) => fixImageproxyUrl(reading, wanted, state as ImageproxySignatureState),
  explain: explainImageproxyUrl,
};
