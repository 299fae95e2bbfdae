// Where to dial: curl-style --connect-to rules, then one lookup. The SSRF guard runs on the result.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { asciiLowercase } from './hostname.js';

/** dns.lookup-compatible; called with `{ all: true }`. Tests inject one that answers 127.0.0.1. */
export type LookupFunction = (
  hostname: string,
  options: { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** `HOST:PORT:ADDR:PORT` as curl's --connect-to: empty HOST or PORT match any, empty ADDR or PORT keep the original. */
export interface ConnectToRule {
  host: string;
  port: number | null;
  toHost: string;
  toPort: number | null;
}

/** Parses one --connect-to value; IPv6 addresses in brackets. Throws an Error with a usage message. */
export function parseConnectTo(spec: string): ConnectToRule {
  const parts: string[] = [];
  let rest = spec;
  for (;;) {
    let token: string;
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close === -1) throw new Error(`--connect-to "${spec}": "[" without "]"`);
      token = rest.slice(1, close);
      rest = rest.slice(close + 1);
    } else {
      const colon = rest.indexOf(':');
      token = colon === -1 ? rest : rest.slice(0, colon);
      rest = colon === -1 ? '' : rest.slice(colon);
    }
    parts.push(token);
    if (rest === '') break;
    if (rest[0] !== ':') throw new Error(`--connect-to "${spec}": expected ":" after "${token}"`);
    rest = rest.slice(1);
    if (rest === '') {
      parts.push('');
      break;
    }
  }
  if (parts.length !== 4) throw new Error(`--connect-to "${spec}": expected HOST:PORT:ADDR:PORT (e.g. example.com:443:127.0.0.1:8443)`);
  const port = (text: string): number | null => {
    if (text === '') return null;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new Error(`--connect-to "${spec}": "${text}" is not a port`);
    return n;
  };
  return { host: parts[0], port: port(parts[1]), toHost: parts[2], toPort: port(parts[3]) };
}

/** The first rule that matches (host compared ASCII-case-insensitively), applied; otherwise the input. */
export function applyConnectTo(host: string, port: number, rules: readonly ConnectToRule[]): { host: string; port: number } {
  const wanted = asciiLowercase(host);
  for (const rule of rules) {
    if (rule.host !== '' && asciiLowercase(rule.host) !== wanted) continue;
    if (rule.port !== null && rule.port !== port) continue;
    return { host: rule.toHost === '' ? host : rule.toHost, port: rule.toPort ?? port };
  }
  return { host, port };
}

/** One address for the name (IP literals returned as they are). Rejects with the lookup's error. */
export function resolveOnce(name: string, lookup: LookupFunction = dnsLookup as unknown as LookupFunction): Promise<LookupAddress> {
  const family = isIP(name);
  if (family !== 0) return Promise.resolve({ address: name, family });
  return new Promise((resolve, reject) => {
    lookup(name, { all: true }, (err, addresses) => {
      if (err) return reject(err);
      // Tolerate lookups that answer the single-address shape (address, family).
      const list: LookupAddress[] = Array.isArray(addresses)
        ? addresses
        : [{ address: addresses as unknown as string, family: isIP(addresses as unknown as string) }];
      if (list.length === 0 || !list[0]?.address) {
        const e = new Error(`getaddrinfo ENOTFOUND ${name}`) as NodeJS.ErrnoException;
        e.code = 'ENOTFOUND';
        return reject(e);
      }
      resolve(list[0]);
    });
  });
}
