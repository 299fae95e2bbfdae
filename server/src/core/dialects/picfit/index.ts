// thoas/picfit's dialect: `/{display|redirect|get}?url=<percent-encoded>&w=&h=&op=`, optionally signed with
// `sig=` (hex HMAC-SHA1 of the other parameters, sorted and encoded; key `secret_key`, given here as
// PICFIT_SECRET_KEY). Go's HTTP client fetches.
import { queryDialect } from '../query-dialect.js';
import { picfitAccepts, signPicfit } from './signature.js';

export const picfitDialect = queryDialect({
  id: 'picfit',
  name: 'picfit',
  operations: new Set(['display', 'redirect', 'get']),
  params: new Set(['op', 'w', 'h', 'sig', 'fmt', 'q', 'deg', 'pos', 'upscale']),
  signing: {
    param: 'sig',
    form: /^[0-9a-f]{40}$/,
    key: (signing) => signing.picfit?.key,
    variable: 'PICFIT_SECRET_KEY (picfit\'s secret_key)',
    scheme: 'hex HMAC-SHA1 of the parameters without sig=, sorted and re-escaped',
    refusal: '401 "Invalid signature"',
    sign: signPicfit,
    accepts: picfitAccepts,
  },
  hosts: (options) => options.picfit?.hosts ?? [],
  facts: {
    uppercase: 'picfit (Go) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake ("remote error: tls: handshake failure")',
    scheme: 'lowercase is the canonical form (RFC 3986)',
    loopback: 'picfit would fetch it from its own machine, not the public address a reader expects',
    privateAddressCap: 'info',
    linkLocal: 'picfit would fetch it from the link-local network, not the public address a reader expects',
  },
});
