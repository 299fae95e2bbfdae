// The CLI's scan worker thread (bundled as dist/scan-worker.js): the tree scan's tasks, with findings
// rendered as the output format writes them.
import { serveTreeScanTasks } from '../workspace/index.js';
import { findingRenderer, type RenderSpec } from './findingText.js';

serveTreeScanTasks((render) => findingRenderer(render as RenderSpec));
