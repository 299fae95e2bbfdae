// One TLS handshake to an already-resolved address, with an explicit SNI (or none for IP literals).
// Never writes application data: the socket is closed on secureConnect (close_notify) or destroyed on error. One deadline
// covers TCP connect and handshake. Certificate verification is relaxed only to read the certificate.
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import type { PeerCertificate, DetailedPeerCertificate } from 'node:tls';
import type { ProbeAttempt, ProbeCertificate } from '../core/types.js';
import { certificateFlags, classifyError } from './classify.js';

export interface HandshakeOptions {
  /** The address to dial (an IP) and its port. */
  address: string;
  port: number;
  /** The SNI to send; null sends none. */
  servername: string | null;
  /** The name the certificate is checked against (the host as written; case does not matter there). */
  identity: string;
  /** Milliseconds for connect plus handshake. */
  timeout: number;
  /** Extra trusted CA certificates (PEM), added to Node's roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  signal?: AbortSignal;
  /** The clock used for validity checks and days left. */
  now?: () => Date;
}

const DAY = 86_400_000;

/** Resolves with the attempt's result; never rejects except with an AbortError when signal aborts. */
export function handshake(options: HandshakeOptions): Promise<ProbeAttempt> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  return new Promise<ProbeAttempt>((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError(options.signal));
    let tcpConnected = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let socket: tls.TLSSocket | undefined;
    const base = (): AttemptBase => ({
      servername: options.servername,
      tcpConnected,
      durationMs: Date.now() - started,
    });
    const finish = (attempt: ProbeAttempt | Error, graceful = false): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const s = socket;
      s?.on('error', () => undefined); // late errors after closing must not crash the process
      if (graceful) {
        // After a completed handshake: flush our Finished and send close_notify (an alert, not data),
        // so the server logs a clean close instead of a failed handshake.
        s?.end();
        setTimeout(() => s?.destroy(), 1000).unref();
      } else {
        s?.destroy();
      }
      if (attempt instanceof Error) reject(attempt);
      else resolve(attempt);
    };
    const onAbort = (): void => finish(abortError(options.signal!));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      socket = tls.connect({
        host: options.address,
        port: options.port,
        ...(options.servername !== null ? { servername: options.servername } : {}),
        rejectUnauthorized: false,
        // What Go's net/http offers; nothing is ever sent over whichever is chosen.
        ALPNProtocols: ['h2', 'http/1.1'],
        ...(options.ca !== undefined ? { secureContext: contextWithCa(options.ca) } : {}),
        // Our own identity check runs below; Node's would only fill authorizationError.
        checkServerIdentity: () => undefined,
      });
    } catch (err) {
      // Invalid input (a bad port, say) throws synchronously.
      return finish({ ...base(), ...classified(err), flags: [], handshake: false });
    }
    const tlsSocket = socket;
    timer = setTimeout(() => {
      finish({
        ...base(),
        outcome: 'timeout',
        flags: [],
        handshake: false,
        timeoutPhase: tcpConnected ? 'tls-handshake' : 'tcp-connect',
        errorMessage: `no ${tcpConnected ? 'TLS handshake' : 'TCP connection'} within ${options.timeout} ms`,
      });
    }, options.timeout);
    tlsSocket.once('connect', () => {
      tcpConnected = true;
    });
    tlsSocket.once('secureConnect', () => {
      try {
        finish(readSession(tlsSocket, options, now(), base()), true);
      } catch (err) {
        finish({ ...base(), ...classified(err), flags: [], handshake: true });
      }
    });
    tlsSocket.once('error', (err) => finish({ ...base(), ...classified(err), flags: [], handshake: false }));
    tlsSocket.once('close', () =>
      finish({ ...base(), outcome: 'reset', flags: [], handshake: false, errorMessage: 'connection closed before the handshake completed' }),
    );
  });
}

function classified(err: unknown): Pick<ProbeAttempt, 'outcome' | 'alert' | 'errorCode' | 'errorMessage'> {
  const { outcome, alert } = classifyError(err);
  const e = err as { code?: unknown; message?: unknown };
  return {
    outcome,
    ...(alert ? { alert } : {}),
    ...(typeof e?.code === 'string' ? { errorCode: e.code } : {}),
    errorMessage: (typeof e?.message === 'string' ? e.message : String(err)).trim(),
  };
}

type AttemptBase = Pick<ProbeAttempt, 'servername' | 'tcpConnected' | 'durationMs'>;

function readSession(socket: tls.TLSSocket, options: HandshakeOptions, now: Date, base: AttemptBase): ProbeAttempt {
  const peer = socket.getPeerCertificate(true);
  const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
  const cipher = socket.getCipher()?.name;
  const protocol = socket.getProtocol() ?? undefined;
  const session = {
    ...base,
    handshake: true,
    ...(authorizationError ? { authorizationError } : {}),
    ...(protocol ? { protocol } : {}),
    ...(cipher ? { cipher } : {}),
  };
  if (!peer || Object.keys(peer).length === 0) {
    return { ...session, outcome: 'untrusted', flags: ['untrusted'], errorMessage: 'the server sent no certificate' };
  }
  const validFrom = new Date(peer.valid_from);
  const validTo = new Date(peer.valid_to);
  const nameError = tls.checkServerIdentity(options.identity, peer);
  const flags = certificateFlags({ authorizationError, validFrom, validTo, now, ...(nameError ? { nameError } : {}) });
  const certificate: ProbeCertificate = {
    ...(peer.subject?.CN ? { subjectCN: String(peer.subject.CN) } : {}),
    subjectAltNames: peer.subjectaltname ? peer.subjectaltname.split(/,\s*/) : [],
    issuer: distinguishedName(peer.issuer),
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY),
    fingerprint256: peer.fingerprint256,
    chainLength: chainLength(peer),
  };
  return {
    ...session,
    outcome: flags[0] ?? 'ok',
    flags,
    ...(nameError ? { errorMessage: nameError.message } : {}),
    certificate,
  };
}

function distinguishedName(name: PeerCertificate['issuer'] | undefined): string {
  if (!name) return '';
  const parts: string[] = [];
  for (const key of ['CN', 'O', 'OU', 'C'] as const) {
    const value = (name as unknown as Record<string, unknown>)[key];
    if (value !== undefined) parts.push(`${key}=${Array.isArray(value) ? value.join('+') : String(value)}`);
  }
  return parts.join(', ');
}

function chainLength(leaf: DetailedPeerCertificate): number {
  let length = 1;
  const seen = new Set<string>([leaf.fingerprint256]);
  for (let cert = leaf.issuerCertificate; cert && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    length++;
  }
  return length;
}

let memo: { ca: HandshakeOptions['ca']; context: tls.SecureContext } | undefined;

/** A secure context trusting the extra CAs, built once per `ca` value (building one costs tens of ms). */
function contextWithCa(ca: NonNullable<HandshakeOptions['ca']>): tls.SecureContext {
  if (memo?.ca !== ca) memo = { ca, context: tls.createSecureContext({ ca: withRoots(ca) }) };
  return memo.context;
}

/**
 * Node's roots plus the given CAs. Passing `ca` replaces the default store, which is where Node put
 * NODE_EXTRA_CA_CERTS, so that file is added back here.
 */
function withRoots(ca: string | Buffer | Array<string | Buffer>): Array<string | Buffer> {
  const extra: string[] = [];
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (file) {
    try {
      extra.push(readFileSync(file, 'utf8'));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at startup.
    }
  }
  return [...tls.rootCertificates, ...extra, ...(Array.isArray(ca) ? ca : [ca])];
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error('The probe was aborted');
  err.name = 'AbortError';
  return err;
}
