// The tree scan's side of a worker thread: runs the folder tasks the main thread posts (treeScanTask.ts)
// and posts back structured parts (counts, findings or their rendered text, skips), never contents. The
// worker script that calls it (the CLI's) chooses the renderer.
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from '../core/index.js';
import { TreeScanRunner, type FindingRenderer, type TreeScanSettings } from './treeScanTask.js';
import type { WorkerReply, WorkerRequest } from './treeScan.js';

/** Serves tasks on this worker thread; `renderer` is made from the settings' `render` (none: findings as objects). */
export function serveTreeScanTasks(renderer: (render: unknown) => FindingRenderer | undefined): void {
  const settings = workerData as TreeScanSettings;
  const runner = new TreeScanRunner(settings, true, settings.render === undefined ? undefined : renderer(settings.render));
  parentPort?.on('message', (request: WorkerRequest | 'close') => {
    if (request === 'close') {
      // Asked once every task is answered: the cache file let go, then the thread ends.
      runner.close();
      process.exit(0);
    }
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
}
