// A thumbor/imagor URL taken apart for people (the editor's hover): which proxy, the signature, the
// processing steps and filters, and each source with its host.
import { isPercentEncodedSource } from '../../mapped.js';
import { urlWithHost } from '../markdown.js';
import type { LintOptions } from '../../types.js';
import { thumborSignatureState } from './judge.js';
import { describeFilter, describeStep } from './option-names.js';
import type { ThumborSource } from './parse.js';
import type { ThumborReading } from './recognize.js';

function signatureLine(reading: ThumborReading, options: LintOptions): string {
  const hash = `\`${reading.hash.text}\``;
  const state = thumborSignatureState(reading, options, false);
  switch (state.kind) {
    case 'unsigned': return reading.hash.text === 'unsafe'
      ? `${hash}: unsigned (the server must allow unsafe URLs: IMAGOR_UNSAFE / ALLOW_UNSAFE_URL)`
      : `${hash}: a placeholder (no configured key writes a signature of this form)`;
    case 'valid': return `${hash}: **valid** for the configured ${state.key.key.proxy} key (HMAC-${state.key.key.type.toUpperCase()}${state.key.key.truncate ? `, first ${state.key.key.truncate} characters` : ''})`;
    case 'invalid': return `${hash}: **invalid** for every configured key (the proxy answers 403)`;
    default: return `${hash}: unchecked (no IMAGOR_SECRET or SECURITY_KEY known)`;
  }
}

function sourceLine(source: ThumborSource): string {
  const how = [source.b64 ? 'b64:' : isPercentEncodedSource(source) ? 'percent-encoded' : 'plain', source.schemeless ? 'scheme-less' : ''].filter(Boolean).join(', ');
  const where = source.filter ? `${source.filter}() source` : 'image';
  if (!source.url) return `- ${where}: \`${source.error ?? 'not a URL (a path the proxy\'s loader resolves)'}\``;
  return `- ${where} (${how}): ${urlWithHost(source.url)}`;
}

export function explainThumborUrl(reading: ThumborReading, options: LintOptions): string {
  const lines = [`**${reading.proxies.join(' or ')} URL**`, ''];
  lines.push(`- endpoint: \`${reading.endpoint}\`${reading.prefix ? `, path prefix \`${reading.prefix}\`` : ''}${reading.params ? ', params endpoint' : ''}`);
  lines.push(`- signature: ${signatureLine(reading, options)}`);
  if (reading.steps.length > 0) {
    lines.push('- steps:');
    for (const step of reading.steps) lines.push(`  - \`${step.segment.text}\` → ${describeStep(step.name, step.segment.text, reading.proxies)}`);
  }
  if (reading.filters.length > 0) {
    lines.push('- filters:');
    for (const filter of reading.filters) lines.push(`  - \`${filter.name}\` → ${describeFilter(filter.name, filter.args, reading.proxies)}`);
  }
  for (const source of reading.sources) lines.push(sourceLine(source));
  return lines.join('\n');
}
