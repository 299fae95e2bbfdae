// Human wording for probe evidence, shared by finding messages and the report. No I/O.
import type { ProbeAttempt, ProbeCertificate, ProbeEvidence } from '../core/types.js';

/** `Ebtekarstore.ir (203.0.113.7:443)`, or `[::1]:8443` style when there is no address yet. */
export function describeServer(e: ProbeEvidence & { dialledPort?: number }): string {
  const port = e.dialledPort ?? e.port;
  if (!e.address) return `${e.host}:${e.port}`;
  const address = e.address.includes(':') ? `[${e.address}]` : e.address;
  return `${e.host} (${address}:${port})`;
}

export function quoteSni(attempt: ProbeAttempt): string {
  return attempt.servername === null ? 'no SNI (IP address)' : `SNI "${attempt.servername}"`;
}

export function describeCertificate(c: ProbeCertificate): string {
  const subject = c.subjectCN ? `CN=${c.subjectCN}` : 'no CN';
  const sans = c.subjectAltNames.length ? `; SAN ${c.subjectAltNames.join(', ')}` : '; no SAN';
  return `${subject}${sans}; issuer ${c.issuer || 'unknown'}; valid ${day(c.validFrom)} to ${day(c.validTo)}; SHA-256 ${c.fingerprint256}`;
}

/** What went wrong (or right) in one attempt, in a phrase: "fatal alert 40 (handshake_failure)". */
export function describeOutcome(a: ProbeAttempt): string {
  const code = a.errorCode ? ` (${a.errorCode})` : '';
  switch (a.outcome) {
    case 'ok':
      return 'handshake completed, certificate valid';
    case 'tls-alert':
      return `fatal alert ${a.alert!.number} (${a.alert!.name})`;
    case 'reset':
      return `connection closed during the handshake, no alert${code}`;
    case 'timeout':
      return a.errorMessage ?? 'timed out';
    case 'refused':
      return `connection refused${code}`;
    case 'unreachable':
      return `network unreachable${code}`;
    case 'dns-failure':
      return `DNS lookup failed: ${a.errorMessage ?? 'no address'}`;
    case 'not-tls':
      return `the port answers but does not speak TLS${code}`;
    case 'tls-error':
      return `TLS error: ${a.errorMessage ?? 'unknown'}${code}`;
    case 'blocked-private-address':
      return a.errorMessage ?? 'private address, not probed';
    default:
      return `handshake completed; certificate: ${a.flags.join(', ')}${a.authorizationError ? ` (${a.authorizationError})` : ''}`;
  }
}

/** YYYY-MM-DD of an ISO date. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}
