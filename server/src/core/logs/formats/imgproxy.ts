// imgproxy v3 and v4 lines (spec proxy-logs §2.3): structured (`time="…" level="…" msg|message="…"`),
// pretty (v4 `YYYY-MM-DD HH:MM:SS [WRN] …`, v3 `WARNING [RFC3339] …`), json and gcp. The variant is read
// from each line's own shape and key names, never from key order (random in v3 before 3.30).
import { parseLogfmt } from '../logfmt.js';
import type { LogRecord } from '../types.js';

const V4_PRETTY = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \[(DBG|INF|WRN|ERR|CRT)\] /;
const V3_PRETTY = /^(DEBUG|INFO|WARNING|WARN|ERROR|FATAL|PANIC) *\[([^\]]{1,64})\] /;
const COMPLETED = /^Completed in (\S+) (\S*)/;

/** A line of the request log; `message` is the `Completed in …` / `Started …` text, `fields` the rest. */
function record(format: string, message: string, fields: { get(key: string): unknown }, time: string | undefined): LogRecord | undefined {
  const requestId = fields.get('request_id');
  const completed = COMPLETED.exec(message);
  if (!completed && !message.startsWith('Started ') && requestId === undefined) return undefined;
  const rec: LogRecord = { proxy: 'imgproxy', format, kind: 'other', time };
  if (typeof requestId === 'string') rec.requestId = requestId;
  if (!completed) return rec;
  rec.path = completed[2];
  const status = Number(fields.get('status'));
  if (Number.isInteger(status)) rec.status = status;
  const error = fields.get('error');
  if (typeof error === 'string' && error !== '') rec.error = error;
  if ((rec.status !== undefined && rec.status >= 400) || rec.error !== undefined) rec.kind = 'failure';
  return rec;
}

/** A text line (ANSI and transport prefixes already off), or undefined when it is not imgproxy's. */
export function readImgproxyText(line: string): LogRecord | undefined {
  if (line.startsWith('time="')) {
    const fields = parseLogfmt(line);
    const level = fields.get('level') ?? '';
    const v4 = fields.has('msg');
    const message = fields.get('msg') ?? fields.get('message');
    if (message === undefined) return undefined;
    const version = v4 && level === level.toUpperCase() ? 'v4' : 'v3';
    return record(`imgproxy ${version} structured`, message, fields, fields.get('time'));
  }
  const v4 = V4_PRETTY.exec(line);
  const header = v4 ?? V3_PRETTY.exec(line);
  if (!header) return undefined;
  const body = line.slice(header[0].length);
  const completed = COMPLETED.exec(body);
  const message = completed ? completed[0] : body.split('  ')[0];
  const fields = parseLogfmt(body, message.length);
  return record(`imgproxy ${v4 ? 'v4' : 'v3'} pretty`, message, fields, v4 ? header[1] : header[2]);
}

/** A JSON or GCP line, or undefined when it is not imgproxy's. */
export function readImgproxyJson(json: Record<string, unknown>): LogRecord | undefined {
  const gcp = typeof json.severity === 'string' && typeof json.message === 'string';
  const message = gcp ? json.message : json.msg;
  const level = gcp ? json.severity : json.level;
  if (typeof message !== 'string' || typeof level !== 'string') return undefined;
  const version = level === level.toUpperCase() ? 'v4' : 'v3';
  const fields = { get: (key: string) => json[key] };
  return record(`imgproxy ${version} ${gcp ? 'gcp' : 'json'}`, message, fields, typeof json.time === 'string' ? json.time : undefined);
}
