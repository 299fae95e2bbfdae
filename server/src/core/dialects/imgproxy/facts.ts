// What is true of imgproxy when it fetches a source (the host rules' messages say it).
import type { ProxyFacts } from '../../host.js';

export const IMGPROXY_FACTS: ProxyFacts = {
  uppercase: 'imgproxy (Go) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake ("remote error: tls: handshake failure")',
  scheme: 'imgproxy then takes its non-HTTP path, escapes %, ? and # and fetches a different URL',
  loopback: 'imgproxy refuses it unless IMGPROXY_ALLOW_LOOPBACK_SOURCE_ADDRESSES=true',
  linkLocal: 'imgproxy refuses it unless IMGPROXY_ALLOW_LINK_LOCAL_SOURCE_ADDRESSES=true',
};
