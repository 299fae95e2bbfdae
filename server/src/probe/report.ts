// A plain-text report of probe results, for the "Probe Hosts" command and the CLI.
import type { ProbeAttempt } from '../core/types.js';
import { describeCertificate, describeOutcome, describeServer } from './describe.js';
import type { ProbeResult } from './probe-host.js';

const HEADLINES: Record<string, string> = {
  'sni-case-sensitive': 'BROKEN for the host as written: the server matches the SNI case-sensitively; lowercase the host',
  'sni-case-sensitive-certificate': 'the host as written and lowercased get different certificates; lowercase the host',
  ok: 'ok',
  expired: 'certificate expired',
  'not-yet-valid': 'certificate not yet valid',
  'self-signed': 'certificate self-signed',
  'untrusted-chain': 'certificate chain not trusted',
  untrusted: 'certificate not trusted',
  'name-mismatch': 'certificate not valid for this host',
  'tls-alert': 'TLS handshake rejected',
  'tls-error': 'TLS error',
  'not-tls': 'not TLS',
  reset: 'connection reset',
  refused: 'connection refused',
  timeout: 'timeout',
  unreachable: 'unreachable',
  'dns-failure': 'DNS failure',
  'blocked-private-address': 'not probed (private address)',
};

/** One block per host: the verdict, then each attempt with its outcome and certificate. */
export function formatProbeReport(results: readonly ProbeResult[]): string {
  if (results.length === 0) return 'No https source hosts to probe.\n';
  const blocks = results.map((r) => {
    const lines = [`${describeServer(r)}: ${HEADLINES[r.verdict] ?? r.verdict}`];
    lines.push(...attemptLines('as written', r.asWritten));
    if (r.lowercased) lines.push(...attemptLines('lowercased', r.lowercased));
    return lines.join('\n');
  });
  const broken = results.filter((r) => r.caseRelated).length;
  const summary = `${results.length} host${results.length === 1 ? '' : 's'} probed, ${broken} with case-sensitive SNI handling.`;
  return `${blocks.join('\n\n')}\n\n${summary}\n`;
}

function attemptLines(label: string, a: ProbeAttempt): string[] {
  const sni = a.servername === null ? 'no SNI' : `SNI "${a.servername}"`;
  const session = a.protocol ? `, ${a.protocol}${a.cipher ? ` ${a.cipher}` : ''}` : '';
  const lines = [`  ${label.padEnd(10)} ${sni}: ${describeOutcome(a)}${session}, ${a.durationMs} ms`];
  if (a.certificate) {
    lines.push(`             certificate: ${describeCertificate(a.certificate)}; ${a.certificate.daysLeft} days left`);
    if (a.flags.includes('name-mismatch') && a.errorMessage) lines.push(`             name check: ${a.errorMessage}`);
  }
  return lines;
}
