// thumbor lines (spec proxy-logs §4): Python logging's default `%(asctime)s %(name)s:%(levelname)s
// %(message)s`, or a custom format without the time or the logger name. The request's status and path
// are on tornado's access line; the reason is on an earlier `thumbor:` line, paired by source URL.
import type { LogRecord } from '../types.js';

const HEADER = /^(?:(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)(?:[,.]\d+)? )?(?:([\w.]{1,64}):)?(DEBUG|INFO|WARNING|ERROR|CRITICAL) /;
const ACCESS = /^(\d{3}) ([A-Z]{3,7}) (\S+) \(([^)]*)\) [\d.]+ms$/;
const RETRIEVING = /^ERROR retrieving image (\S+): (.*)$/;
const GET_IMAGE = /get_image failed for url `([^`]*)`\. error: `(.*)`/;
const MALFORMED = /^Malformed URL: (\S+)/;
const DENIED = /^Request denied because the specified path "(.*)" was not identified/;
const UNSAFE = /^(URL has unsafe but unsafe is not allowed by the config|URL does not have hash or unsafe, or has both): (\S+)/;

/** `quote()`d URLs (`https%3A//…`) as thumbor logs them, unquoted; unchanged when not decodable. */
export function unquote(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function readThumborText(line: string): LogRecord | undefined {
  const header = HEADER.exec(line);
  if (!header) return undefined;
  const [, time, logger] = header;
  if (logger !== undefined && logger !== 'thumbor' && !logger.startsWith('tornado')) return undefined;
  const message = line.slice(header[0].length);
  const format = logger === undefined ? 'thumbor (custom format)' : 'thumbor';
  const base = { proxy: 'thumbor' as const, format, time };
  const access = logger === undefined || logger === 'tornado.access' ? ACCESS.exec(message) : null;
  if (access) {
    const status = Number(access[1]);
    return { ...base, kind: status >= 400 ? 'failure' : 'other', status, path: access[3] };
  }
  if (logger !== undefined && logger !== 'thumbor') return logger.startsWith('tornado') ? { ...base, kind: 'other' } : undefined;
  let match = RETRIEVING.exec(message);
  if (match) return { ...base, kind: 'detail', source: unquote(match[1]), error: match[2], pairKey: unquote(match[1]) };
  match = GET_IMAGE.exec(message);
  if (match) return { ...base, kind: 'detail', source: unquote(match[1]), error: match[2], pairKey: unquote(match[1]) };
  match = DENIED.exec(message);
  if (match) return { ...base, kind: 'detail', source: unquote(match[1]), error: `Request denied: the path "${match[1]}" is not an allowed source`, pairKey: unquote(match[1]) };
  match = MALFORMED.exec(message);
  if (match) return { ...base, kind: 'detail', error: 'Malformed URL (the signature does not match the path)', pairKey: unquote(match[1]) };
  match = UNSAFE.exec(message);
  if (match) return { ...base, kind: 'detail', error: match[1], pairKey: unquote(match[2]) };
  return logger === undefined ? undefined : { ...base, kind: 'other' };
}
