import { afterAll, describe, expect, it } from "vitest";
import { createWorkerPool, WorkerLimitError, workerScript } from "../../src/workers/worker-pool.ts";

describe("worker pool", () => {
  const file = workerScript("fixtures/test-worker", import.meta.url);
  // Generous time cap: only the job that never ends may reach it, however slow the machine.
  const pool = createWorkerPool({ file, size: 1, timeoutMs: 120_000, memoryMb: 48 });
  const shortPool = createWorkerPool({ file, size: 1, timeoutMs: 5_000, memoryMb: 64 });
  afterAll(async () => {
    await pool.close();
    await shortPool.close();
  });

  it("runs a named job of a .ts worker module (tsx registered in the thread)", async () => {
    await expect(pool.run("echo", { value: "a" })).resolves.toBe("echo:a");
  });

  it("refuses a job name the worker does not have", async () => {
    await expect(pool.run("nope", {})).rejects.toThrow(/unknown worker job nope/);
  });

  it("stops a job that never ends at the time cap, then runs the next job", async () => {
    const error = await shortPool.run("spin", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerLimitError);
    expect(error).toMatchObject({ limit: "time", max: 5 });
    await expect(shortPool.run("echo", { value: "after-time" })).resolves.toBe("echo:after-time");
  });

  it("stops a job that outgrows the heap cap, then runs the next job", async () => {
    const error = await pool.run("hog", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerLimitError);
    expect(error).toMatchObject({ limit: "memory", max: 48 });
    await expect(pool.run("echo", { value: "after-memory" })).resolves.toBe("echo:after-memory");
  });

  it("refuses a job at once when the queue is full, and runs the held ones after", async () => {
    const small = createWorkerPool({
      file,
      size: 1,
      timeoutMs: 120_000,
      memoryMb: 64,
      maxQueue: 1,
    });
    try {
      // The thread is up and idle, so the first held job starts at once and the second waits.
      await expect(small.run("echo", { value: "up" })).resolves.toBe("echo:up");
      const flag = new SharedArrayBuffer(4);
      const running = small.run("hold", { flag });
      const waiting = small.run("hold", { flag });
      const refused = await small.run("echo", { value: "late" }).catch((caught: unknown) => caught);
      expect(refused).toBeInstanceOf(WorkerLimitError);
      expect(refused).toMatchObject({ limit: "busy", max: 1 });
      Atomics.store(new Int32Array(flag), 0, 1);
      Atomics.notify(new Int32Array(flag), 0);
      await expect(running).resolves.toBe("released");
      await expect(waiting).resolves.toBe("released");
    } finally {
      await small.close();
    }
  });

  it("resolves a worker beside the calling module with that module's extension", () => {
    expect(workerScript("heavy-worker", "file:///app/dist/workers/pool.js").href).toBe(
      "file:///app/dist/workers/heavy-worker.js",
    );
    expect(workerScript("heavy-worker", "file:///app/src/workers/pool.ts").href).toBe(
      "file:///app/src/workers/heavy-worker.ts",
    );
  });
});
