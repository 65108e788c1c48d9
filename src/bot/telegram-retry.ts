import { autoRetry } from "@grammyjs/auto-retry";
import { HttpError, type Transformer } from "grammy";
import { sleep } from "../shared/sleep.ts";

/**
 * The bounds of every Telegram call, in one place. auto-retry bounds rate limits (429) and
 * server errors (5xx) by `maxRetryAttempts`, but retries network failures (HttpError) forever
 * with waits growing to an hour: with Telegram unreachable a call never returned, `npm start`
 * hung silently and SIGTERM waited on it. Network failures are retried here instead, a few
 * times; then the call fails and its caller gives up (a reply: the update's error boundary; a
 * background send: the delivery queue's own schedule).
 */
export const telegramRetryLimits = {
  /** 429 and 5xx: retries per call; a 429 asking for longer than `maxDelaySeconds` fails at once. */
  maxRetryAttempts: 3,
  maxDelaySeconds: 30,
  /** Network failures: retries per call and the waits before them. */
  networkRetryDelaysMs: [1_000, 3_000],
} as const;

/** Methods whose callers run their own retry loop (polling, start-up): no retry here. */
const ownLoop = new Set(["getUpdates", "getMe"]);

export function boundedAutoRetry(): Transformer {
  return autoRetry({
    maxRetryAttempts: telegramRetryLimits.maxRetryAttempts,
    maxDelaySeconds: telegramRetryLimits.maxDelaySeconds,
    rethrowHttpErrors: true,
  });
}

export function boundedNetworkRetry(
  delaysMs: readonly number[] = telegramRetryLimits.networkRetryDelaysMs,
): Transformer {
  return async (prev, method, payload, signal) => {
    if (ownLoop.has(method)) return prev(method, payload, signal);
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const delay = delaysMs[attempt];
        if (!(error instanceof HttpError) || delay === undefined || signal?.aborted) throw error;
        await sleep(delay, signal);
      }
    }
  };
}

/** A short reason for a failed network call: the socket error code, or the message. */
export function networkReason(error: unknown): string {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") break;
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      error?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === "string" && /^E[A-Z_]+$/.test(candidate.code)) {
      return candidate.code;
    }
    const next = candidate.error ?? candidate.cause;
    if (!next && typeof candidate.message === "string") return candidate.message;
    current = next;
  }
  return String(error);
}
