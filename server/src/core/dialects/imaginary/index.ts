// h2non/imaginary's dialect: `/<operation>?url=<percent-encoded>&width=…`, optionally signed with `sign=`
// (base64url HMAC-SHA256 of the path and the sorted query, key URL_SIGNATURE_KEY). Go's http.DefaultClient fetches.
import { queryDialect } from '../query-dialect.js';
import { imaginaryAccepts, signImaginary } from './signature.js';

export const imaginaryDialect = queryDialect({
  id: 'imaginary',
  name: 'Imaginary',
  operations: new Set(['crop', 'smartcrop', 'resize', 'enlarge', 'extract', 'zoom', 'thumbnail', 'fit', 'rotate', 'autorotate', 'flip', 'flop', 'convert', 'pipeline', 'watermark', 'watermarkimage', 'blur', 'info']),
  params: new Set(['width', 'height', 'areawidth', 'areaheight', 'quality', 'compression', 'type', 'gravity', 'embed', 'force', 'nocrop', 'norotation', 'noprofile', 'stripmeta', 'sigma', 'minampl', 'operations', 'rotate', 'colorspace', 'background', 'extend', 'interlace', 'aspectratio', 'palette', 'speed', 'field', 'sign']),
  signing: {
    param: 'sign',
    form: /^[A-Za-z0-9_-]{43}$/,
    key: (signing) => signing.imaginary?.key,
    variable: 'URL_SIGNATURE_KEY',
    scheme: 'unpadded base64url of HMAC-SHA256 over the path and the query without sign=, sorted and re-escaped',
    refusal: '403 "URL signature mismatch"',
    sign: signImaginary,
    accepts: imaginaryAccepts,
  },
  hosts: (options) => options.imaginary?.hosts ?? [],
  facts: {
    uppercase: 'Imaginary (Go, http.DefaultClient) sends the host verbatim as the TLS SNI, and servers that match SNI case-sensitively abort the handshake ("remote error: tls: handshake failure"); with -allowed-origins set, Imaginary also refuses it, since it compares hosts case-sensitively',
    scheme: 'lowercase is the canonical form (RFC 3986)',
    loopback: 'Imaginary would fetch it from its own machine, not the public address a reader expects',
    privateAddressCap: 'info',
    linkLocal: 'Imaginary would fetch it from the link-local network, not the public address a reader expects',
  },
});
