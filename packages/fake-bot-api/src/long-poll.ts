import { type ApiError, conflict } from "./api-error.ts";
import type { TgUpdate } from "./types.ts";
import type { UpdateQueue } from "./update-queue.ts";

interface ActivePoll {
  wake(): void;
  fail(error: ApiError): void;
}

export interface PollRequest {
  offset: number | undefined;
  limit: number;
  timeoutSeconds: number;
}

/**
 * getUpdates with Telegram's long-poll semantics. Like Telegram, a newer request terminates the
 * one still waiting with 409 "terminated by other getUpdates request" (so grammY's stop(), which
 * aborts its poll and immediately polls again to confirm the offset, is not itself refused).
 */
export class LongPoll {
  private readonly queue: UpdateQueue;
  private readonly onWaiting: () => void;
  private active: ActivePoll | undefined;

  /** `onWaiting` runs each time a poll starts waiting, so tests can await that moment. */
  constructor(queue: UpdateQueue, onWaiting: () => void) {
    this.queue = queue;
    this.onWaiting = onWaiting;
    queue.onEnqueue(() => this.active?.wake());
  }

  get isWaiting(): boolean {
    return this.active !== undefined;
  }

  terminateWaiting(error: ApiError): void {
    this.active?.fail(error);
  }

  /** Answers a waiting poll with whatever is pending (or nothing), e.g. on shutdown. */
  releaseWaiting(): void {
    this.active?.wake();
  }

  async getUpdates(request: PollRequest, signal: AbortSignal | undefined): Promise<TgUpdate[]> {
    this.terminateWaiting(
      conflict(
        "terminated by other getUpdates request; make sure that only one bot instance is running",
      ),
    );
    if (request.offset !== undefined) this.queue.confirm(request.offset);

    const ready = this.take(request.limit);
    if (ready.length > 0 || request.timeoutSeconds <= 0 || signal?.aborted) return ready;

    return new Promise<TgUpdate[]>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (this.active === poll) this.active = undefined;
      };
      const onAbort = () => {
        finish();
        resolve([]);
      };
      const poll: ActivePoll = {
        // Taking the batch in a microtask lets a burst of synchronous enqueues share one answer.
        wake: () => {
          finish();
          queueMicrotask(() => resolve(this.take(request.limit)));
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        finish();
        resolve(this.take(request.limit));
      }, request.timeoutSeconds * 1000);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.active = poll;
      this.onWaiting();
    });
  }

  private take(limit: number): TgUpdate[] {
    const batch = this.queue.peek(limit);
    for (const update of batch) this.queue.markDelivered(update.update_id);
    return batch;
  }
}
