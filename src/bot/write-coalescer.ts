/**
 * Group commit: what callers submit while a write is in flight goes out together in the next
 * one, so many concurrent updates cost one database round trip instead of one each. An idle
 * coalescer writes on the next turn of the event loop, so a lone update waits for nothing.
 */
export interface WriteCoalescer<T, R> {
  /** Resolves with this item's result once its batch is written; rejects if that write failed. */
  submit(item: T): Promise<R>;
  /** Items submitted and not yet written (or being written). */
  pending(): number;
  /** Resolves when everything submitted so far has been written (or has failed). */
  drain(): Promise<void>;
}

interface Waiter<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export function createWriteCoalescer<T, R>(
  /** Writes a batch; returns one result per item, in order. */
  write: (items: T[]) => Promise<R[]>,
  options: { maxBatch?: number; maxInFlight?: number } = {},
): WriteCoalescer<T, R> {
  const maxBatch = options.maxBatch ?? 500;
  const maxInFlight = options.maxInFlight ?? 1;
  let queue: Waiter<T, R>[] = [];
  let inFlight = 0;
  let inFlightItems = 0;
  let scheduled = false;
  let drained: Array<() => void> = [];

  const settleDrained = () => {
    if (queue.length > 0 || inFlight > 0) return;
    const waiting = drained;
    drained = [];
    for (const resolve of waiting) resolve();
  };

  const pump = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      inFlightItems += batch.length;
      write(batch.map((waiter) => waiter.item))
        .then(
          (results) => {
            for (const [index, waiter] of batch.entries()) waiter.resolve(results[index] as R);
          },
          (error: unknown) => {
            for (const waiter of batch) waiter.reject(error);
          },
        )
        .finally(() => {
          inFlight--;
          inFlightItems -= batch.length;
          pump();
          settleDrained();
        });
    }
  };

  return {
    submit: (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!scheduled && inFlight < maxInFlight) {
          scheduled = true;
          setImmediate(pump);
        }
      }),
    pending: () => queue.length + inFlightItems,
    drain: () =>
      new Promise<void>((resolve) => {
        drained.push(resolve);
        settleDrained();
      }),
  };
}
