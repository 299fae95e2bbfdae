// An imageproxy URL taken apart for people (the editor's hover).
import { isPercentEncodedSource } from '../../mapped.js';
import { urlWithHost } from '../markdown.js';
import type { LintOptions } from '../../types.js';
import { imageproxySignatureState } from './judge.js';
import type { ImageproxyReading } from './recognize.js';
import { describeImageproxyOption } from './option-names.js';

export function explainImageproxyUrl(reading: ImageproxyReading, options: LintOptions): string {
  const lines = ['**imageproxy URL** (willnorris/imageproxy)', '', `- endpoint: \`${reading.endpoint}\``];
  if (reading.options.length > 0) {
    lines.push('- options:');
    for (const option of reading.options) lines.push(`  - \`${option}\` → ${describeImageproxyOption(option)}`);
  }
  const state = imageproxySignatureState(reading, options, false);
  const signature = reading.signature ? `\`s${reading.signature.text}\`` : '';
  lines.push(`- signature: ${{
    unsigned: 'none (the host must be allowed by -allowHosts)',
    valid: `${signature}: **valid** for the configured key${state.kind === 'valid' && state.key.withOptions ? ' (URL and options)' : ' (URL)'}`,
    invalid: `${signature}: **invalid** for every configured key`,
    'unknown-key': `${signature}: unchecked (no -signatureKey known)`,
  }[state.kind]}`);
  const source = reading.source;
  const how = source.kind === 'base64' ? 'base64url' : isPercentEncodedSource(source) ? 'percent-encoded' : 'plain';
  lines.push(`- remote URL (${how}): ${source.url ? urlWithHost(source.url) : `\`${source.error ?? ''}\``}`);
  return lines.join('\n');
}
