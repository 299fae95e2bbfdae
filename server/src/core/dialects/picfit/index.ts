// thoas/picfit's dialect: `/{display|redirect|get}?url=<percent-encoded>&w=&h=&op=`, optionally signed with
// `sig=` (hex HMAC-SHA1 of the other parameters, sorted and encoded; key `secret_key`, given here as
// PICFIT_SECRET_KEY). Go's HTTP client fetches.
import { queryDialect, type QueryProxy } from '../query-dialect.js';
import { picfitAccepts, signPicfit } from './signature.js';

export const PICFIT: QueryProxy = {
  id: 'picfit',
  name: 'picfit',
  operations: new Set(['display', 'redirect', 'get']),
  params: new Set(['op', 'w', 'h', 'sig', 'fmt', 'q', 'deg', 'pos', 'upscale']),
  // README "General parameters" and "Operations".
  paramNames: {
    op: 'operation', w: 'width, px (0: from the height and the ratio)', h: 'height, px (0: from the width and the ratio)',
    sig: 'signature (HMAC-SHA1 of the other parameters, hex)', fmt: 'output format (jpg, png, gif, bmp)', q: 'quality (JPEG)',
    deg: 'rotation in degrees (90, 180, 270)', pos: 'flip direction (h, v)', upscale: 'enlarge a smaller image (0: never)',
    path: 'file path in the source storage',
  },
  values: {
    op: { resize: 'resize to w × h (0 keeps the ratio)', thumbnail: 'scale and crop to w × h', flip: 'flip (pos h or v)', rotate: 'rotate (deg)', flat: 'draw an image over the result' },
  },
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
};

export const picfitDialect = queryDialect(PICFIT);
