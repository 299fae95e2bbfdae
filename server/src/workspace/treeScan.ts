// A read-only scan of whole trees on every core (ripgrep's walker as the model): worker threads list
// folders, match ignore files and globs (compiled once per folder), read, prefilter and lint, each
// descending into the subfolders it finds until a budget of files is spent and handing the rest back
// to be shared out. The main thread only schedules folders and puts the results back in path order,
// handing each part to the caller as soon as everything before it is done (so memory holds only the
// parts that arrived early, never the whole report). Small scans never start a thread; without the
// worker script or when a worker dies, folders are scanned in process.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../core/index.js';
import { TreeScanRunner, type FindingRenderer, type ResultPart, type TreePart, type TreeScanSettings, type TreeTask } from './treeScanTask.js';
import { Walker, type WalkSkip } from './walk.js';

/** A task for a worker; or 'close', once every task is answered. */
export interface WorkerRequest {
  id: number;
  task: TreeTask;
  budget: number;
}

export interface WorkerReply {
  id: number;
  parts?: TreePart[];
  error?: { message: string; stack?: string; config?: readonly [string, string, string, number | undefined, number | undefined] };
}

export interface TreeScanOptions extends TreeScanSettings {
  /** Worker threads (default: the available parallelism, at most 4). 0: everything in process. */
  workers?: number;
  /** The worker script (it calls serveTreeScanTasks); none: everything in process. */
  script?: string;
  /** Renders findings for the files scanned in process, as the worker script's renderer does from `render`. */
  renderer?: FindingRenderer;
  /** Files a thread scans in one task before handing the subfolders left back (default 256). */
  budget?: number;
  /** Files scanned in process before any thread is started (default 64): small scans stay threadless. */
  inProcessFirst?: number;
  /** Each worker's old-generation heap in MB (default 64); a task that needs more is scanned in process. */
  workerHeapMb?: number;
}

/** A task's place in the output: its parts once done, in path order (a part may be another task's place). */
interface Place {
  parts?: (ResultPart | Place | null)[];
}

interface Thread {
  worker: Worker;
  inFlight: Map<number, { place: Place; task: TreeTask }>;
  exited?: boolean;
}

/** Workers allowed to run out of memory before the scan stops starting new ones. */
const MAX_OUT_OF_MEMORY = 3;

/** Tasks in flight per thread: one running, one waiting, so a thread never idles while the main thread schedules. */
const PER_THREAD = 2;

/**
 * Scans `roots` and gives `sink` the results in the order of their paths relative to `cwd` (files of
 * each folder and of its subfolders, as strings compare: the report's order). Rejects with the
 * ConfigError of a bad config, or with an engine error. Roots must not contain one another.
 */
export async function scanTree(roots: string[], options: TreeScanOptions, sink: (part: ResultPart) => void): Promise<void> {
  const { workers: wanted = Math.min(4, availableParallelism()), budget = 256, inProcessFirst = 64, workerHeapMb = 64 } = options;
  const settings: TreeScanSettings = {
    cwd: options.cwd, env: options.env, configFile: options.configFile, exclude: options.exclude,
    maxFileSize: options.maxFileSize, overrides: options.overrides, shard: options.shard, cache: options.cache, render: options.render,
  };
  const script = options.script !== undefined && existsSync(options.script) ? options.script : undefined;
  // Blocking file-system calls here too (a trip through libuv's pool per call costs more than the call):
  // the main thread scans only before threads start, without any, or what a dead worker left, and
  // between two of its tasks it hands the threads theirs.
  const local = new TreeScanRunner(settings, true, options.renderer);
  try {
    await scanWith(local);
  } finally {
    local.close();
  }

  async function scanWith(local: TreeScanRunner): Promise<void> {

    // Roots in path order, so the whole output is.
    const walker = new Walker({ configFile: settings.configFile, env: settings.env, exclude: settings.exclude, maxFileSize: settings.maxFileSize });
    const starts = await Promise.all(roots.map(async (root) => {
      const start = await walker.portableRoot(root);
      const path = 'dir' in start ? start.dir.dir : 'file' in start ? start.file : start.entry.path;
      return { start, key: relative(settings.cwd, path) + ('dir' in start ? '/' : '') };
    }));
    starts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    const top: Place = { parts: [] };
    const queue: { place: Place; task: TreeTask }[] = [];
    for (const { start } of starts) {
      if ('entry' in start) top.parts!.push({ filesScanned: 0, findings: [], skips: [start.entry as WalkSkip], cacheEntries: [], notices: [] });
      else {
        const place: Place = {};
        top.parts!.push(place);
        queue.push({ place, task: 'dir' in start ? { dir: start.dir } : { file: start.file } });
      }
    }

    const cursor: { place: Place; next: number }[] = [{ place: top, next: 0 }];
    /** Hands over every part whose predecessors are all done; true when everything is. */
    const drain = (): boolean => {
      while (cursor.length > 0) {
        const frame = cursor[cursor.length - 1];
        const parts = frame.place.parts;
        if (parts === undefined) return false;
        if (frame.next >= parts.length) {
          cursor.pop();
          continue;
        }
        const part = parts[frame.next];
        parts[frame.next++] = null; // handed over: not kept
        if (part === null) continue;
        if ('filesScanned' in part) sink(part);
        else cursor.push({ place: part, next: 0 });
      }
      return true;
    };
    const settle = (place: Place, parts: TreePart[]): void => {
      place.parts = parts.map((part) => {
        if ('results' in part) return part.results;
        const child: Place = {};
        queue.push({ place: child, task: part.pending });
        return child;
      });
    };

    // The first files in process: a small scan ends here without starting a thread.
    let scannedHere = 0;
    while (queue.length > 0 && (wanted === 0 || script === undefined || scannedHere < inProcessFirst)) {
      const { place, task } = queue.shift()!;
      const parts = await local.run(task, wanted === 0 || script === undefined ? Infinity : inProcessFirst);
      for (const part of parts) if ('results' in part) scannedHere += part.results.filesScanned + part.results.skips.length;
      settle(place, parts);
      drain();
    }
    if (queue.length === 0) {
      drain();
      return;
    }

    const threads: Thread[] = [];
    let nextId = 0;
    return new Promise<void>((resolveScan, rejectScan) => {
      let failed = false;
      let broken = false;
      let outOfMemory = 0;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        void Promise.all(threads.map((t) => t.worker.terminate())).finally(() => rejectScan(error));
      };
      const finishIfDone = () => {
        let done;
        try {
          done = !failed && drain();
        } catch (error) {
          fail(error as Error); // the caller's sink refused a part (an explicit path that does not exist)
          return;
        }
        if (done && queue.length === 0 && threads.every((t) => t.inFlight.size === 0)) {
          // Each thread asked to end (it lets go of its cache file first), not terminated.
          const ended = (t: Thread) => new Promise<void>((resolve) => {
            if (t.exited) return resolve();
            t.worker.once('exit', () => resolve());
            t.worker.postMessage('close');
          });
          void Promise.all(threads.map(ended)).then(() => resolveScan(), rejectScan);
        }
      };
      /** Scans in process what no thread can take (none could start, or one died): correct, only slower. */
      const scanHere = async (work: { place: Place; task: TreeTask }[]) => {
        try {
          // With threads left, only the task's own budget here: the subfolders past it go back to them.
          for (const { place, task } of work) settle(place, await local.run(task, broken ? Infinity : budget));
          while (broken && threads.length === 0 && queue.length > 0) {
            const { place, task } = queue.shift()!;
            settle(place, await local.run(task, Infinity));
          }
        } catch (error) {
          fail(error as Error);
          return;
        }
        dispatch();
        finishIfDone();
      };
      const start = (): Thread | undefined => {
        try {
          // From source (tests run through tsx), the worker registers tsx itself: a worker does not run the
          // parent's --import hooks.
          // Small heaps keep the peak RSS down: V8 lets a busy heap hold garbage up to limits that grow with
          // the run. A young generation of 8 MB instead of 32 (dense tree: ~220 -> ~198 MB peak), and an old
          // one capped (dense tree at scale 4: 234 -> 180 MB, the same wall time). A file too big for the
          // cap costs one worker: its task is scanned here, and a new worker takes the next ones.
          const resourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: workerHeapMb };
          const worker = script!.endsWith('.ts')
            ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true, workerData: settings, resourceLimits })
            : new Worker(script!, { workerData: settings, resourceLimits });
          const thread: Thread = { worker, inFlight: new Map() };
          worker.on('message', (reply: WorkerReply) => {
            const work = thread.inFlight.get(reply.id);
            if (!work) return;
            thread.inFlight.delete(reply.id);
            if (reply.error) {
              const { message, stack, config } = reply.error;
              const error = config ? new ConfigError(...config) : new Error(message);
              if (!config && stack) error.stack = stack;
              fail(error);
              return;
            }
            settle(work.place, reply.parts!);
            dispatch();
            finishIfDone();
          });
          const died = (error: Error) => {
            // Its tasks are scanned here instead (never lost, never hanging). Out of memory (a huge file), a
            // new worker takes the next tasks (at most a few times); for any other death, from now on all
            // are scanned here.
            if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY' || ++outOfMemory > MAX_OUT_OF_MEMORY) broken = true;
            const index = threads.indexOf(thread);
            if (index !== -1) threads.splice(index, 1);
            const orphans = [...thread.inFlight.values()];
            thread.inFlight.clear();
            void scanHere(orphans);
          };
          worker.on('error', died);
          worker.on('exit', (code) => {
            thread.exited = true;
            if (thread.inFlight.size > 0) died(new Error(`scan worker exited with code ${code}`));
            else {
              // Ended while idle (asked to, or by itself): never given a task again, never waited for.
              const index = threads.indexOf(thread);
              if (index !== -1) threads.splice(index, 1);
            }
          });
          threads.push(thread);
          return thread;
        } catch {
          broken = true;
          return undefined;
        }
      };
      const dispatch = () => {
        while (!failed && queue.length > 0) {
          let thread = threads.find((t) => t.inFlight.size === 0);
          if (!thread && threads.length < wanted && !broken) thread = start();
          thread ??= threads.filter((t) => t.inFlight.size < PER_THREAD).sort((a, b) => a.inFlight.size - b.inFlight.size)[0];
          if (!thread) {
            if (threads.length === 0) void scanHere([]);
            return;
          }
          const work = queue.shift()!;
          const id = nextId++;
          thread.inFlight.set(id, work);
          thread.worker.postMessage({ id, task: work.task, budget } satisfies WorkerRequest);
        }
      };
      dispatch();
      finishIfDone();
    });
  }
}
