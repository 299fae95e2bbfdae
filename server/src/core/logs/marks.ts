// The cheap test that decides whether a line is worth parsing: every line that can report a failure, in
// every format read here, contains one of these (a level, an error key or message), or is an imagor access line with a 4xx/5xx status;
// success and "Started" lines mostly do not and are passed over unparsed. One list for text and bytes.

/** imgproxy's `error`, imagor's `"error"`, imageproxy's `error fetching …`; WARN/WARNING and ERR/ERROR
 * levels (thumbor, imgproxy pretty); imagor's sign-mismatch; imageproxy's `request does not …` lines. */
export const FAILURE_MARKS = ['rror', 'WARN', 'ERR', 'sign-mismatch', 'request '] as const;

/**
 * imagor's access lines are info-level whatever their status: an `access` line counts when it also has
 * `status` followed by `=`, `:`, `"`, `\` or spaces and then 4 or 5. (Searching every `status` instead
 * would stop at every imgproxy success line.)
 */
const ACCESS = 'access';
const STATUS = 'status';

function failingStatusAt(code: (i: number) => number, at: number, end: number): boolean {
  for (let i = at + STATUS.length; i < end && i < at + STATUS.length + 6; i++) {
    const c = code(i);
    if (c === 0x34 || c === 0x35) return true; // 4, 5
    if (c !== 0x3d && c !== 0x3a && c !== 0x22 && c !== 0x5c && c !== 0x20) return false; // = : " \ space
  }
  return false;
}

/** Whether [start, end) has a `status` of 4xx/5xx; `find(from)` is the next `status` at or after `from`. */
function hasFailingStatus(code: (i: number) => number, find: (from: number) => number, start: number, end: number): boolean {
  for (let at = find(start); at !== -1 && at < end; at = find(at + 1)) if (failingStatusAt(code, at, end)) return true;
  return false;
}

export function lineMayFail(line: string): boolean {
  for (const mark of FAILURE_MARKS) if (line.includes(mark)) return true;
  return line.includes(ACCESS) && hasFailingStatus((i) => line.charCodeAt(i), (from) => line.indexOf(STATUS, from), 0, line.length);
}

const MARK_BYTES = FAILURE_MARKS.map((mark) => Buffer.from(mark));
const ACCESS_BYTES = Buffer.from(ACCESS);
const STATUS_BYTES = Buffer.from(STATUS);

/**
 * The starts of the lines in `buffer[start, end)` (whole lines, `end` just after a line break) that may
 * report a failure, ascending: a native search per mark over the whole range, not a test per line.
 */
export function candidateLineStarts(buffer: Buffer, start: number, end: number): number[] {
  const starts: number[] = [];
  const lineStart = (at: number) => Math.max(start, buffer.lastIndexOf(0x0a, at) + 1);
  const nextLine = (at: number) => {
    const newline = buffer.indexOf(0x0a, at);
    return newline === -1 || newline >= end ? end : newline + 1;
  };
  for (const mark of MARK_BYTES) {
    for (let at = buffer.indexOf(mark, start); at !== -1 && at < end; at = buffer.indexOf(mark, nextLine(at))) starts.push(lineStart(at));
  }
  for (let at = buffer.indexOf(ACCESS_BYTES, start); at !== -1 && at < end; ) {
    const from = lineStart(at);
    const to = nextLine(at);
    if (hasFailingStatus((i) => buffer[i], (offset) => buffer.indexOf(STATUS_BYTES, offset), from, to)) starts.push(from);
    at = buffer.indexOf(ACCESS_BYTES, to);
  }
  starts.sort((a, b) => a - b);
  let kept = 0;
  for (let i = 0; i < starts.length; i++) if (i === 0 || starts[i] !== starts[i - 1]) starts[kept++] = starts[i];
  starts.length = kept;
  return starts;
}
