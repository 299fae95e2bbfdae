// What the output hides unless --show-urls (spec proxy-logs §7.1.6): query strings (presigned S3
// signatures, tokens), userinfo, and the proxy's signature segment. The log has them in clear; the
// report should not spread them further.
import { parseSourceUrl } from '../url.js';

const URL_IN_TEXT = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'`<>]+/g;

/** A URL without its userinfo and query; an imageproxy `#options` fragment keeps its options but not `s<signature>`. */
export function redactUrl(url: string): string {
  const parts = parseSourceUrl(url);
  let out = url;
  if (parts?.userinfo) out = url.slice(0, parts.userinfo[0]) + '***' + url.slice(parts.userinfo[1]);
  const hash = out.indexOf('#');
  const fragment = hash === -1 ? '' : '#' + out.slice(hash + 1).replace(/(^|,)s[^,]*/g, '$1s…');
  const beforeHash = hash === -1 ? out : out.slice(0, hash);
  const query = beforeHash.search(/\?|%3F/i);
  return (query === -1 ? beforeHash : beforeHash.slice(0, query) + '?…') + fragment;
}

/** Every URL inside a text (an error message) redacted. */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, redactUrl);
}

/**
 * A request path with its signature segment (`signature`, or without a reading the first segment when
 * it looks like a thumbor / imagor hash) and query string hidden; a base64 source that encodes a query or userinfo is hidden whole.
 */
export function redactPath(path: string, signature: [number, number] | undefined, hideSource: boolean, readByEngine = false): string {
  let out = path;
  const query = out.indexOf('?');
  if (query !== -1) out = out.slice(0, query) + '?…';
  if (signature && signature[1] <= out.length) out = out.slice(0, signature[0]) + '…' + out.slice(signature[1]);
  else if (!readByEngine) out = out.replace(/^\/(?!unsafe\/)[A-Za-z0-9_=-]{17,}\//, '/…/');
  out = redactText(out).replace(/%3F.*$/i, '?…');
  if (hideSource) out = out.replace(/\/[A-Za-z0-9_-]{20,}(?:\/[A-Za-z0-9_-]+)*=*(\.\w+)?$/, '/…$1');
  return out;
}
