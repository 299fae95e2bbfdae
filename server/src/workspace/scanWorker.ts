// The tree scan's worker thread (bundled as dist/scan-worker.js): lists, reads and lints the folders it
// is sent (treeScanTask.ts), and posts back structured parts: counts, findings, skips, never contents.
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../core/index.js';
import { TreeScanRunner, type TreeScanSettings } from './treeScanTask.js';
import type { WorkerReply, WorkerRequest } from './treeScan.js';

const runner = new TreeScanRunner(workerData as TreeScanSettings, true);

parentPort?.on('message', (request: WorkerRequest) => {
  runner.run(request.task, request.budget).then(
    (parts) => parentPort!.postMessage({ id: request.id, parts } satisfies WorkerReply),
    (error: unknown) => {
      // A bad config (the caller's usage error) or an engine bug: carried back to fail the scan there.
      const config = error instanceof ConfigError ? [error.file, error.key, error.detail, error.line, error.column] as const : undefined;
      parentPort!.postMessage({
        id: request.id,
        error: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined, config },
      } satisfies WorkerReply);
    },
  );
});
