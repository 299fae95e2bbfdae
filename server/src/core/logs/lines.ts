// Splits streamed text into lines without holding more than one line (capped) at a time: the adapter
// feeds decoded chunks of any size; a line longer than `maxLength` is dropped as it arrives and only its
// length is passed on, so a log without newlines cannot grow memory.

export interface LineSink {
  line(text: string): void;
  /** A line over the cap, of `length` characters, not kept. */
  tooLong(length: number): void;
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
