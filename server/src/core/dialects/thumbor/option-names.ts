// What thumbor's and imagor's URL steps and filters mean, for hover (thumbor docs/usage.rst and
// docs/filters.rst with thumbor/filters/*.py; imagor README "Image Endpoint" and "Filters").
import type { ThumborProxy } from './recognize.js';

const side = (text: string) => (text === '' || text === '0' ? 'proportional' : text === 'orig' ? 'original' : text);

/** Steps only imagor's grammar has (imagorpath/parse.go; thumbor's usage.rst has neither). */
const IMAGOR_STEPS = new Set(['stretch', 'padding']);

/** Which proxy alone knows a step or filter, said only where it matters for the URL's proxies. */
function onlyFor(only: ThumborProxy | undefined, proxies: readonly ThumborProxy[]): string {
  if (!only) return '';
  if (proxies.length > 1) return ` (${only} only)`;
  return proxies.includes(only) ? '' : ` (**${proxies[0]} does not know it**: only ${only} does)`;
}

/** Readable meaning of one processing step (`name` as parse.ts names it, `text` as written). */
export function describeStep(name: string, text: string, proxies: readonly ThumborProxy[]): string {
  return meaningOfStep(name, text) + onlyFor(IMAGOR_STEPS.has(name) ? 'imagor' : undefined, proxies);
}

function meaningOfStep(name: string, text: string): string {
  switch (name) {
    case 'meta': return 'metadata endpoint: JSON describing the operations instead of the image';
    case 'trim': {
      const [, corner = 'top-left', tolerance] = /^trim(?::(top-left|bottom-right))?(?::(\d+))?$/.exec(text) ?? [];
      return `trim: removes the surrounding space of the ${corner} pixel's colour${tolerance ? `, tolerance ${tolerance}` : ''}`;
    }
    case 'crop': {
      const [a, b] = text.split(':');
      return `manual crop from ${a.replace('x', ', ')} (left, top) to ${b.replace('x', ', ')} (right, bottom), before resizing`;
    }
    case 'fit-in': {
      const mode = text.startsWith('adaptive-') ? ', adaptive (width and height swapped when that fits better)' : '';
      return `fit-in: fits in the size box without cropping${text.includes('full-') ? ', full (the larger side decides)' : ''}${mode}`;
    }
    case 'stretch': return 'stretch: resizes to the size without keeping the aspect ratio';
    case 'size': {
      const [, fw, w = '', fh, h = ''] = /^(-?)(\d+|orig)?x(-?)(\d+|orig)?$/.exec(text) ?? [];
      return `size: width ${side(w)}${fw ? ', flipped horizontally' : ''}, height ${side(h)}${fh ? ', flipped vertically' : ''}`;
    }
    case 'padding': {
      const [a, b = a] = text.split(':');
      return `padding: ${a.replace('x', ' × ')} left-top, ${b.replace('x', ' × ')} right-bottom`;
    }
    case 'halign': return `horizontal alignment of the crop: ${text}`;
    case 'valign': return `vertical alignment of the crop: ${text}`;
    case 'smart': return 'smart crop: detected focal points decide the crop';
    default: return name;
  }
}

/** Filter name → what it does, and the one proxy that knows it when only one does. */
const FILTERS: Record<string, readonly [string, ThumborProxy?]> = {
  attachment: ['answers as an attachment (Content-Disposition) with this file name', 'imagor'],
  autojpg: ['converts to JPEG when the image has no transparency', 'thumbor'],
  background_color: ['background colour of a transparent image'],
  blur: ['gaussian blur'],
  brightness: ['brightness change in % (-100 to 100)'],
  colorize: ['colourises with red, green, blue percentages and a fill colour', 'thumbor'],
  contrast: ['contrast change in % (-100 to 100)'],
  convolution: ['applies a convolution matrix', 'thumbor'],
  crop: ['crops after resizing: left, top, width, height', 'imagor'],
  curve: ['applies colour curves', 'thumbor'],
  dpi: ['DPI to render PDF and SVG at', 'imagor'],
  equalize: ['equalizes the colour distribution', 'thumbor'],
  expire: ['expiry time of the result (Unix milliseconds)', 'imagor'],
  extract_focal: ['takes the focal points from the original image URL', 'thumbor'],
  fill: ['fills the missing area or transparency with a colour (blur, auto, none)'],
  focal: ['focal region or point for cropping'],
  format: ['output format'],
  frame: ['surrounds the image with a nine-patch frame image', 'thumbor'],
  grayscale: ['grayscale'],
  hue: ['hue rotation in degrees', 'imagor'],
  image: ['composites another processed imagor path onto the image', 'imagor'],
  max_age: ['Cache-Control max-age of the result, in seconds', 'thumbor'],
  max_bytes: ['lowers the quality until the result fits in this many bytes'],
  max_frames: ['loads at most this many animation frames', 'imagor'],
  no_upscale: ['never enlarges beyond the original size'],
  noise: ['adds noise in % (0 to 100)', 'thumbor'],
  orient: ['rotates before resizing and cropping (0, 90, 180, 270)', 'imagor'],
  page: ['page of a PDF or frame of an animation, from 1', 'imagor'],
  preview: ['skips the result storage', 'imagor'],
  proportion: ['scales to this proportion of the image'],
  quality: ['output quality in % (0 to 100)'],
  raw: ['answers the source image unprocessed', 'imagor'],
  red_eye: ['removes red eyes (needs face detection)', 'thumbor'],
  rgb: ['red, green, blue changes in % (-100 to 100)'],
  rotate: ['rotation in degrees (0, 90, 180, 270)'],
  round_corner: ['rounded corners: radius (rx[|ry]) and background colour'],
  saturation: ['saturation change'],
  sharpen: ['sharpens'],
  stretch: ['stretches to the requested size without keeping the aspect ratio', 'thumbor'],
  strip_exif: ['removes Exif metadata'],
  strip_icc: ['removes the ICC profile'],
  text: ['renders a text overlay', 'imagor'],
  to_colorspace: ['converts to an ICC colour profile (srgb, p3, cmyk)', 'imagor'],
  upscale: ['enlarges to fill the fit-in box'],
  watermark: ['adds a watermark image: image, x, y, alpha[, width ratio, height ratio]'],
};

/** `name(args)` as people read it: what the filter does, its arguments, and which proxy knows it. */
export function describeFilter(name: string, args: string, proxies: readonly ThumborProxy[]): string {
  const known = FILTERS[name];
  if (!known) return `**unknown filter**: not a documented ${proxies.join(' or ')} filter`;
  const [meaning, only] = known;
  return `${meaning}${args ? `: ${args}` : ''}${onlyFor(only, proxies)}`;
}
