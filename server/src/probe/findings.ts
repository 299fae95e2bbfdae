// Probe verdicts turned into findings on every imgproxy URL whose source has the probed host.
import type { Finding, ProbeAttempt, Severity, SeveritySetting } from '../core/types.js';
import type { SourceRef } from '../core/lint.js';
import { effectiveSeverity, severityRank, type RuleId } from '../core/rules.js';
import { goAlertMessage } from './classify.js';
import { describeCertificate, describeOutcome, describeServer, day, quoteSni } from './describe.js';
import type { ProbeResult } from './probe-host.js';
import type { Prober } from './prober.js';

/** Days of validity under which a certificate is reported (as a warning) before it expires. */
export const EXPIRY_WARNING_DAYS = 14;

export interface ProbeSourcesOptions {
  /** Severity overrides by rule id, as in LintOptions.rules. */
  rules?: Partial<Record<string, SeveritySetting>>;
  /** Also probe hosts of http:// sources (over TLS on port 443). */
  includeHttp?: boolean;
  signal?: AbortSignal;
  /** Called as each host's probe finishes, with its findings (to refresh diagnostics progressively). */
  onResult?: (result: ProbeResult, findings: Finding[]) => void;
}

/** One distinct host (as written) and port, and every source that names it. */
export interface ProbeTarget {
  host: string;
  port: number;
  sources: SourceRef[];
}

/** The distinct (host as written, port) pairs to probe: https sources, http ones (port 443) if asked. */
export function probeTargets(sources: readonly SourceRef[], includeHttp = false): ProbeTarget[] {
  const targets = new Map<string, ProbeTarget>();
  for (const ref of sources) {
    const scheme = ref.scheme.toLowerCase();
    if (ref.host === '' || !(scheme === 'https' || (scheme === 'http' && includeHttp))) continue;
    const port = scheme === 'http' || ref.port === '' ? 443 : Number(ref.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    const key = `${ref.host}\u0000${port}`;
    const target = targets.get(key) ?? { host: ref.host, port, sources: [] };
    target.sources.push(ref);
    targets.set(key, target);
  }
  return [...targets.values()];
}

/** Probes every target (the prober limits concurrency and de-duplicates) and returns results and findings. */
export async function runProbes(
  sources: readonly SourceRef[],
  prober: Prober,
  options: ProbeSourcesOptions = {},
): Promise<{ results: ProbeResult[]; findings: Finding[] }> {
  const targets = probeTargets(sources, options.includeHttp);
  const signal = options.signal;
  const perTarget = await Promise.all(
    targets.map(async (t) => {
      const result = await prober.probe(t.host, t.port, signal ? { signal } : {});
      const findings = findingsFor(result, t.sources, options.rules ?? {});
      options.onResult?.(result, findings);
      return { result, findings };
    }),
  );
  return { results: perTarget.map((p) => p.result), findings: perTarget.flatMap((p) => p.findings) };
}

/** Findings for every source URL of the probed hosts. Rejects only when aborted. */
export async function probeSources(sources: readonly SourceRef[], prober: Prober, options: ProbeSourcesOptions = {}): Promise<Finding[]> {
  return (await runProbes(sources, prober, options)).findings;
}

interface Verdict {
  rule: RuleId;
  message: string;
  /** Caps the severity (expiring soon is at most a warning). */
  cap?: Severity;
}

/** The findings one probe result gives each of the sources naming its host. */
export function findingsFor(result: ProbeResult, sources: readonly SourceRef[], overrides: Partial<Record<string, SeveritySetting>>): Finding[] {
  const out: Finding[] = [];
  for (const v of verdicts(result)) {
    let severity = effectiveSeverity(v.rule, overrides);
    if (severity === 'off') continue;
    if (v.cap && severityRank(severity) > severityRank(v.cap)) severity = v.cap;
    for (const ref of sources) {
      out.push({
        rule: v.rule,
        severity: severity as Severity,
        message: v.message,
        start: ref.start,
        end: ref.end,
        url: ref.url,
        source: ref.source,
        host: ref.host,
        fix: null,
        probe: evidence(result),
      });
    }
  }
  return out;
}

/** The ProbeEvidence part of a result (what JSON findings carry). */
export function evidence(result: ProbeResult): Finding['probe'] & object {
  const { host, port, address, verdict, caseRelated, asWritten, lowercased } = result;
  return { host, port, ...(address ? { address } : {}), verdict, caseRelated, asWritten, ...(lowercased ? { lowercased } : {}) };
}

function verdicts(result: ProbeResult): Verdict[] {
  const server = describeServer(result);
  const a = result.asWritten;
  const b = result.lowercased;
  const out: Verdict[] = [];
  if (result.verdict === 'sni-case-sensitive' && b) {
    out.push({ rule: 'tls-sni-case-sensitive', message: caseSensitiveMessage(server, a, b) });
  } else if (result.verdict === 'sni-case-sensitive-certificate' && b) {
    out.push({
      rule: 'tls-sni-case-certificate',
      message:
        `The server for ${server} presents a different certificate for ${quoteSni(a)} (${describeCertificate(a.certificate!)}) ` +
        `than for ${quoteSni(b)} (${describeCertificate(b.certificate!)}); clients that send the host as written, such as imgproxy, get the first one. Lowercase the host.`,
    });
  } else if (!a.handshake) {
    out.push({ rule: 'tls-unreachable', message: unreachableMessage(result, server) });
  }
  // Certificate problems: of the as-written handshake, or of the lowercased one when only it completed.
  const cert = a.handshake ? a : b?.handshake ? b : undefined;
  if (cert?.certificate) out.push(...certificateVerdicts(server, cert, cert !== a));
  return out;
}

function caseSensitiveMessage(server: string, a: ProbeAttempt, b: ProbeAttempt): string {
  const accepts = `and accepts ${quoteSni(b).replace('SNI ', '')}`;
  if (a.outcome === 'tls-alert' && a.alert) {
    return (
      `The server for ${server} rejects the TLS handshake for ${quoteSni(a)} with fatal alert ${a.alert.number} (${a.alert.name}) ${accepts}; ` +
      `imgproxy logs '${goAlertMessage(a.alert.number)}'. Lowercase the host.`
    );
  }
  if (a.outcome === 'reset') {
    return `The server for ${server} closes the connection during the TLS handshake for ${quoteSni(a)} without an alert ${accepts}; imgproxy logs an EOF or 'connection reset by peer'. Lowercase the host.`;
  }
  return `The server for ${server} fails the TLS handshake for ${quoteSni(a)} (${describeOutcome(a)}) ${accepts}. Lowercase the host.`;
}

function unreachableMessage(result: ProbeResult, server: string): string {
  const a = result.asWritten;
  if (a.outcome === 'blocked-private-address') return `The TLS probe did not contact ${server}: ${a.errorMessage}.`;
  const both = result.lowercased && result.lowercased.outcome === a.outcome && a.outcome === 'tls-alert' ? ` for both ${quoteSni(a)} and ${quoteSni(result.lowercased)}` : ` for ${quoteSni(a)}`;
  return `The TLS probe could not complete a handshake with ${server}${both}: ${describeOutcome(a)}.`;
}

function certificateVerdicts(server: string, attempt: ProbeAttempt, viaLowercase: boolean): Verdict[] {
  const c = attempt.certificate!;
  const whose = `The certificate of ${server}${viaLowercase ? ` (served for ${quoteSni(attempt)})` : ''}`;
  const details = describeCertificate(c);
  const out: Verdict[] = [];
  const flags = new Set(attempt.flags);
  if (flags.has('expired')) {
    out.push({ rule: 'tls-cert-expired', message: `${whose} expired on ${day(c.validTo)} (${-c.daysLeft} days ago): ${details}.` });
  } else if (flags.has('not-yet-valid')) {
    out.push({ rule: 'tls-cert-expired', message: `${whose} is not valid until ${day(c.validFrom)}: ${details}.` });
  } else if (c.daysLeft < EXPIRY_WARNING_DAYS) {
    out.push({ rule: 'tls-cert-expired', cap: 'warning', message: `${whose} expires on ${day(c.validTo)}, in ${c.daysLeft} days: ${details}.` });
  }
  if (flags.has('self-signed') || flags.has('untrusted-chain') || flags.has('untrusted')) {
    const why = flags.has('self-signed') ? 'is self-signed' : flags.has('untrusted-chain') ? 'does not chain to a trusted root' : 'is not trusted';
    out.push({
      rule: 'tls-cert-untrusted',
      message: `${whose} ${why} (${attempt.authorizationError ?? 'unverified'}); clients that verify certificates, such as imgproxy, refuse it: ${details}.`,
    });
  }
  if (flags.has('name-mismatch')) {
    out.push({ rule: 'tls-cert-name-mismatch', message: `${whose} is not valid for this host: ${attempt.errorMessage ?? 'name mismatch'} (${details}).` });
  }
  return out;
}
