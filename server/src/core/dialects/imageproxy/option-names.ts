// What willnorris/imageproxy's options mean, for hover: its ParseOptions in data.go (the doc comment and
// the switch, in the order it tests them: exact names before prefixes, `x` sizes after `cx`/`cy`/`cw`/`ch`).

const FLAGS: Record<string, string> = {
  fit: 'fit: scales to fit in the size, no cropping',
  fv: 'flip vertically',
  fh: 'flip horizontally',
  scaleUp: 'scale up: may enlarge beyond the original size',
  jpeg: 'format: JPEG', png: 'format: PNG', tiff: 'format: TIFF', webp: 'format: WebP',
  sc: 'smart crop: content-aware crop to the size (overrides a rectangle crop)',
};

const PREFIXES: readonly (readonly [string, (value: string) => string])[] = [
  ['r', (v) => `rotate ${v}° counter-clockwise`],
  ['q', (v) => `quality ${v}% (JPEG)`],
  ['cx', (v) => `crop rectangle x ${v}${measure(v)}`],
  ['cy', (v) => `crop rectangle y ${v}${measure(v)}`],
  ['cw', (v) => `crop rectangle width ${v}${measure(v)}`],
  ['ch', (v) => `crop rectangle height ${v}${measure(v)}`],
];

/** Integers are pixels; numbers between 0 and 1 are fractions of the original size. */
function measure(value: string): string {
  const n = Number(value);
  if (value === '' || Number.isNaN(n)) return '';
  return n > 0 && n < 1 ? ` (${Math.round(n * 1000) / 10}% of the original)` : Math.abs(n) >= 1 ? ' px' : '';
}

const side = (text: string) => (text === '' || Number(text) === 0 ? 'proportional' : `${text}${measure(text)}`);

/** Readable meaning of one option as written (the signature option is shown apart). */
export function describeImageproxyOption(text: string): string {
  if (FLAGS[text]) return FLAGS[text];
  for (const [prefix, describe] of PREFIXES) {
    if (text.startsWith(prefix) && /^-?\d*\.?\d+$/.test(text.slice(prefix.length))) return describe(text.slice(prefix.length));
  }
  const size = /^(\d*\.?\d*)x(\d*\.?\d*)$/.exec(text);
  if (size) return `size: width ${side(size[1])}, height ${side(size[2])}${size[1] && size[2] && Number(size[1]) && Number(size[2]) ? ', cropping as needed' : ''}`;
  if (/^\d*\.?\d+$/.test(text)) return `size: ${text}${measure(text)} square, cropping as needed`;
  return '**unknown option** (imageproxy ignores it)';
}
