import { Piscina } from "piscina";

/** Which limit stopped a job in a worker thread, and its number (seconds, megabytes, jobs). */
export type WorkerLimit = "time" | "memory" | "busy";

export class WorkerLimitError extends Error {
  override name = "WorkerLimitError";
  constructor(
    readonly limit: WorkerLimit,
    /** Seconds for "time", megabytes for "memory", waiting jobs for "busy". */
    readonly max: number,
  ) {
    super(`worker job stopped by the ${limit} limit (${max})`);
  }
}

export interface WorkerPoolOptions {
  /** The worker module (see workerScript). */
  file: URL;
  /** Threads at most; idle threads exit, so an idle bot holds none. */
  size: number;
  /** A job still running after this is stopped: its thread is terminated and replaced. */
  timeoutMs: number;
  /** V8 heap cap of each thread (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  idleTimeoutMs?: number;
  /** Jobs that may wait for a thread; one more is refused at once ("busy"). Default 4 × size. */
  maxQueue?: number;
}

export interface WorkerPool {
  /** Runs the worker module's export `name` on `task`; WorkerLimitError when a cap stops it. */
  run<R>(name: string, task: unknown, options?: { transferList?: ArrayBuffer[] }): Promise<R>;
  close(): Promise<void>;
}

/**
 * The worker module beside `base` (a module's import.meta.url), with the extension of that
 * module: `.ts` when the bot runs from source (tsx, vitest), `.js` once compiled to dist/.
 */
export function workerScript(name: string, base: string): URL {
  const extension = new URL(base).pathname.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`./${name}${extension}`, base);
}

/** What a worker module's default export receives: the job's name and its input. */
export interface WorkerJob {
  name: string;
  task: unknown;
}

/** The default export of a worker module: runs the named job. */
export function jobDispatcher(
  jobs: Record<string, (task: never) => unknown>,
): (job: WorkerJob) => unknown {
  return (job) => {
    const run = Object.hasOwn(jobs, job.name) ? jobs[job.name] : undefined;
    if (!run) throw new Error(`unknown worker job ${job.name}`);
    return run(job.task as never);
  };
}

/**
 * Node 20 does not carry the TypeScript loader into worker threads: a `.ts` worker module is
 * loaded through a small JavaScript entry that registers tsx in the thread first.
 */
function entryOf(file: URL): { filename: string; workerData?: { module: string } } {
  if (!file.pathname.endsWith(".ts")) return { filename: file.href };
  return {
    filename: new URL("./typescript-worker.mjs", import.meta.url).href,
    workerData: { module: file.href },
  };
}

/** A small piscina pool with a time cap per job and a heap cap per thread. */
export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const maxQueue = options.maxQueue ?? options.size * 4;
  const pool = new Piscina({
    ...entryOf(options.file),
    minThreads: 0,
    maxThreads: options.size,
    idleTimeout: options.idleTimeoutMs ?? 30_000,
    resourceLimits: {
      maxOldGenerationSizeMb: options.memoryMb,
      maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(options.memoryMb / 8))),
    },
  });
  // Each waiting job holds its input (an import: up to the byte cap), so the jobs in the pool,
  // running or waiting, are bounded: one more is refused at once.
  let inPool = 0;
  return {
    async run<R>(name: string, task: unknown, runOptions: { transferList?: ArrayBuffer[] } = {}) {
      if (inPool >= options.size + maxQueue) throw new WorkerLimitError("busy", maxQueue);
      inPool++;
      // The time cap counts from submission: a job that waited in the queue has less left.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, options.timeoutMs);
      try {
        return (await pool.run({ name, task } satisfies WorkerJob, {
          signal: controller.signal,
          ...(runOptions.transferList ? { transferList: runOptions.transferList } : {}),
        })) as R;
      } catch (error) {
        if (timedOut) throw new WorkerLimitError("time", Math.ceil(options.timeoutMs / 1000));
        if ((error as { code?: string } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
          throw new WorkerLimitError("memory", options.memoryMb);
        }
        throw error;
      } finally {
        clearTimeout(timer);
        inPool--;
      }
    },
    close: () => pool.destroy(),
  };
}
