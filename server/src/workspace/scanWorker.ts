// The scan pool's worker thread (bundled as dist/scan-worker.js): reads and lints the files it is sent,
// a batch at a time, and posts back only findings and skips, never file contents.
import { parentPort } from 'node:worker_threads';
import type { LintOptions } from '../core/index.js';
import { scanFileSync } from './scanFile.js';
import type { ScanResult } from './scanFile.js';
import type { WorkerError, WorkerReply, WorkerRequest } from './scanPool.js';

const optionsById = new Map<number, LintOptions>();

parentPort?.on('message', (request: WorkerRequest) => {
  for (const [id, options] of request.options) optionsById.set(id, options);
  const results: (ScanResult | WorkerError)[] = request.files.map(([path, maxFileSize, optionsId]) => {
    try {
      return scanFileSync(path, maxFileSize, optionsById.get(optionsId)!);
    } catch (error) {
      // An engine bug: carried back so the caller fails the way it would on the main thread.
      return { kind: 'error', path, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
    }
  });
  // As one JSON string: a string crosses threads as one copy, where a structured clone of many small
  // objects costs more than the linting of most files (measured: postMessage was a tenth of the scan).
  parentPort!.postMessage({ batch: request.batch, results: JSON.stringify(results) } satisfies WorkerReply);
});
