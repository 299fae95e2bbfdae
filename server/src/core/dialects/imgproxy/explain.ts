// Takes an imgproxy URL apart for people (the editor's hover): endpoint, prefix, signature state,
// each option with its full name and arguments, the decoded source with its host, the output format.
import { isPercentEncoded, redenormalize, type DecodedSource, type ParsedImgproxyUrl, type ParsedOption } from './parse.js';
import { isPlaceholderSignature, looksLikeSignature, verifyingPair } from './signature.js';
import { urlWithHost } from '../markdown.js';
import type { LintOptions } from '../../types.js';

const isTrue = (arg: string | undefined) => arg !== undefined && /^(1|t|true)$/.test(arg);
const size = (w: string | undefined, h: string | undefined) => `${w || '0'} × ${h || '0'}${w === '0' || h === '0' ? ' (0 = keep proportions)' : ''}`;
const enlarge = (arg: string | undefined) => (arg === undefined || arg === '' ? '' : isTrue(arg) ? ', enlarge' : ', no enlarge');
const extend = (arg: string | undefined) => (arg === undefined || arg === '' ? '' : isTrue(arg) ? ', extend' : '');

/** Readable arguments for the options people meet most; others show their arguments as written. */
const DESCRIBE: Record<string, (args: string[]) => string> = {
  resize: ([type, w, h, el, ex]) => `${type || 'fit'}, ${size(w, h)}${enlarge(el)}${extend(ex)}`,
  size: ([w, h, el, ex]) => `${size(w, h)}${enlarge(el)}${extend(ex)}`,
  resizing_type: ([type]) => type,
  width: ([w]) => `${w} px`,
  height: ([h]) => `${h} px`,
  'min-width': ([w]) => `${w} px`,
  'min-height': ([h]) => `${h} px`,
  dpr: ([d]) => `× ${d}`,
  enlarge: ([el]) => (isTrue(el) ? 'yes' : 'no'),
  extend: ([ex, g]) => `${isTrue(ex) ? 'yes' : 'no'}${g ? `, gravity ${g}` : ''}`,
  gravity: ([g, x, y]) => `${g}${x || y ? `, offset ${x || 0}, ${y || 0}` : ''}`,
  crop: ([w, h, g]) => `${size(w, h)}${g ? `, gravity ${g}` : ''}`,
  quality: ([q]) => (q === '0' ? 'default' : `${q}`),
  format: ([f]) => f,
  max_bytes: ([b]) => `${b} bytes`,
  blur: ([s]) => `sigma ${s}`,
  sharpen: ([s]) => `sigma ${s}`,
  pixelate: ([s]) => `${s} px`,
  rotate: ([a]) => `${a}°`,
  preset: (names) => names.join(', '),
  padding: (sides) => sides.join(' ') + ' px',
  background: (rgb) => (rgb.length === 1 ? `#${rgb[0]}` : `rgb(${rgb.join(', ')})`),
  cachebuster: ([c]) => c,
  expires: ([t]) => (/^\d+$/.test(t) ? new Date(Number(t) * 1000).toISOString() : t),
  strip_metadata: ([b]) => (isTrue(b) ? 'yes' : 'no'),
};

function describeOption(option: ParsedOption, sources: DecodedSource[]): string {
  const code = `\`${option.segment.text}\``;
  if (!option.fullName) return `${code} → **unknown option** "${option.name}"`;
  const urlSource = sources.find((s) => s.option === option);
  if (urlSource) return `${code} → ${option.fullName}: ${urlSource.url ? `\`${urlSource.url}\`` : '(not a base64url URL)'}`;
  const describe = DESCRIBE[option.fullName];
  const args = describe ? describe(option.args) : option.args.join(', ');
  return `${code} → ${option.fullName}${args ? `: ${args}` : ''}`;
}

function signatureLine(parsed: ParsedImgproxyUrl, options: LintOptions): string {
  const signature = parsed.signature.text;
  const separator = options.imgproxy.argumentsSeparator;
  if (!options.imgproxy.onlyPresets && signature.includes(separator)) return `**missing**: \`${signature}\` is a processing option (imgproxy 4 answers 403)`;
  if (options.signing.pairs.length > 0) {
    const path = '/' + redenormalize(parsed.url.slice(parsed.signature.end + 1, parsed.pathEnd));
    return verifyingPair(signature, path, options.signing) ? `\`${signature}\`: **valid** for the configured key` : `\`${signature}\`: **invalid** for every configured key (imgproxy answers 403)`;
  }
  if (isPlaceholderSignature(signature)) return `\`${signature}\`: placeholder (signing must be off)`;
  return looksLikeSignature(signature) ? `\`${signature}\`: unchecked (no IMGPROXY_KEY/IMGPROXY_SALT known)` : `\`${signature}\`: placeholder or unchecked`;
}

function sourceKind(source: DecodedSource): string {
  switch (source.kind) {
    case 'plain': return isPercentEncoded(source) ? 'plain, percent-encoded' : 'plain';
    case 'base64': return `base64${source.chunks && source.chunks.length > 1 ? `, split in ${source.chunks.length} parts` : ''}${source.padding ? ', padded' : ''}`;
    case 'enc': return source.decrypted ? 'encrypted (decrypted with IMGPROXY_SOURCE_URL_ENCRYPTION_KEY)' : 'encrypted';
    default: return 'option';
  }
}

/** The decoded source with its host in bold (markdown), or why it cannot be shown. */
function sourceLine(source: DecodedSource): string {
  if (source.kind === 'enc' && !source.decrypted && !source.error) return 'encrypted: the host cannot be seen without IMGPROXY_SOURCE_URL_ENCRYPTION_KEY';
  if (!source.url) return `cannot be decoded: ${source.error ?? 'unknown reason'}`;
  return `${urlWithHost(source.url)}${source.fromBaseUrl ? ' (IMGPROXY_BASE_URL prepended)' : ''}`;
}

/** Markdown for a hover over an imgproxy URL. */
export function explainImgproxyUrl(parsed: ParsedImgproxyUrl, options: LintOptions): string {
  const lines = [`**imgproxy URL**${parsed.info ? ' (info endpoint)' : ''}`, ''];
  lines.push(`- endpoint: \`${parsed.endpoint}\`${parsed.prefix ? `, path prefix \`${parsed.prefix}\`` : ''}`);
  lines.push(`- signature: ${signatureLine(parsed, options)}`);
  if (parsed.presets) lines.push(`- presets: ${parsed.presets.text.split(options.imgproxy.argumentsSeparator).join(', ')}`);
  if (parsed.options.length > 0) {
    lines.push('- options:');
    for (const option of parsed.options) lines.push(`  - ${describeOption(option, parsed.optionSources)}`);
  }
  lines.push(`- source (${sourceKind(parsed.source)}): ${sourceLine(parsed.source)}`);
  const format = parsed.source.extension || parsed.options.find((o) => o.fullName === 'format')?.args[0];
  lines.push(`- output format: ${format ? `\`${format}\`` : 'as the source (or by Accept negotiation)'}`);
  return lines.join('\n');
}
