// Loopback servers for the probe tests. Each counts TCP connections and records every byte of
// application data received after a TLS handshake (the probe must never send any).
import { createServer as createHttpServer } from 'node:http';
import { connect as netConnect, createServer as createNetServer, type Server, type Socket } from 'node:net';
import * as tls from 'node:tls';
import type { KeyPair } from './pki.js';

export interface TestServer {
  port: number;
  /** TCP connections accepted. */
  connections: number;
  /** SNI values seen by the TLS layer (undefined when none was sent). */
  sniSeen: Array<string | undefined>;
  /** TLS handshakes the server completed. */
  handshakes: number;
  /** Bytes of application data received after handshakes. */
  applicationBytes: number;
  close(): Promise<void>;
}

function listen(server: Server, state: Omit<TestServer, 'port' | 'close'>): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const result = state as TestServer;
      result.port = port;
      result.close = () =>
        new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        });
      resolve(result);
    });
  });
}

function freshState(): Omit<TestServer, 'port' | 'close'> {
  return { connections: 0, sniSeen: [], handshakes: 0, applicationBytes: 0 };
}

/**
 * A Node TLS server whose SNICallback looks names up in `contexts` with the given matcher.
 * With no `fallback`, an unknown name leaves the server without a certificate: it sends fatal alert 40.
 */
export function tlsServer(options: {
  contexts: Record<string, KeyPair>;
  caseInsensitive?: boolean;
  fallback?: KeyPair;
}): Promise<TestServer> {
  const state = freshState();
  const byName = new Map(Object.entries(options.contexts).map(([name, kp]) => [name, tls.createSecureContext({ key: kp.key, cert: kp.cert })]));
  const fallback = options.fallback ? tls.createSecureContext({ key: options.fallback.key, cert: options.fallback.cert }) : undefined;
  const server = tls.createServer({
    ...(options.fallback ? { key: options.fallback.key, cert: options.fallback.cert } : {}),
    SNICallback: (name, cb) => {
      state.sniSeen.push(name);
      const key = options.caseInsensitive ? name.toLowerCase() : name;
      cb(null, byName.get(key) ?? fallback);
    },
  });
  server.on('secureConnection', (socket) => {
    state.handshakes++;
    socket.on('data', (chunk: Buffer) => {
      state.applicationBytes += chunk.length;
    });
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  return listen(server, state);
}

/** One certificate for every name (or none at all): SNI plays no part. */
export function plainTlsServer(pair: KeyPair): Promise<TestServer> {
  const state = freshState();
  const server = tls.createServer({ key: pair.key, cert: pair.cert });
  server.on('secureConnection', (socket) => {
    state.handshakes++;
    state.sniSeen.push(typeof socket.servername === 'string' ? socket.servername : undefined);
    socket.on('data', (chunk: Buffer) => {
      state.applicationBytes += chunk.length;
    });
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  return listen(server, state);
}

/** Reads the SNI from a ClientHello record; undefined when there is none. */
export function sniOf(hello: Buffer): string | undefined {
  let i = 5 + 4 + 2 + 32; // record header, handshake header, version, random
  i += 1 + hello[i]; // session id
  i += 2 + hello.readUInt16BE(i); // cipher suites
  i += 1 + hello[i]; // compression methods
  const end = i + 2 + hello.readUInt16BE(i);
  i += 2;
  while (i + 4 <= end) {
    const type = hello.readUInt16BE(i);
    const length = hello.readUInt16BE(i + 2);
    if (type === 0) return hello.subarray(i + 9, i + 9 + hello.readUInt16BE(i + 7)).toString('latin1');
    i += 4 + length;
  }
  return undefined;
}

/**
 * Like haproxy's `req.ssl_sni` ACL without -i in front of strict-sni: peeks at the ClientHello, passes
 * byte-exact matches to `backendPort`, and answers anything else with a fatal alert (112 by default),
 * or with 'close' just closes the connection without an alert (haproxy `tcp-request content reject`).
 */
export function sniRouter(options: { names: string[]; backendPort: number; alert?: number | 'close' }): Promise<TestServer> {
  const state = freshState();
  const server = createNetServer((client) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 5 || buffered.length < 5 + buffered.readUInt16BE(3)) return;
      client.off('data', onData);
      const name = sniOf(buffered);
      state.sniSeen.push(name);
      if (name === undefined || !options.names.includes(name)) {
        if (options.alert === 'close') client.destroy();
        else client.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, options.alert ?? 112]));
        return;
      }
      const upstream = netConnect(options.backendPort, '127.0.0.1');
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(buffered);
      client.pipe(upstream).pipe(client);
    };
    client.on('data', onData);
  });
  return listen(server, state);
}

/** Accepts TCP connections and never says a word. */
export function silentServer(): Promise<TestServer> {
  return listen(createNetServer(() => undefined), freshState());
}

/** A plain HTTP server: what the probe meets on a port that does not speak TLS. */
export function httpServer(): Promise<TestServer> {
  const server = createHttpServer((_req, res) => res.end('plain http\n'));
  return listen(server as unknown as Server, freshState());
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A dns.lookup stand-in that answers `address` for every name and counts calls. */
export function fixedLookup(address: string, family: 4 | 6 = 4): ((hostname: string, options: { all: true }, cb: (err: NodeJS.ErrnoException | null, addresses: Array<{ address: string; family: number }>) => void) => void) & { calls: string[] } {
  const calls: string[] = [];
  const fn = (hostname: string, _options: { all: true }, cb: (err: NodeJS.ErrnoException | null, addresses: Array<{ address: string; family: number }>) => void): void => {
    calls.push(hostname);
    setImmediate(() => cb(null, [{ address, family }]));
  };
  return Object.assign(fn, { calls });
}

/** Polls until cond() holds (servers see the end of a handshake a moment after the client). */
export async function waitFor(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
