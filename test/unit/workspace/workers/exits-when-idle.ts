// A scan worker that ends by itself once it has answered its first task (as one killed by something
// outside the scan would): the tree scan must neither hang waiting for it nor lose its work.
import { parentPort } from 'node:worker_threads';
import { serveTreeScanTasks } from '../../../../server/src/workspace/index.js';

const post = parentPort!.postMessage.bind(parentPort!);
parentPort!.postMessage = (message: unknown) => {
  post(message);
  setImmediate(() => process.exit(0));
};
serveTreeScanTasks(() => undefined);
