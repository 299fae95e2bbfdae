// The Prober: in-flight de-duplication, the cache (verdicts kept, transient failures not), retries
// only for timeout/reset, concurrency limits and cancellation. Real loopback servers count connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prober, type ProberOptions } from '../../server/src/probe/prober.js';
import type { ProbeHostOptions, ProbeResult } from '../../server/src/probe/probe-host.js';
import { useProbeFixture } from './helpers/fixture.js';
import { closedPort, fixedLookup, silentServer, tlsServer } from './helpers/servers.js';

const fixture = useProbeFixture();
const { start } = fixture;

const prober = (extra: ProberOptions = {}): Prober =>
  new Prober({ lookup: fixedLookup('127.0.0.1'), allowPrivateAddresses: true, ca: fixture.pki.ca, timeout: 3000, ...extra });

test('N concurrent callers for one host make one probe', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const p = prober();
  const results = await Promise.all(Array.from({ length: 10 }, () => p.probe('Ebtekarstore.ir', server.port)));
  assert.ok(results.every((r) => r === results[0]), 'every caller gets the same result');
  assert.equal(results[0].verdict, 'sni-case-sensitive');
  assert.equal(server.connections, 2, 'one probe: as written and lowercased');
  assert.deepEqual(p.stats, { probes: 1, cacheHits: 0, joined: 9, retries: 0 });
});

test('a verdict is cached until its TTL runs out', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  let now = 1_000_000;
  const p = prober({ cacheTtl: 60_000, clock: () => now });
  await p.probe('Ebtekarstore.ir', server.port);
  const again = await p.probe('Ebtekarstore.ir', server.port);
  assert.equal(again.verdict, 'sni-case-sensitive');
  assert.equal(server.connections, 2, 'the second call was answered from the cache');
  assert.equal(p.stats.cacheHits, 1);
  assert.equal(p.cached('Ebtekarstore.ir', server.port), again);
  now += 60_001;
  await p.probe('Ebtekarstore.ir', server.port);
  assert.equal(server.connections, 4, 'probed again after the TTL');
});

test('host spellings are cached apart: each is its own question', async () => {
  const server = await start(tlsServer({ contexts: { 'ebtekarstore.ir': fixture.pki.good } }));
  const p = prober();
  const [upper, lower] = await Promise.all([p.probe('Ebtekarstore.ir', server.port), p.probe('ebtekarstore.ir', server.port)]);
  assert.equal(upper.verdict, 'sni-case-sensitive');
  assert.equal(lower.verdict, 'ok');
});

test('a timeout is not cached: the next call probes again', { timeout: 10_000 }, async () => {
  const server = await start(silentServer());
  const p = prober({ timeout: 200, retries: 0 });
  const first = await p.probe('ebtekarstore.ir', server.port);
  assert.equal(first.verdict, 'timeout');
  assert.equal(p.cached('ebtekarstore.ir', server.port), undefined);
  await p.probe('ebtekarstore.ir', server.port);
  assert.equal(server.connections, 2);
  assert.equal(p.stats.probes, 2);
});

test('a DNS failure is not cached', async () => {
  let calls = 0;
  const lookup: ProbeHostOptions['lookup'] = (_h, _o, cb) => {
    calls++;
    cb(Object.assign(new Error('getaddrinfo EAI_AGAIN x'), { code: 'EAI_AGAIN' }), []);
  };
  const p = prober({ lookup });
  assert.equal((await p.probe('x.example', 443)).verdict, 'dns-failure');
  assert.equal((await p.probe('x.example', 443)).verdict, 'dns-failure');
  assert.equal(calls, 2, 'DNS failures are not retried within a call, and not cached across calls');
});

test('timeouts are retried, refusals are not', { timeout: 10_000 }, async () => {
  const silent = await start(silentServer());
  const p = prober({ timeout: 200, retries: 1 });
  const t0 = Date.now();
  assert.equal((await p.probe('ebtekarstore.ir', silent.port)).verdict, 'timeout');
  assert.equal(silent.connections, 2, 'one retry');
  assert.equal(p.stats.retries, 1);
  assert.ok(Date.now() - t0 < 2000, 'two timeouts, not a hang');

  const port = await closedPort();
  const q = prober({ retries: 3 });
  assert.equal((await q.probe('ebtekarstore.ir', port)).verdict, 'refused');
  assert.equal(q.stats.probes, 1, 'refused is final');
  assert.equal(p.cached('ebtekarstore.ir', port), undefined);
  assert.equal(q.cached('ebtekarstore.ir', port)?.verdict, 'refused', 'refused is cached');
});

/** A stand-in probeHost that records how many run at once. */
function countingProbe(delayMs: number) {
  const state = { running: 0, max: 0, maxPerHost: new Map<string, number>(), runningPerHost: new Map<string, number>(), signals: [] as AbortSignal[] };
  const fn = async (host: string, port: number, options: ProbeHostOptions = {}): Promise<ProbeResult> => {
    const key = host.toLowerCase();
    state.running++;
    state.max = Math.max(state.max, state.running);
    state.runningPerHost.set(key, (state.runningPerHost.get(key) ?? 0) + 1);
    state.maxPerHost.set(key, Math.max(state.maxPerHost.get(key) ?? 0, state.runningPerHost.get(key)!));
    if (options.signal) state.signals.push(options.signal);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs);
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
    } finally {
      state.running--;
      state.runningPerHost.set(key, state.runningPerHost.get(key)! - 1);
    }
    const attempt = { servername: host, outcome: 'ok' as const, flags: [], tcpConnected: true, handshake: true, durationMs: delayMs };
    return { host, port, verdict: 'ok', caseRelated: false, asWritten: attempt, durationMs: delayMs, probedAt: new Date().toISOString() };
  };
  return Object.assign(fn, { state });
}

test('global and per-host concurrency limits hold', async () => {
  const probe = countingProbe(30);
  const p = new Prober({ probeHost: probe, concurrency: 3, perHostConcurrency: 1 });
  const hosts = ['a.example', 'b.example', 'c.example', 'd.example', 'e.example', 'f.example'];
  const ports = [443, 8443, 9443];
  await Promise.all(hosts.flatMap((h) => ports.map((port) => p.probe(h, port))));
  assert.equal(probe.state.max, 3, 'never more than 3 at once');
  for (const h of hosts) assert.equal(probe.state.maxPerHost.get(h), 1, `${h}: one at a time`);
  assert.equal(p.stats.probes, 18);
  // Spellings of one host share its per-host slot.
  const q = new Prober({ probeHost: countingProbe(30), concurrency: 10, perHostConcurrency: 1 });
  const probe2 = (q as unknown as { options: { probeHost: ReturnType<typeof countingProbe> } }).options.probeHost;
  await Promise.all(['X.example', 'x.example', 'X.EXAMPLE'].map((h) => q.probe(h, 443)));
  assert.equal(probe2.state.maxPerHost.get('x.example'), 1);
});

test('an aborted caller is rejected; the shared probe stops only when every caller aborted', async () => {
  const probe = countingProbe(200);
  const p = new Prober({ probeHost: probe });
  const one = new AbortController();
  const two = new AbortController();
  const first = p.probe('a.example', 443, { signal: one.signal });
  const second = p.probe('a.example', 443, { signal: two.signal });
  const third = p.probe('b.example', 443);
  await new Promise((r) => setTimeout(r, 20));
  one.abort();
  await assert.rejects(first, { name: 'AbortError' });
  assert.equal(probe.state.signals[0].aborted, false, 'the other caller still waits');
  two.abort();
  await assert.rejects(second, { name: 'AbortError' });
  assert.equal(probe.state.signals[0].aborted, true, 'nobody waits any more: the probe is stopped');
  assert.equal((await third).verdict, 'ok');
  assert.equal(p.cached('a.example', 443), undefined);
});

test('a queued probe can be cancelled before it starts', async () => {
  const probe = countingProbe(100);
  const p = new Prober({ probeHost: probe, concurrency: 1 });
  const running = p.probe('a.example', 443);
  const controller = new AbortController();
  const queued = p.probe('b.example', 443, { signal: controller.signal });
  controller.abort();
  await assert.rejects(queued, { name: 'AbortError' });
  await running;
  assert.equal(p.stats.probes, 1, 'b.example never ran');
});

test('dispose aborts everything in flight', async () => {
  const probe = countingProbe(5000);
  const p = new Prober({ probeHost: probe });
  const pending = p.probe('a.example', 443);
  await new Promise((r) => setTimeout(r, 10));
  p.dispose();
  await assert.rejects(pending, { name: 'AbortError' });
  await assert.rejects(p.probe('a.example', 443), /disposed/);
});
