// Hosted image proxies that are none of the dialects but whose URLs take a dialect's shape. The Steemit
// image hoster (steemit/imagehoster; Hive, Ecency and Golos run their own) serves `/WxH/<url>`, which is
// willnorris/imageproxy's grammar too. It is a Node proxy: golos-blockchain/imageproxy, serving the same
// URLs, fetches with needle, which parses with Node's url.parse and so sends the host lowercased.
import { asciiLower } from '../url.js';
import { proxyPath } from './endpoints.js';

/** Registrable domains served by the image hoster alone (every subdomain too: cdn.steemitimages.com). */
const HOSTER_DOMAINS = ['steemitimages.com', 'steemitdevimages.com'];
/** Single hosts of the image hoster on domains that serve other things as well. */
const HOSTER_HOSTS = new Set(['images.hive.blog', 'images.ecency.com', 'images.golos.today', 'devimages.golos.today']);

/** Whether `url` is on a hosted proxy that no dialect describes (read only where a dialect's hosts name it). */
export function onForeignProxyHost(url: string): boolean {
  const located = proxyPath(url); // parsed once for every dialect that reads the URL
  if (!located) return false;
  const host = asciiLower(located.endpointParts.host).replace(/\.$/, '');
  return HOSTER_HOSTS.has(host) || HOSTER_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}
