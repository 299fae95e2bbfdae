// What is true of imagor and thumbor when they fetch a source (spec/dialects.md §1-2): imagor is Go and
// sends the host as written; thumbor's default tornado client does too, its optional libcurl client
// lowercases from curl 7.82; a scheme-less source goes over https in imagor and over http in thumbor.
import type { ProxyFacts } from '../../host.js';
import { asciiLower, parseSourceUrl } from '../../url.js';
import type { ThumborSource } from './parse.js';
import type { ThumborProxy } from './recognize.js';

const IMAGOR = 'imagor (Go) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake ("remote error: tls: handshake failure"); with HTTP_LOADER_ALLOWED_SOURCES set, imagor also refuses it, since it matches hosts case-sensitively';
const THUMBOR = 'thumbor\'s default HTTP client (tornado\'s simple client) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake (the optional libcurl client, HTTP_LOADER_CURL_ASYNC_HTTP_CLIENT, lowercases it from curl 7.82)';
const THUMBOR_HTTP = 'thumbor fetches it over http, so no SNI is sent; only an https redirect that echoes the host as written would carry it into a handshake';

function uppercase(proxies: readonly ThumborProxy[], source: FetchedSource): Pick<ProxyFacts, 'uppercase' | 'uppercaseCap'> {
  const https = asciiLower(parseSourceUrl(source.url ?? '')?.scheme ?? '') === 'https';
  const imagor = proxies.includes('imagor');
  const thumbor = proxies.includes('thumbor');
  const schemeless = source.schemeless ? ' (imagor fetches a scheme-less source over https)' : '';
  if (imagor && thumbor) {
    if (source.schemeless) return { uppercase: `${IMAGOR}${schemeless}; thumbor would fetch it over http, with no SNI` };
    return { uppercase: https ? `${IMAGOR}; ${THUMBOR}` : IMAGOR };
  }
  if (imagor) return { uppercase: IMAGOR + schemeless };
  return https ? { uppercase: THUMBOR } : { uppercase: THUMBOR_HTTP, uppercaseCap: 'info' };
}

/** What the facts depend on: the source URL (its scheme) and whether it was written without one. */
export type FetchedSource = Pick<ThumborSource, 'url' | 'schemeless'>;

export function thumborFacts(proxies: readonly ThumborProxy[], source: FetchedSource): ProxyFacts {
  const name = proxies.join(' or ');
  const imagor = proxies.includes('imagor');
  return {
    ...uppercase(proxies, source),
    scheme: 'lowercase is the canonical form (RFC 3986), the one the proxy\'s loader and allow-lists are written for',
    loopback: `${name} fetches it from its own machine${imagor ? ' (imagor refuses it with HTTP_LOADER_BLOCK_LOOPBACK_NETWORKS=true)' : ''}`,
    privateAddressCap: 'info',
    linkLocal: `${name} fetches it from the link-local network${imagor ? ' (imagor refuses it with HTTP_LOADER_BLOCK_LINK_LOCAL_NETWORKS=true)' : ''}`,
  };
}
