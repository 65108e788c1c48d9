import type { ChatId, RateLimitOptions } from "./types.ts";

/**
 * Sliding-window model of Telegram's documented send limits. Exact rules, all checked before
 * a send is counted (a refused send counts for nothing):
 *
 * - global: a send without `allow_paid_broadcast` passes when fewer than `globalPerSecond` such
 *   sends happened in the trailing 1000 ms; a send with `allow_paid_broadcast: true` passes when
 *   fewer than `paidPerSecond` sends of any kind happened in the trailing 1000 ms.
 * - per chat (every chat, groups included): at most `burst` sends in any trailing window of
 *   `burst / perChatPerSecond` seconds. With the defaults (burst 3, 1/s) that is 3 sends in any
 *   3 s: a burst of 3 passes at once, and the long-run average can never exceed 1/s.
 * - per group (group and supergroup chats): at most `perGroupPerMinute` sends in the trailing
 *   60 000 ms.
 *
 * When refused, the wait reported is the time until the oldest send that blocks the rule leaves
 * its window, rounded up to whole seconds and at least 1 (as `retry_after` is).
 */

export type RateLimitRule = "global" | "paid" | "chat" | "group";

export interface RateLimitRefusal {
  rule: RateLimitRule;
  retryAfterMs: number;
}

export type ResolvedRateLimits = Required<RateLimitOptions>;

export const DEFAULT_RATE_LIMITS: ResolvedRateLimits = {
  globalPerSecond: 30,
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
  burst: 3,
  paidPerSecond: 1000,
};

export function resolveRateLimits(options: boolean | RateLimitOptions | undefined) {
  if (options === undefined || options === false) return undefined;
  if (options === true) return { ...DEFAULT_RATE_LIMITS };
  return { ...DEFAULT_RATE_LIMITS, ...stripUndefined(options) };
}

function stripUndefined(options: RateLimitOptions): RateLimitOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export class RateLimiter {
  private readonly limits: ResolvedRateLimits;
  private readonly chatWindowMs: number;
  private readonly freeSends = new TimestampWindow(SECOND);
  private readonly allSends = new TimestampWindow(SECOND);
  private readonly chatSends = new Map<ChatId | string, number[]>();
  private readonly groupSends = new Map<ChatId | string, number[]>();

  constructor(limits: ResolvedRateLimits) {
    this.limits = limits;
    this.chatWindowMs = (limits.burst / limits.perChatPerSecond) * SECOND;
  }

  /** Counts the send and returns undefined, or returns why it must wait. */
  tryAcquire(
    chatId: ChatId | string,
    isGroup: boolean,
    paid: boolean,
    now: number,
  ): RateLimitRefusal | undefined {
    let refusal: RateLimitRefusal | undefined;
    const consider = (rule: RateLimitRule, waitMs: number | undefined) => {
      if (waitMs !== undefined && (refusal === undefined || waitMs > refusal.retryAfterMs)) {
        refusal = { rule, retryAfterMs: waitMs };
      }
    };

    if (paid) consider("paid", this.allSends.waitFor(this.limits.paidPerSecond, now));
    else consider("global", this.freeSends.waitFor(this.limits.globalPerSecond, now));
    const chatLog = this.chatSends.get(chatId);
    consider("chat", waitInLog(chatLog, this.limits.burst, this.chatWindowMs, now));
    const groupLog = isGroup ? this.groupSends.get(chatId) : undefined;
    if (isGroup) consider("group", waitInLog(groupLog, this.limits.perGroupPerMinute, MINUTE, now));
    if (refusal) return refusal;

    this.allSends.add(now);
    if (!paid) this.freeSends.add(now);
    appendToLog(this.chatSends, chatLog, chatId, this.limits.burst, now);
    if (isGroup) appendToLog(this.groupSends, groupLog, chatId, this.limits.perGroupPerMinute, now);
    return undefined;
  }
}

/** Wait until a log holding the last `capacity` send times admits one more within `windowMs`. */
function waitInLog(
  log: number[] | undefined,
  capacity: number,
  windowMs: number,
  now: number,
): number | undefined {
  if (log === undefined || log.length < capacity) return undefined;
  const oldest = log[0] as number;
  const wait = oldest + windowMs - now;
  return wait > 0 ? wait : undefined;
}

function appendToLog(
  logs: Map<ChatId | string, number[]>,
  log: number[] | undefined,
  key: ChatId | string,
  capacity: number,
  now: number,
): void {
  if (log === undefined) {
    logs.set(key, [now]);
    return;
  }
  log.push(now);
  if (log.length > capacity) log.shift();
}

/** Timestamps inside a trailing window; amortised O(1) per operation. */
class TimestampWindow {
  private readonly windowMs: number;
  private times: number[] = [];
  private head = 0;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** Milliseconds until fewer than `limit` entries remain in the window, or undefined if already. */
  waitFor(limit: number, now: number): number | undefined {
    this.prune(now);
    const count = this.times.length - this.head;
    if (count < limit) return undefined;
    const blocking = this.times[this.head + count - limit] as number;
    return Math.max(1, blocking + this.windowMs - now);
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff)
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
