// h2non/imaginary's dialect: `/<operation>?url=<percent-encoded>&width=…`, optionally signed with `sign=`
// (base64url HMAC-SHA256 of the path and the sorted query, key URL_SIGNATURE_KEY). Go's http.DefaultClient fetches.
import { queryDialect, type QueryProxy } from '../query-dialect.js';
import { imaginaryAccepts, signImaginary } from './signature.js';

export const IMAGINARY: QueryProxy = {
  id: 'imaginary',
  name: 'Imaginary',
  operations: new Set(['crop', 'smartcrop', 'resize', 'enlarge', 'extract', 'zoom', 'thumbnail', 'fit', 'rotate', 'autorotate', 'flip', 'flop', 'convert', 'pipeline', 'watermark', 'watermarkimage', 'blur', 'info']),
  params: new Set(['width', 'height', 'areawidth', 'areaheight', 'quality', 'compression', 'type', 'gravity', 'embed', 'force', 'nocrop', 'norotation', 'noprofile', 'stripmeta', 'sigma', 'minampl', 'operations', 'rotate', 'colorspace', 'background', 'extend', 'interlace', 'aspectratio', 'palette', 'speed', 'field', 'sign']),
  // README "Params" and params.go's paramTypeCoercions (embed, palette, speed are in the code only).
  paramNames: {
    width: 'width of the area to extract or resize, px', height: 'height of the area to extract or resize, px',
    top: 'top edge of the area to extract, px', left: 'left edge of the area to extract, px',
    areawidth: 'width of the area to extract, px', areaheight: 'height of the area to extract, px',
    quality: 'JPEG quality, 1-100 (default 80)', compression: 'PNG compression level (default 6)',
    rotate: 'rotation angle, a multiple of 90', factor: 'zoom factor', margin: 'watermark text margin, px',
    dpi: 'watermark text DPI', textwidth: 'watermark text area width, px', opacity: 'watermark opacity (default 0.2)',
    flip: 'flip', flop: 'flop (mirror)', force: 'force the exact size', nocrop: 'no crop', noreplicate: 'no watermark text replication',
    norotation: 'no automatic EXIF rotation', noprofile: 'no ICC profile added', stripmeta: 'strip metadata (EXIF)',
    embed: 'embed the image in the size', text: 'watermark text', font: 'watermark text font', color: 'watermark text colour (R,G,B)',
    image: 'watermark image URL', type: 'output format (jpeg, png, webp, auto)', gravity: 'crop gravity (north, south, centre, west, east, smart)',
    file: 'local file under -mount', colorspace: 'output colour space (srgb, bw)', field: 'multipart form field name',
    extend: 'edge extend mode (black, copy, mirror, white, lastpixel, background)', background: 'background colour (R,G,B)',
    sigma: 'gaussian blur sigma', minampl: 'gaussian blur minimum amplitude', operations: 'pipeline operations (JSON)',
    sign: 'URL signature (HMAC-SHA256, base64url)', interlace: 'progressive / interlaced output', aspectratio: 'aspect ratio (16:9)',
    palette: 'palette-based PNG output', speed: 'encoding speed (AVIF, HEIF)',
  },
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
};

export const imaginaryDialect = queryDialect(IMAGINARY);
