// One query dialect (Imaginary, picfit) from its proxy's facts: the operations and parameters only it
// writes, and its signature: the parameter, how it is made and checked, and the variable its key comes from.
// Both sign the sorted, re-escaped query, so a fix re-signs the URL with the key that verified it.
import { isPercentEncodedSource } from '../mapped.js';
import { rewriteSource } from '../fix.js';
import type { ProxyFacts } from '../host.js';
import { applyEdits } from '../text.js';
import type { LintOptions, SigningSettings } from '../types.js';
import { urlWithHost } from './markdown.js';
import { configuredEndpointOf } from './endpoints.js';
import { goParseQuery } from './go-query.js';
import { otherParams, parseQueryUrl, type ParsedQueryUrl } from './query.js';
import type { Dialect, DialectId, SignatureState, UrlJudgement } from './types.js';

export interface QuerySigning {
  /** The signature parameter (`sign`, `sig`). */
  param: string;
  /** The signature's form, when written (evidence that the URL is this proxy's). */
  form: RegExp;
  /** The key, when known, and the variable that gives it (named in messages). */
  key: (signing: SigningSettings) => string | undefined;
  variable: string;
  /** How the signature is made, for messages ("base64url HMAC-SHA256 of …"). */
  scheme: string;
  /** What the proxy answers to a wrong or missing signature. */
  refusal: string;
  sign: (reading: ParsedQueryUrl, key: string) => string;
  /** Whether the proxy accepts `given`, the parameter's first value decoded as Go decodes it. */
  accepts: (reading: ParsedQueryUrl, key: string, given: string) => boolean;
}

export interface QueryProxy {
  id: DialectId;
  name: string;
  operations: ReadonlySet<string>;
  /** Parameters only this proxy reads (one is evidence with a known operation); each is in paramNames. */
  params: ReadonlySet<string>;
  /** Every documented parameter and what it means (hover). */
  paramNames: Readonly<Record<string, string>>;
  /** What a parameter's documented values mean (picfit's `op=`). */
  values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  signing: QuerySigning;
  hosts: (options: LintOptions) => string[];
  facts: ProxyFacts;
}

/** The parameters but `url` and the signature, each with what it means (the proxy ignores unknown ones). */
function describeParams(proxy: QueryProxy, reading: ParsedQueryUrl): string[] {
  const params = reading.params.filter((p) => p.name !== 'url' && p.name !== proxy.signing.param);
  if (params.length === 0) return ['- parameters: none'];
  return ['- parameters:', ...params.map(({ name, value }) => {
    const meaning = proxy.paramNames[name];
    const valueMeaning = proxy.values?.[name]?.[value.text];
    return `  - \`${name}=${value.text}\` → ${meaning ? `${meaning}${valueMeaning ? `: ${valueMeaning}` : ''}` : `**unknown parameter** (not a documented ${proxy.name} parameter)`}`;
  })];
}

export function queryDialect(proxy: QueryProxy): Dialect<ParsedQueryUrl> {
  const { signing } = proxy;
  const signatureOf = (reading: ParsedQueryUrl) => reading.params.find((p) => p.name === signing.param);
  const state = (reading: ParsedQueryUrl, options: LintOptions, hasHoles: boolean): SignatureState<string> => {
    if (!signatureOf(reading)) return { kind: 'unsigned' };
    const key = signing.key(options.signing);
    // A signature over a URL with holes cannot be checked: it signs what the holes stand for.
    if (key === undefined || hasHoles) return { kind: 'unknown-key' };
    const given = goParseQuery(reading.query.text).find(([name]) => name === signing.param)?.[1] ?? '';
    return signing.accepts(reading, key, given) ? { kind: 'valid', key } : { kind: 'invalid' };
  };
  const judge = (reading: ParsedQueryUrl, options: LintOptions, hasHoles: boolean): UrlJudgement => {
    const signature = state(reading, options, hasHoles);
    const param = signatureOf(reading);
    if (signature.kind === 'invalid' && param) {
      const start = param.value.start - signing.param.length - 1;
      return { state: signature, problems: [{ rule: 'signature-mismatch', message: `The signature "${reading.url.slice(start, param.value.end)}" is not ${signing.scheme}, keyed with ${signing.variable}; ${proxy.name} answers ${signing.refusal}. Sign the URL again with the configured key.`, start, end: param.value.end }] };
    }
    // With the key known the proxy checks every URL; holes may hide the parameter, so they are not judged.
    if (signature.kind === 'unsigned' && !hasHoles && signing.key(options.signing) !== undefined) {
      return { state: signature, problems: [{ rule: 'signature-missing', message: `The URL has no ${signing.param}= parameter, and ${signing.variable} is set, so ${proxy.name} checks signatures and answers ${signing.refusal}. Add ${signing.param}= (${signing.scheme}).`, start: reading.path.start, end: reading.query.end }] };
    }
    return { problems: [], state: signature };
  };
  return {
    id: proxy.id,
    serves: [proxy.id],
    read(url, options) {
      const reading = parseQueryUrl(url);
      if (!reading?.source) return null;
      if (configuredEndpointOf(url, proxy.hosts(options))) return { reading, evidence: 3 };
      if (!proxy.operations.has(reading.operation) || reading.source.url === undefined) return null;
      const signature = signatureOf(reading);
      if (signature && signing.form.test(signature.value.text)) return { reading, evidence: 2 };
      return otherParams(reading).some((name) => proxy.params.has(name)) ? { reading, evidence: 1 } : null;
    },
    // No query, no `url` parameter: nothing to read.
    mostEvidence: (url, options) => (!url.includes('?') ? 0 : configuredEndpointOf(url, proxy.hosts(options)) ? 3 : 2),
    judge,
    describeSource: (_reading, source) => (isPercentEncodedSource(source) ? ' (percent-decoded)' : ''),
    sourceLabel: () => 'url parameter',
    facts: () => proxy.facts,
    fix(reading, wanted, signature) {
      const edits = reading.source && rewriteSource(reading.source, wanted);
      if (!edits || edits.length === 0) return null;
      if (signature.kind === 'unknown-key') return { reason: `the URL is signed (${signing.param}=) and ${proxy.name}'s key is unknown, so it cannot be re-signed; set ${signing.variable} in the env file named by signing.envFile` };
      const newUrl = applyEdits(reading.url, edits);
      if (signature.kind !== 'valid') return { newUrl };
      const fixed = parseQueryUrl(newUrl);
      const param = fixed && signatureOf(fixed);
      if (!fixed || !param) return { reason: 'the fixed URL could not be read back' };
      return { newUrl: newUrl.slice(0, param.value.start) + signing.sign(fixed, signature.key as string) + newUrl.slice(param.value.end) };
    },
    explain(reading, options) {
      const verdict = { valid: `**valid** for ${signing.variable}`, invalid: `**invalid** for ${signing.variable}`, 'unknown-key': `unchecked (no ${signing.variable} known)`, unsigned: '' }[state(reading, options, false).kind];
      const source = reading.source;
      const shown = source?.url ? urlWithHost(source.url) : `\`${source?.error ?? ''}\``;
      return [
        `**${proxy.name} URL**`, '',
        `- endpoint: \`${reading.endpoint}\`, operation \`${reading.operation || '/'}\``,
        ...describeParams(proxy, reading),
        `- signature: ${signatureOf(reading) ? `\`${signing.param}=${signatureOf(reading)!.value.text}\` ${verdict}` : 'none'}`,
        `- url: ${shown}`,
      ].join('\n');
    },
  };
}
