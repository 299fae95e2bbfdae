// The set-up every probe test file shares: test certificates made once, servers closed at the end.
import { after, before } from 'node:test';
import { makePki, type Pki } from './pki.js';
import type { TestServer } from './servers.js';

export interface ProbeFixture {
  /** The test PKI (available from the first test on). */
  readonly pki: Pki;
  /** Awaits a server and registers it to be closed after the file's tests. */
  start(server: Promise<TestServer>): Promise<TestServer>;
}

export function useProbeFixture(): ProbeFixture {
  let pki: Pki | undefined;
  const servers: TestServer[] = [];
  before(() => {
    pki = makePki();
  });
  after(async () => {
    for (const s of servers) await s.close();
    pki?.cleanup();
  });
  return {
    get pki() {
      return pki!;
    },
    async start(server) {
      const s = await server;
      servers.push(s);
      return s;
    },
  };
}
