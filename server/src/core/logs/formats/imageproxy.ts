// willnorris/imageproxy lines (spec proxy-logs §5): Go's std log (`2006/01/02 15:04:05 msg`), or the
// `msg` of Caddy's logger. Each error line carries the source URL, never the status, path or an id.
import type { LogRecord } from '../types.js';

const STD_LOG = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d)(?:\.\d+)? (.*)$/;
const MESSAGES = /^(error fetching remote image|request does not contain an allowed host or valid signature|request contains a denied host|request does not contain an allowed referrer|request is no longer valid|invalid request URL|error base64 decoding signature)\b/;

function fromMessage(format: string, message: string, time: string | undefined): LogRecord | undefined {
  if (!MESSAGES.test(message)) return undefined;
  return { proxy: 'imageproxy', format, kind: 'failure', time, error: message };
}

export function readImageproxyText(line: string): LogRecord | undefined {
  const match = STD_LOG.exec(line);
  return match ? fromMessage('imageproxy', match[2], match[1]) : undefined;
}

/** Under Caddy the same text is the `msg` of Caddy's JSON logger. */
export function readImageproxyJson(json: Record<string, unknown>): LogRecord | undefined {
  if (typeof json.msg !== 'string') return undefined;
  const time = typeof json.ts === 'number' ? new Date(json.ts * 1000).toISOString() : typeof json.ts === 'string' ? json.ts : undefined;
  return fromMessage('imageproxy (caddy)', json.msg, time);
}
