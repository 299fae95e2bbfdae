// Many probes, politely: a global and a per-host concurrency limit, in-flight de-duplication (one
// probe per host and port however many callers ask), a TTL cache that never keeps transient failures
// (timeout, reset, DNS), and retries only where a retry can help (timeout, reset). Cancellable.
import { isRetryable, isTransient } from './classify.js';
import { asciiLowercase } from './hostname.js';
import { abortReason, Limiter } from './limiter.js';
import { probeHost, type ProbeHostOptions, type ProbeResult } from './probe-host.js';

export interface ProberOptions extends Omit<ProbeHostOptions, 'signal'> {
  /** Probes running at once, over all hosts. Default 4. */
  concurrency?: number;
  /** Probes running at once against one host (any spelling, any port). Default 1. */
  perHostConcurrency?: number;
  /** How long a verdict is reused, in ms. Default 10 minutes; 0 disables the cache. */
  cacheTtl?: number;
  /** Extra tries after a timeout or reset. Default 1. */
  retries?: number;
  /** The clock for the cache. */
  clock?: () => number;
  /** Replaces probeHost (tests). */
  probeHost?: typeof probeHost;
}

export interface ProberStats {
  /** probeHost calls made (retries included). */
  probes: number;
  cacheHits: number;
  /** Callers that joined a probe already in flight. */
  joined: number;
  retries: number;
}

interface Shared {
  promise: Promise<ProbeResult>;
  controller: AbortController;
  waiters: number;
}

export class Prober {
  readonly stats: ProberStats = { probes: 0, cacheHits: 0, joined: 0, retries: 0 };
  private readonly cache = new Map<string, { result: ProbeResult; expires: number }>();
  private readonly inFlight = new Map<string, Shared>();
  private readonly global: Limiter;
  private readonly perHost = new Map<string, Limiter>();
  private readonly clock: () => number;
  private disposed = false;

  constructor(private readonly options: ProberOptions = {}) {
    this.global = new Limiter(options.concurrency ?? 4);
    this.clock = options.clock ?? Date.now;
  }

  /** The cached verdict for this host (as written) and port, if fresh. */
  cached(host: string, port: number): ProbeResult | undefined {
    const key = keyOf(host, port);
    const entry = this.cache.get(key);
    if (entry && entry.expires > this.clock()) return entry.result;
    if (entry) this.cache.delete(key);
    return undefined;
  }

  /**
   * Probes host (exactly as written) on port. Concurrent calls for the same pair share one probe.
   * Aborting `signal` rejects this call; the shared probe stops once every caller has aborted.
   */
  probe(host: string, port: number, options: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
    if (this.disposed) return Promise.reject(new Error('Prober is disposed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const hit = this.cached(host, port);
    if (hit) {
      this.stats.cacheHits++;
      return Promise.resolve(hit);
    }
    const key = keyOf(host, port);
    let shared = this.inFlight.get(key);
    if (shared) this.stats.joined++;
    else {
      shared = this.start(key, host, port);
    }
    return this.wait(shared, signal);
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Aborts every probe in flight and refuses new ones. */
  dispose(): void {
    this.disposed = true;
    for (const shared of this.inFlight.values()) shared.controller.abort();
    this.inFlight.clear();
    this.cache.clear();
  }

  private start(key: string, host: string, port: number): Shared {
    const controller = new AbortController();
    const shared: Shared = { controller, waiters: 0, promise: this.run(host, port, controller.signal) };
    this.inFlight.set(key, shared);
    const ttl = this.options.cacheTtl ?? 10 * 60_000;
    shared.promise.then(
      (result) => {
        if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
        if (ttl > 0 && !this.disposed && !isTransient(result.verdict)) {
          this.cache.set(key, { result, expires: this.clock() + ttl });
        }
      },
      () => {
        if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
      },
    );
    return shared;
  }

  private wait(shared: Shared, signal: AbortSignal | undefined): Promise<ProbeResult> {
    shared.waiters++;
    if (!signal) return shared.promise;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        reject(abortReason(signal));
        if (--shared.waiters === 0) shared.controller.abort();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (result) => {
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err);
        },
      );
    });
  }

  private async run(host: string, port: number, signal: AbortSignal): Promise<ProbeResult> {
    const { concurrency: _c, perHostConcurrency: _p, cacheTtl: _t, retries: _r, clock: _k, probeHost: custom, ...hostOptions } = this.options;
    const probe = custom ?? probeHost;
    const retries = this.options.retries ?? 1;
    const hostKey = asciiLowercase(host);
    let result: ProbeResult | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) this.stats.retries++;
      const releaseHost = await this.hostLimiter(hostKey).acquire(signal);
      try {
        const releaseGlobal = await this.global.acquire(signal);
        try {
          this.stats.probes++;
          result = await probe(host, port, { ...hostOptions, signal });
        } finally {
          releaseGlobal();
        }
      } finally {
        releaseHost();
        this.dropIdle(hostKey);
      }
      if (!isRetryable(result.verdict)) break;
    }
    return result!;
  }

  private hostLimiter(hostKey: string): Limiter {
    let limiter = this.perHost.get(hostKey);
    if (!limiter) {
      limiter = new Limiter(this.options.perHostConcurrency ?? 1);
      this.perHost.set(hostKey, limiter);
    }
    return limiter;
  }

  private dropIdle(hostKey: string): void {
    if (this.perHost.get(hostKey)?.idle) this.perHost.delete(hostKey);
  }
}

function keyOf(host: string, port: number): string {
  return `${host}\u0000${port}`;
}
