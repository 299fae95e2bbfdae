// Turning what Node reports into probe outcomes: socket errors, TLS alerts, certificate checks, and
// the verdict across the as-written and lowercased attempts (spec §4.4-4.6). No I/O here.
import type { ProbeAttempt, ProbeOutcome, ProbeVerdict } from '../core/types.js';

/** TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2), by number. */
export const TLS_ALERTS: Readonly<Record<number, string>> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed',
  22: 'record_overflow', 30: 'decompression_failure', 40: 'handshake_failure', 41: 'no_certificate',
  42: 'bad_certificate', 43: 'unsupported_certificate', 44: 'certificate_revoked', 45: 'certificate_expired',
  46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca', 49: 'access_denied',
  50: 'decode_error', 51: 'decrypt_error', 60: 'export_restriction', 70: 'protocol_version',
  71: 'insufficient_security', 80: 'internal_error', 86: 'inappropriate_fallback', 90: 'user_canceled',
  100: 'no_renegotiation', 109: 'missing_extension', 110: 'unsupported_extension',
  111: 'certificate_unobtainable', 112: 'unrecognized_name', 113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value', 115: 'unknown_psk_identity', 116: 'certificate_required',
  120: 'no_application_protocol',
};

/** Where Go's crypto/tls wording differs from the RFC name with spaces (alert.go). */
const GO_ALERT_TEXT: Readonly<Record<number, string>> = {
  20: 'bad record MAC', 44: 'revoked certificate', 45: 'expired certificate', 46: 'unknown certificate',
  48: 'unknown certificate authority', 50: 'error decoding message', 51: 'error decrypting message',
  70: 'protocol version not supported', 71: 'insufficient security level', 115: 'unknown PSK identity',
};

export function alertName(n: number): string {
  return TLS_ALERTS[n] ?? `alert_${n}`;
}

/** What a Go client such as imgproxy logs when it receives this alert. */
export function goAlertMessage(n: number): string {
  const text = GO_ALERT_TEXT[n] ?? (TLS_ALERTS[n] ? TLS_ALERTS[n].replace(/_/g, ' ') : `alert(${n})`);
  return `remote error: tls: ${text}`;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** Local OpenSSL errors that mean the peer answered with something that is not a TLS record. */
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LENGTH_MISMATCH']);

export interface ErrorClass {
  outcome: ProbeOutcome;
  alert?: { number: number; name: string };
}

/**
 * Classifies an error from lookup, connect or handshake. Alerts are read from the message
 * (`SSL alert number N`), which works for ERR_SSL_*ALERT* codes and for EPROTO alike.
 */
export function classifyError(err: unknown): ErrorClass {
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(err);
  const alert = /SSL alert number (\d+)/.exec(message);
  if (alert) {
    const number = Number(alert[1]);
    return { outcome: 'tls-alert', alert: { number, name: alertName(number) } };
  }
  if (DNS_CODES.has(code)) return { outcome: 'dns-failure' };
  if (code === 'ECONNREFUSED') return { outcome: 'refused' };
  if (code === 'ETIMEDOUT') return { outcome: 'timeout' };
  if (UNREACHABLE_CODES.has(code)) return { outcome: 'unreachable' };
  if (RESET_CODES.has(code) || /socket disconnected before secure TLS connection/i.test(message)) return { outcome: 'reset' };
  if (NOT_TLS_CODES.has(code) || /wrong version number|packet length too long|http request/i.test(message)) return { outcome: 'not-tls' };
  return { outcome: 'tls-error' };
}

const EXPIRED = new Set(['CERT_HAS_EXPIRED']);
const NOT_YET_VALID = new Set(['CERT_NOT_YET_VALID']);
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const UNTRUSTED_CHAIN = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

export interface CertificateFacts {
  /** socket.authorizationError, or undefined when the chain verified. */
  authorizationError?: string;
  validFrom: Date;
  validTo: Date;
  now: Date;
  /** The error tls.checkServerIdentity returned for the host as written, if any. */
  nameError?: Error;
}

/**
 * Every problem with a certificate, most serious first. Dates are checked by us as well because
 * OpenSSL reports only the first verification error (an expired self-signed cert says only one).
 */
export function certificateFlags(facts: CertificateFacts): ProbeOutcome[] {
  const flags: ProbeOutcome[] = [];
  const auth = facts.authorizationError ?? '';
  if (EXPIRED.has(auth) || facts.validTo.getTime() < facts.now.getTime()) flags.push('expired');
  else if (NOT_YET_VALID.has(auth) || facts.validFrom.getTime() > facts.now.getTime()) flags.push('not-yet-valid');
  if (SELF_SIGNED.has(auth)) flags.push('self-signed');
  else if (UNTRUSTED_CHAIN.has(auth)) flags.push('untrusted-chain');
  else if (auth !== '' && !EXPIRED.has(auth) && !NOT_YET_VALID.has(auth) && auth !== 'ERR_TLS_CERT_ALTNAME_INVALID') flags.push('untrusted');
  if (facts.nameError) flags.push('name-mismatch');
  return flags;
}

/** Failures after which the lowercased spelling is not tried: the server never saw the SNI, or never spoke TLS. */
export function endsProbe(attempt: ProbeAttempt): boolean {
  return ['refused', 'unreachable', 'timeout', 'not-tls', 'dns-failure', 'blocked-private-address'].includes(attempt.outcome);
}

/** Outcomes that say nothing lasting about the host: not cached. */
export function isTransient(outcome: ProbeVerdict): boolean {
  return outcome === 'timeout' || outcome === 'reset' || outcome === 'dns-failure';
}

/** Outcomes worth one more try. */
export function isRetryable(outcome: ProbeVerdict): boolean {
  return outcome === 'timeout' || outcome === 'reset';
}

/** A refusal of the handshake that a different SNI might avoid. */
export function isRejection(attempt: ProbeAttempt): boolean {
  return attempt.outcome === 'tls-alert' || attempt.outcome === 'reset' || attempt.outcome === 'tls-error';
}

export interface Verdict {
  verdict: ProbeVerdict;
  caseRelated: boolean;
}

/** The verdict across the two attempts (spec §4.6). */
export function judge(asWritten: ProbeAttempt, lowercased: ProbeAttempt | undefined): Verdict {
  if (lowercased) {
    if (isRejection(asWritten) && lowercased.handshake) return { verdict: 'sni-case-sensitive', caseRelated: true };
    const a = asWritten.certificate?.fingerprint256;
    const b = lowercased.certificate?.fingerprint256;
    if (asWritten.handshake && lowercased.handshake && a !== undefined && b !== undefined && a !== b) {
      return { verdict: 'sni-case-sensitive-certificate', caseRelated: true };
    }
  }
  return { verdict: asWritten.outcome, caseRelated: false };
}
