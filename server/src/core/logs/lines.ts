// Splits a streamed log into lines without holding more than one line (capped) at a time. Text (an
// editor's document) goes through LineSplitter; bytes (files, stdin) through ByteLineSplitter, which
// decodes only the lines that may report a failure (marks.ts) and passes the others on as a count. A
// line longer than `maxLength` is dropped as it arrives and only its length is passed on, so a log
// without line breaks cannot grow memory.
import { candidateLineStarts } from './marks.js';

export interface LineSink {
  line(text: string): void;
  /** A line over the cap, of `length` characters (bytes, from ByteLineSplitter), not kept. */
  tooLong(length: number): void;
  /** A line known to carry a failure mark (the bytes were checked). */
  candidate(text: string): void;
  /** `count` lines passed over unread: none of them can report a failure. */
  skip(count: number): void;
}

export class LineSplitter {
  private partial = '';
  /** Characters of the current line dropped because it was already too long; -1 while it is kept. */
  private dropped = -1;

  constructor(private readonly sink: LineSink, private readonly maxLength: number) {}

  push(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    if (start === chunk.length) return;
    const rest = chunk.length - start;
    if (this.dropped >= 0) this.dropped += rest;
    else if (this.partial.length + rest > this.maxLength) {
      this.dropped = this.partial.length + rest;
      this.partial = '';
    } else this.partial += start === 0 ? chunk : chunk.slice(start);
  }

  end(): void {
    if (this.partial !== '' || this.dropped >= 0) this.emit('', 0, 0);
  }

  private emit(chunk: string, start: number, end: number): void {
    if (this.dropped >= 0) {
      const length = this.dropped + end - start;
      this.dropped = -1;
      this.sink.tooLong(length);
      return;
    }
    let line = this.partial === '' ? chunk.slice(start, end) : this.partial + chunk.slice(start, end);
    this.partial = '';
    if (line.length > this.maxLength) {
      this.sink.tooLong(line.length);
      return;
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.sink.line(line);
  }
}

function withoutCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function countLines(buffer: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = buffer.indexOf(0x0a, from); at !== -1 && at < to; at = buffer.indexOf(0x0a, at + 1)) count++;
  return count;
}

export class ByteLineSplitter {
  /** The start of a line whose break has not arrived yet (a copy: the chunk it came in can be freed). */
  private carry: Buffer | undefined;
  /** Bytes of the current line dropped because it was already too long; -1 while it is kept. */
  private dropped = -1;

  constructor(private readonly sink: LineSink, private readonly maxLength: number) {}

  push(data: Buffer): void {
    let start = 0;
    if (this.carry !== undefined || this.dropped >= 0) {
      const newline = data.indexOf(0x0a);
      if (newline === -1) return this.hold(data, 0);
      this.finishHeld(data.subarray(0, newline));
      start = newline + 1;
    }
    const last = data.lastIndexOf(0x0a);
    if (last >= start) {
      this.scan(data, start, last + 1);
      start = last + 1;
    }
    if (start < data.length) this.hold(data, start);
  }

  end(): void {
    if (this.carry !== undefined || this.dropped >= 0) this.finishHeld(Buffer.alloc(0));
  }

  private hold(data: Buffer, from: number): void {
    const piece = data.subarray(from);
    if (this.dropped >= 0) {
      this.dropped += piece.length;
      return;
    }
    const length = (this.carry?.length ?? 0) + piece.length;
    if (length > this.maxLength) {
      this.dropped = length;
      this.carry = undefined;
      return;
    }
    this.carry = this.carry ? Buffer.concat([this.carry, piece]) : Buffer.from(piece);
  }

  private finishHeld(tail: Buffer): void {
    if (this.dropped >= 0) {
      const length = this.dropped + tail.length;
      this.dropped = -1;
      this.sink.tooLong(length);
      return;
    }
    const line = Buffer.concat([this.carry!, tail]);
    this.carry = undefined;
    if (line.length > this.maxLength) this.sink.tooLong(line.length);
    else if (candidateLineStarts(line, 0, line.length).length > 0) this.sink.candidate(withoutCR(line.toString('utf8')));
    else this.sink.skip(1);
  }

  /** Whole lines `buffer[start, end)`, `end` just after a line break. */
  private scan(buffer: Buffer, start: number, end: number): void {
    let cursor = start;
    for (const lineStart of candidateLineStarts(buffer, start, end)) {
      if (lineStart > cursor) this.sink.skip(countLines(buffer, cursor, lineStart));
      const lineEnd = buffer.indexOf(0x0a, lineStart);
      if (lineEnd - lineStart > this.maxLength) this.sink.tooLong(lineEnd - lineStart);
      else this.sink.candidate(withoutCR(buffer.toString('utf8', lineStart, lineEnd)));
      cursor = lineEnd + 1;
    }
    if (cursor < end) this.sink.skip(countLines(buffer, cursor, end));
  }
}
