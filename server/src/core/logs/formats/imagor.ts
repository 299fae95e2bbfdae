// imagor lines (spec proxy-logs §3): zap production JSON (`ts`, `level`, `msg`), ECS JSON (`@timestamp`,
// `log.level`, `message`) and the DEBUG=1 console layout (`time<TAB>LEVEL<TAB>caller<TAB>msg<TAB>{json}`).
// Failures are on the `access` line (SERVER_ACCESS_LOG=1) with status and uri only; the error text is on
// the debug `load` / `sign-mismatch` lines, paired by `params.path`.
import { parseJsonObject } from '../normalize.js';
import type { LogRecord } from '../types.js';

const CONSOLE = /^(\S+)\t(DEBUG|INFO|WARN|ERROR|DPANIC|PANIC|FATAL)\t(?:[^\t]*\t)?(access|load|sign-mismatch|process|panic|response-raw-on-error)\t(\{.*\})$/;

function fromFields(format: string, message: string, fields: Record<string, unknown>, time: string | undefined): LogRecord | undefined {
  const base = { proxy: 'imagor' as const, format, time };
  if (message === 'access') {
    const status = Number(fields.status);
    const uri = fields.uri;
    if (!Number.isInteger(status) || typeof uri !== 'string') return undefined;
    return { ...base, kind: status >= 400 ? 'failure' : 'other', status, path: uri };
  }
  const params = fields.params !== null && typeof fields.params === 'object' ? (fields.params as Record<string, unknown>) : undefined;
  if (!params || typeof params.path !== 'string') return message === 'process' || message === 'panic' ? { ...base, kind: 'other' } : undefined;
  const image = typeof params.image === 'string' && params.image !== '' ? params.image : undefined;
  if (message === 'sign-mismatch') {
    // The line also carries the correct signature ("expected"): it is never kept.
    return { ...base, kind: 'detail', source: image, error: 'url signature mismatch', pairKey: params.path };
  }
  if (message === 'load' && typeof fields.error === 'string') {
    return { ...base, kind: 'detail', source: image, error: fields.error, pairKey: params.path };
  }
  return { ...base, kind: 'other' };
}

export function readImagorJson(json: Record<string, unknown>): LogRecord | undefined {
  if (typeof json.msg === 'string' && typeof json.ts === 'number') {
    return fromFields('imagor json', json.msg, json, new Date(json.ts * 1000).toISOString());
  }
  if (typeof json.message === 'string' && (typeof json['log.level'] === 'string' || typeof json['ecs.version'] === 'string')) {
    return fromFields('imagor ecs', json.message, json, typeof json['@timestamp'] === 'string' ? json['@timestamp'] : undefined);
  }
  return undefined;
}

export function readImagorText(line: string): LogRecord | undefined {
  const match = CONSOLE.exec(line);
  if (!match) return undefined;
  const fields = parseJsonObject(match[4]);
  return fields ? fromFields('imagor console', match[3], fields, match[1]) : undefined;
}
