// Streams log files (or stdin) into a line sink through the engine's ByteLineSplitter: 1 MB reads,
// only the lines that may report a failure decoded. Memory stays at a few read buffers and one line
// (capped), whatever the log's size.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { ByteLineSplitter, MAX_LINE_LENGTH, type LineSink } from '../core/logs/index.js';

const READ_SIZE = 1024 * 1024;

export class LogFileError extends Error {
  override name = 'LogFileError';
}

/** Feeds every line of `stream` to `sink`; resolves with the bytes read. */
export async function streamLines(stream: Readable, sink: LineSink): Promise<number> {
  const splitter = new ByteLineSplitter(sink, MAX_LINE_LENGTH);
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += data.length;
    splitter.push(data);
  }
  splitter.end();
  return bytes;
}

/** Reads each file in turn (`-` is `stdin`); a file that cannot be opened throws LogFileError naming it. */
export async function readLogFiles(files: string[], sink: LineSink, stdin: Readable): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    const stream = file === '-' ? stdin : createReadStream(file, { highWaterMark: READ_SIZE });
    try {
      bytes += await streamLines(stream, sink);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder; give the log file itself' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
      throw new LogFileError(`${file}: ${why}`);
    }
  }
  return bytes;
}
