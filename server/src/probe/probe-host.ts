// One host, one port: resolve once, guard the address, then the as-written and lowercased handshakes
// to that same address, and the verdict. Never rejects except with an AbortError.
import type { ProbeAttempt, ProbeEvidence } from '../core/types.js';
import { privateAddressReason } from './address-guard.js';
import { endsProbe, judge } from './classify.js';
import { handshake, type HandshakeOptions } from './handshake.js';
import { probeNames } from './hostname.js';
import { applyConnectTo, parseConnectTo, resolveOnce, type ConnectToRule, type LookupFunction } from './resolve.js';

export const DEFAULT_PROBE_TIMEOUT = 8000;

export interface ProbeHostOptions {
  /** Milliseconds for TCP connect plus TLS handshake, per attempt. Default 8000. */
  timeout?: number;
  /** Dial loopback, private, link-local and other non-public addresses. Default false. */
  allowPrivateAddresses?: boolean;
  /** Replaces dns.lookup (called once per probe, with `{ all: true }`). */
  lookup?: LookupFunction;
  /** curl-style `HOST:PORT:ADDR:PORT` rules (strings or parsed); SNI and name checks keep the real host. */
  connectTo?: ReadonlyArray<string | ConnectToRule>;
  /** Extra trusted CA certificates (PEM) on top of Node's roots and NODE_EXTRA_CA_CERTS. */
  ca?: string | Buffer | Array<string | Buffer>;
  signal?: AbortSignal;
  /** The clock for certificate validity. */
  now?: () => Date;
}

/** ProbeEvidence plus bookkeeping. */
export interface ProbeResult extends ProbeEvidence {
  /** The port actually dialled (differs from `port` under a connect-to rule). */
  dialledPort?: number;
  durationMs: number;
  /** When the probe finished, ISO 8601. */
  probedAt: string;
}

export async function probeHost(host: string, port: number, options: ProbeHostOptions = {}): Promise<ProbeResult> {
  const started = Date.now();
  const done = (fields: Omit<ProbeResult, 'host' | 'port' | 'durationMs' | 'probedAt'>): ProbeResult => ({
    host,
    port,
    ...fields,
    durationMs: Date.now() - started,
    probedAt: new Date().toISOString(),
  });
  const names = probeNames(host);
  if (names === null) {
    const attempt = failed(null, 'dns-failure', `"${host}" is not a host name that can be probed`);
    return done({ verdict: 'dns-failure', caseRelated: false, asWritten: attempt });
  }
  const sni = (name: string): string | null => (names.ipLiteral ? null : name);

  const rules = (options.connectTo ?? []).map((r) => (typeof r === 'string' ? parseConnectTo(r) : r));
  const target = applyConnectTo(names.asWritten, port, rules);
  let address: string;
  try {
    ({ address } = await resolveOnce(target.host, options.lookup));
  } catch (err) {
    throwIfAborted(options.signal);
    const e = err as NodeJS.ErrnoException;
    const attempt = failed(sni(names.asWritten), 'dns-failure', e?.message ?? String(err), e?.code);
    return done({ verdict: 'dns-failure', caseRelated: false, asWritten: attempt });
  }
  throwIfAborted(options.signal);
  const where = { address, ...(target.port !== port ? { dialledPort: target.port } : {}) };

  const reason = options.allowPrivateAddresses ? null : privateAddressReason(address);
  if (reason !== null) {
    const message = `${address} is ${reason}; not probed unless private addresses are allowed (probe.allowPrivateAddresses, --probe-allow-private)`;
    const attempt = failed(sni(names.asWritten), 'blocked-private-address', message);
    return done({ ...where, verdict: 'blocked-private-address', caseRelated: false, asWritten: attempt });
  }

  const attempt = (name: string): Promise<ProbeAttempt> => {
    const hs: HandshakeOptions = {
      address,
      port: target.port,
      servername: sni(name),
      identity: names.asWritten,
      timeout: options.timeout ?? DEFAULT_PROBE_TIMEOUT,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.now ? { now: options.now } : {}),
    };
    return handshake(hs);
  };

  let asWritten = await attempt(names.asWritten);
  let lowercased: ProbeAttempt | undefined;
  if (names.lowercased !== names.asWritten && !endsProbe(asWritten)) {
    lowercased = await attempt(names.lowercased);
    // A reset proves little on its own: confirm it before calling the server case-sensitive.
    if (asWritten.outcome === 'reset' && lowercased.handshake) {
      const again = await attempt(names.asWritten);
      if (again.handshake || again.outcome !== 'reset') asWritten = again;
    }
  }
  const { verdict, caseRelated } = judge(asWritten, lowercased);
  return done({ ...where, verdict, caseRelated, asWritten, ...(lowercased ? { lowercased } : {}) });
}

function failed(servername: string | null, outcome: ProbeAttempt['outcome'], errorMessage: string, errorCode?: string): ProbeAttempt {
  return {
    servername,
    outcome,
    flags: [],
    tcpConnected: false,
    handshake: false,
    ...(errorCode ? { errorCode } : {}),
    errorMessage,
    durationMs: 0,
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  if (signal.reason instanceof Error) throw signal.reason;
  const err = new Error('The probe was aborted');
  err.name = 'AbortError';
  throw err;
}
