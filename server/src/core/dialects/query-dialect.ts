// One query dialect (Imaginary, picfit) from its proxy's facts: the operations and parameters only it
// writes, and the name of its signature parameter. Their signatures sign the sorted query with a key read
// from the proxy's own flags or JSON config, which the engine does not know: a signed URL gets no fix.
import { isPercentEncodedSource } from '../mapped.js';
import { rewriteSource } from '../fix.js';
import type { ProxyFacts } from '../host.js';
import { applyEdits } from '../text.js';
import { urlWithHost } from './markdown.js';
import { configuredEndpointOf } from './endpoints.js';
import { otherParams, parseQueryUrl, type ParsedQueryUrl } from './query.js';
import type { Dialect, DialectId } from './types.js';

export interface QueryProxy {
  id: DialectId;
  name: string;
  operations: ReadonlySet<string>;
  /** Parameters only this proxy reads (one is evidence with a known operation). */
  params: ReadonlySet<string>;
  signatureParam: string;
  /** The signature's form, when written (evidence that the URL is this proxy's). */
  signatureForm: RegExp;
  hosts: (options: Parameters<Dialect['read']>[1]) => string[];
  facts: ProxyFacts;
}

export function queryDialect(proxy: QueryProxy): Dialect<ParsedQueryUrl> {
  const signatureOf = (reading: ParsedQueryUrl) => reading.params.find((p) => p.name === proxy.signatureParam);
  return {
    id: proxy.id,
    serves: [proxy.id],
    read(url, options) {
      const reading = parseQueryUrl(url);
      if (!reading?.source) return null;
      if (configuredEndpointOf(url, proxy.hosts(options))) return { reading, evidence: 3 };
      if (!proxy.operations.has(reading.operation) || reading.source.url === undefined) return null;
      const signature = signatureOf(reading);
      if (signature && proxy.signatureForm.test(signature.value.text)) return { reading, evidence: 2 };
      return otherParams(reading).some((name) => proxy.params.has(name)) ? { reading, evidence: 1 } : null;
    },
    // No query, no `url` parameter: nothing to read.
    mostEvidence: (url, options) => (!url.includes('?') ? 0 : configuredEndpointOf(url, proxy.hosts(options)) ? 3 : 2),
    judge: (reading) => ({ problems: [], state: signatureOf(reading) ? { kind: 'unknown-key' } : { kind: 'unsigned' } }),
    describeSource: (_reading, source) => (isPercentEncodedSource(source) ? ' (percent-decoded)' : ''),
    sourceLabel: () => 'url parameter',
    facts: () => proxy.facts,
    fix(reading, wanted, state) {
      const edits = reading.source && rewriteSource(reading.source, wanted);
      if (!edits || edits.length === 0) return null;
      if (state.kind !== 'unsigned') return { reason: `the URL is signed (${proxy.signatureParam}=) and ${proxy.name}'s key is not read by this tool, so it cannot be re-signed; fix the host where the URL is built` };
      return { newUrl: applyEdits(reading.url, edits) };
    },
    explain(reading) {
      const source = reading.source;
      const shown = source?.url ? urlWithHost(source.url) : `\`${source?.error ?? ''}\``;
      return [
        `**${proxy.name} URL**`, '',
        `- endpoint: \`${reading.endpoint}\`, operation \`${reading.operation || '/'}\``,
        `- parameters: ${otherParams(reading).map((n) => `\`${n}\``).join(', ') || 'none'}`,
        `- signature: ${signatureOf(reading) ? `\`${proxy.signatureParam}=${signatureOf(reading)!.value.text}\`: unchecked` : 'none'}`,
        `- url: ${shown}`,
      ].join('\n');
    },
  };
}
