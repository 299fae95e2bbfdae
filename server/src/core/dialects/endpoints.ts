// A proxy URL's endpoint and path, and configured endpoints (`imgproxy.hosts`, `imagor.hosts`, ...): a URL
// on one is that proxy's URL whatever its shape.
import { parseSourceUrl, type SourceUrlParts } from '../url.js';

/** Where a proxy URL's path starts (after the authority) and ends (`?`, `#` or the end); null without an authority. */
export function proxyPath(url: string): ProxyPath | null {
  // Every dialect asks for the same URL in turn: the last answer is kept.
  if (url !== lastUrl) [lastUrl, lastPath] = [url, locatePath(url)];
  return lastPath;
}

interface ProxyPath { endpointParts: SourceUrlParts; pathStart: number; pathEnd: number }
let lastUrl: string | undefined;
let lastPath: ProxyPath | null = null;

function locatePath(url: string): ProxyPath | null {
  const endpointParts = parseSourceUrl(url);
  if (!endpointParts?.hasAuthority) return null;
  const pathStart = endpointParts.authorityEnd;
  let pathEnd = url.length;
  for (const stop of ['?', '#']) {
    const at = url.indexOf(stop, pathStart);
    if (at !== -1 && at < pathEnd) pathEnd = at;
  }
  return { endpointParts, pathStart, pathEnd };
}

/** A configured proxy endpoint: `host[:port]` or a URL whose path is the path prefix. */
export interface Endpoint { authority: string; prefix?: string }

function parseEndpoint(entry: string): Endpoint {
  const parts = parseSourceUrl(entry);
  if (parts?.hasAuthority) {
    const path = entry.slice(parts.authorityEnd).replace(/\/+$/, '');
    return { authority: entry.slice(parts.hostStart - (parts.bracketed ? 1 : 0), parts.authorityEnd).toLowerCase(), prefix: path === '' ? undefined : path };
  }
  return { authority: entry.replace(/\/+$/, '').toLowerCase() };
}

const endpointCache = new WeakMap<string[], Endpoint[]>();

function endpoints(hosts: string[]): Endpoint[] {
  let parsed = endpointCache.get(hosts);
  if (!parsed) endpointCache.set(hosts, (parsed = hosts.map(parseEndpoint)));
  return parsed;
}

/** The configured endpoint (of `hosts`, a dialect's `hosts` setting) that `url` is on, if any. */
export function configuredEndpointOf(url: string, hosts: string[]): Endpoint | undefined {
  if (hosts.length === 0) return undefined;
  const parts = parseSourceUrl(url);
  if (!parts?.hasAuthority) return undefined;
  const authority = url.slice(parts.hostStart - (parts.bracketed ? 1 : 0), parts.authorityEnd).toLowerCase();
  const host = parts.host.toLowerCase();
  return endpoints(hosts).find((e) => e.authority === authority || e.authority === host);
}
