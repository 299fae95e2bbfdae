// thumbor and imagor log a failure's reason and its status on different lines with nothing to join them
// by (spec proxy-logs §3.3, §4.2): a detail line is paired with the next access line whose path contains
// its source URL (or ends with imagor's params.path), within PAIR_SECONDS. A heuristic, said in the output.
import type { LogRecord } from './types.js';

const PAIR_SECONDS = 120;
/** Detail lines still waiting for their access line; the oldest leave unpaired past this. */
const MAX_PENDING = 256;
/** A detail line not paired within this many lines leaves unpaired. */
const PAIR_LINES = 5000;

interface Pending { record: LogRecord; line: number; key: string }

/** The part of a URL or path two lines can share: unquoted, without the scheme (thumbor adds http://). */
function comparable(text: string): string {
  let out = text;
  try {
    out = decodeURIComponent(text);
  } catch {
    // keep as logged
  }
  return out.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/?/, '');
}

function seconds(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time.includes('T') ? time : time.replace(' ', 'T') + 'Z');
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

export class DetailPairer {
  private pending: Pending[] = [];

  /** Keeps a detail line; returns the ones pushed out unpaired (too old, too many). */
  add(record: LogRecord, line: number): Pending[] {
    this.pending.push({ record, line, key: comparable(record.pairKey ?? record.source ?? '') });
    return this.expire(line);
  }

  /** The latest detail line of the same proxy whose key the access line's path contains. */
  take(access: LogRecord): LogRecord | undefined {
    if (access.path === undefined) return undefined;
    const path = comparable(access.path);
    const at = seconds(access.time);
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const { record, key } = this.pending[i];
      if (record.proxy !== access.proxy || key === '' || !path.includes(key)) continue;
      const t = seconds(record.time);
      if (at !== undefined && t !== undefined && Math.abs(at - t) > PAIR_SECONDS) continue;
      this.pending.splice(i, 1);
      return record;
    }
    return undefined;
  }

  expire(line: number): Pending[] {
    let cut = 0;
    while (cut < this.pending.length && (this.pending.length - cut > MAX_PENDING || line - this.pending[cut].line > PAIR_LINES)) cut++;
    return cut === 0 ? [] : this.pending.splice(0, cut);
  }

  drain(): Pending[] {
    return this.pending.splice(0);
  }
}
