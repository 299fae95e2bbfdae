// A read-only scan of whole trees on every core (ripgrep's walker as the model): threads list folders,
// match ignore files and globs (compiled once per folder), read, prefilter and lint, each descending
// into the subfolders it finds until a budget of files is spent and handing the rest back to be shared
// out. The main thread scans too, a slice at a time, and between slices hands tasks out and puts the
// results back in path order, handing each part to the caller as soon as everything before it is done
// (so memory holds only the parts that arrived early, never the whole report). Worker threads start
// only when the scan outlasts a head start: most repositories are scanned sooner in one thread than
// threads start (each compiles the bundle and warms its code). Without the worker script, or when
// workers die, folders are scanned in process.
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
  /** Worker threads besides the main one, which scans too (default: the available parallelism, at most 4, less one). 0: everything in process. */
  workers?: number;
  /** The worker script (it calls serveTreeScanTasks); none: everything in process. */
  script?: string;
  /** Renders findings for the files scanned in process, as the worker script's renderer does from `render`. */
  renderer?: FindingRenderer;
  /** Files a thread scans in one task before handing the subfolders left back (default 256). */
  budget?: number;
  /** How long the main thread scans by itself before starting worker threads (default: headStart; 0: at once). */
  inProcessMs?: number;
  /** Each worker's old-generation heap in MB (default 64); a task that needs more is scanned in process. */
  workerHeapMb?: number;
}

/** How the scan went (for benchmarks and tests: the results do not depend on it). */
export interface TreeScanSummary {
  /** Worker threads started. */
  threads: number;
  /** Tasks the main thread scanned itself. */
  tasksHere: number;
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

/** What starting a worker costs: its isolate, compiling the bundle, warming its code (~150 ms on the bench machine). */
const WORKER_START_MS = 150;
/** How much of a core each of several threads gets (two threads on the bench machine's two cores: 1.47 times one). */
const CORE_EFFICIENCY = 0.7;

/**
 * How long to scan in one thread before starting workers, for `threads` scanning in all: until what they
 * would save on the rest of the scan (guessed as long as the part already done) pays for their start.
 * 525 ms for two threads on two cores, 233 ms for four. Most repositories take less, and never start one.
 */
export function headStart(threads: number): number {
  const speedup = threads * CORE_EFFICIENCY;
  return speedup <= 1 ? Infinity : Math.round(WORKER_START_MS / (1 - 1 / speedup));
}

/** Files scanned in process between two looks at the clock, before threads start. */
const IN_PROCESS_SLICE = 64;

/** Tasks in flight per thread: one running, one waiting, so a thread never idles while the main thread schedules. */
const PER_THREAD = 2;

/**
 * Scans `roots` and gives `sink` the results in the order of their paths relative to `cwd` (files of
 * each folder and of its subfolders, as strings compare: the report's order). Rejects with the
 * ConfigError of a bad config, or with an engine error. Roots must not contain one another.
 */
export async function scanTree(roots: string[], options: TreeScanOptions, sink: (part: ResultPart) => void): Promise<TreeScanSummary> {
  const { workers: wanted = Math.min(4, availableParallelism()) - 1, budget = 256, workerHeapMb = 64 } = options;
  const inProcessMs = options.inProcessMs ?? headStart(Math.min(wanted + 1, availableParallelism()));
  const settings: TreeScanSettings = {
    cwd: options.cwd, env: options.env, configFile: options.configFile, exclude: options.exclude,
    maxFileSize: options.maxFileSize, overrides: options.overrides, shard: options.shard, cache: options.cache, render: options.render,
  };
  const script = options.script !== undefined && existsSync(options.script) ? options.script : undefined;
  // Blocking file-system calls here too: the main thread scans a slice at a time and between two it
  // only hands tasks out.
  const local = new TreeScanRunner(settings, true, options.renderer);
  try {
    return await scanWith(local);
  } finally {
    local.close();
  }

  async function scanWith(local: TreeScanRunner): Promise<TreeScanSummary> {

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

    const alone = wanted === 0 || script === undefined;
    const startedAt = performance.now();
    const threads: Thread[] = [];
    /** Tasks of a worker that died: scanned here, never given to a thread again (a huge file would kill the next one too). */
    const orphans: { place: Place; task: TreeTask }[] = [];
    let nextId = 0;
    let started = 0;
    let tasksHere = 0;
    return new Promise<TreeScanSummary>((resolveScan, rejectScan) => {
      let failed = false;
      let broken = false;
      let outOfMemory = 0;
      let scanning = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        void Promise.all(threads.map((t) => t.worker.terminate())).finally(() => rejectScan(error));
      };
      const finishIfDone = () => {
        let done;
        try {
          done = !failed && !scanning && drain();
        } catch (error) {
          fail(error as Error); // the caller's sink refused a part (an explicit path that does not exist)
          return;
        }
        if (done && queue.length === 0 && orphans.length === 0 && threads.every((t) => t.inFlight.size === 0)) {
          // Each thread asked to end (it lets go of its cache file first), not terminated.
          const ended = (t: Thread) => new Promise<void>((resolve) => {
            if (t.exited) return resolve();
            t.worker.once('exit', () => resolve());
            t.worker.postMessage('close');
          });
          void Promise.all(threads.map(ended)).then(() => resolveScan({ threads: started, tasksHere }), rejectScan);
        }
      };
      /**
       * The main thread scans too, a slice at a time, the threads fed first (each holds two tasks): alone
       * until starting threads pays (a scan that ends within `inProcessMs`, a small tree or one the cache
       * answers, never starts one), then beside them, its code already warm. Orphans first, whole tasks.
       */
      const scanHere = async () => {
        if (scanning) return;
        scanning = true;
        try {
          for (;;) {
            dispatch();
            const orphan = orphans.shift();
            const work = orphan ?? queue.shift();
            if (failed || work === undefined) break;
            const slice = alone || (broken && threads.length === 0) ? Infinity : orphan || threads.length > 0 ? budget : IN_PROCESS_SLICE;
            tasksHere++;
            settle(work.place, await local.run(work.task, slice));
            drain();
            // Let the threads' replies in between two slices (blocking calls never yield by themselves).
            if (threads.length > 0) await new Promise((resolve) => setImmediate(resolve));
          }
        } catch (error) {
          fail(error as Error);
        } finally {
          scanning = false;
        }
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
            if (queue.length > 0) void scanHere();
            else finishIfDone();
          });
          const died = (error: Error) => {
            // Its tasks are scanned here instead (never lost, never hanging). Out of memory (a huge file), a
            // new worker takes the next tasks (at most a few times); for any other death, from now on all
            // are scanned here.
            if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY' || ++outOfMemory > MAX_OUT_OF_MEMORY) broken = true;
            const index = threads.indexOf(thread);
            if (index !== -1) threads.splice(index, 1);
            orphans.push(...thread.inFlight.values());
            thread.inFlight.clear();
            void scanHere();
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
          started++;
          return thread;
        } catch {
          broken = true;
          return undefined;
        }
      };
      /** Gives the queued tasks to threads (started once the head start is over), up to PER_THREAD each. */
      const dispatch = () => {
        const mayStart = !alone && !broken && performance.now() - startedAt >= inProcessMs;
        while (!failed && queue.length > 0) {
          let thread = threads.find((t) => t.inFlight.size === 0);
          if (!thread && mayStart && threads.length < wanted) thread = start();
          thread ??= threads.filter((t) => t.inFlight.size < PER_THREAD).sort((a, b) => a.inFlight.size - b.inFlight.size)[0];
          if (!thread) return;
          const work = queue.shift()!;
          const id = nextId++;
          thread.inFlight.set(id, work);
          thread.worker.postMessage({ id, task: work.task, budget } satisfies WorkerRequest);
        }
      };
      void scanHere();
    });
  }
}
