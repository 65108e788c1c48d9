import type { Transformer } from "grammy";
import { sleep } from "../shared/sleep.ts";

export interface ReplyPacerOptions {
  /** Least time between the starts of two calls to one private chat (ms). */
  privateChatGapMs: number;
  /** Least time between the starts of two calls to one group (ms). */
  groupGapMs: number;
  /** Calls with a chat_id in flight at once, over all chats. */
  maxConcurrent: number;
}

interface ChatLane {
  /** Settles when the lane's latest call is done: the next one waits for it. */
  tail: Promise<void>;
  lastStartedAt: number;
  queued: number;
}

/**
 * Paces the bot's calls per chat as @grammyjs/transformer-throttler was configured to (one call
 * at a time per chat, starts `gap` apart, a global cap on concurrency; calls without a chat_id
 * pass straight), without a Bottleneck limiter per chat: at 10,000 check-ins a morning those
 * were ~7% of the bot's CPU and lived five minutes each. A lane lives while it has calls and
 * for one gap after.
 */
export function replyPacer(options: ReplyPacerOptions): Transformer {
  const lanes = new Map<string, ChatLane>();
  let active = 0;
  const waiting: Array<() => void> = [];

  const acquire = (): Promise<void> | undefined => {
    if (active < options.maxConcurrent) {
      active++;
      return undefined;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (chatId === undefined) return prev(method, payload, signal);
    const key = String(chatId);
    const gap = Number(chatId) < 0 ? options.groupGapMs : options.privateChatGapMs;
    let lane = lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), lastStartedAt: Number.NEGATIVE_INFINITY, queued: 0 };
      lanes.set(key, lane);
    }
    const current = lane;
    current.queued++;
    const previous = current.tail;
    let done: () => void = () => undefined;
    current.tail = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      await previous;
      const wait = current.lastStartedAt + gap - performance.now();
      if (wait > 0) await sleep(wait);
      const slot = acquire();
      if (slot) await slot;
      current.lastStartedAt = performance.now();
      try {
        return await prev(method, payload, signal);
      } finally {
        release();
      }
    } finally {
      current.queued--;
      done();
      if (current.queued === 0) {
        setTimeout(() => {
          if (current.queued === 0 && lanes.get(key) === current) lanes.delete(key);
        }, gap).unref();
      }
    }
  };
}
