import type { MiddlewareFn } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "./context.ts";

/**
 * The limits that keep one chat from starving the others; the only place they are set.
 * - `slotsPerChat`: updates of one chat handed to the handler at once (one runs, the next waits
 *   in `sequentialize`); the rest of that chat waits here without holding a runner slot.
 * - `floodUpdates` in `floodWindowMs`: more than this from one user, while earlier ones are still
 *   waiting, is faster than a person types; the excess is dropped (see `createChatFairness`).
 */
export const fairnessLimits = {
  slotsPerChat: 2,
  floodUpdates: 20,
  floodWindowMs: 10_000,
} as const;

export type FairnessLimits = { [K in keyof typeof fairnessLimits]: number };

/** What the gate does with an update: handle it, drop it, or drop it with the one notice. */
type Verdict = "drop" | "notice";

export interface ChatFairness {
  /**
   * Hands an update to `handle` (the inbox) fairly: in arrival order per chat, at most
   * `slotsPerChat` of a chat at once. Resolves when the update is handled, or at once when it
   * had to wait for its chat: then it holds no slot of the caller (the polling runner).
   */
  dispatch(update: Update): Promise<void>;
  /** The gate in front of the handlers: drops what `dispatch` marked as flood. */
  gate: MiddlewareFn<BotContext>;
  /** After `attachContext`: sends the one notice, in the user's language. */
  notice: MiddlewareFn<BotContext>;
  /** Sets where `dispatch` hands updates (the inbox, created after the bot). */
  feed(handle: (update: Update) => Promise<void>): void;
  /** Updates started and not finished plus those waiting for their chat. */
  pending(): number;
  /** Stops starting waiting updates; they stay unhandled in the inbox for the next start. */
  close(): void;
}

interface ChatLane {
  active: number;
  waiting: Update[];
}

interface Sender {
  /** Updates of this sender started or waiting. */
  pending: number;
  /** Arrival times (monotonic ms) of the last `floodUpdates + 1` updates that found a backlog. */
  recent: number[];
  noticed: boolean;
}

/**
 * One chat (or user) can no longer fill every concurrent slot: the runner's 500 slots used to
 * fill up with one flooding chat's updates all waiting behind each other in `sequentialize`,
 * and everyone else waited ~20 s.
 *
 * Flood: an update counts when its sender still has updates waiting or running (a person who
 * waits for each answer, however quick, never counts; a script or a stuck key does). More than
 * `floodUpdates` of those in `floodWindowMs` and the excess is DROPPED, not deferred: deferring
 * only moves the load later and keeps the chat's queue long, and nobody sends 20 meaningful
 * messages in 10 s. The first dropped one gets one polite notice asking to send again slowly;
 * dropped callback queries are answered (the button stops spinning). A dropped update passes
 * through the inbox like any other, so it is marked handled and never replayed.
 */
export function createChatFairness(
  options: { limits?: Partial<FairnessLimits>; now?: () => number } = {},
): ChatFairness {
  const limits: FairnessLimits = { ...fairnessLimits, ...options.limits };
  // A monotonic clock: the business clock (tests freeze it) says nothing about how fast one types.
  const now = options.now ?? (() => performance.now());
  const lanes = new Map<string, ChatLane>();
  const senders = new Map<string, Sender>();
  const verdicts = new WeakMap<Update, Verdict>();
  let handler: ((update: Update) => Promise<void>) | undefined;
  let closed = false;
  let pendingTotal = 0;

  const sweepSenders = (at: number) => {
    if (senders.size < 10_000) return;
    for (const [key, sender] of senders) {
      const last = sender.recent.at(-1) ?? Number.NEGATIVE_INFINITY;
      if (sender.pending === 0 && last < at - limits.floodWindowMs) senders.delete(key);
    }
  };

  const judge = (update: Update): void => {
    const key = senderKey(update);
    if (key === undefined) return;
    const at = now();
    let sender = senders.get(key);
    if (!sender) {
      sweepSenders(at);
      sender = { pending: 0, recent: [], noticed: false };
      senders.set(key, sender);
    }
    if (sender.pending > 0) {
      sender.recent.push(at);
      if (sender.recent.length > limits.floodUpdates + 1) sender.recent.shift();
    }
    const flooding =
      sender.recent.length > limits.floodUpdates &&
      (sender.recent[0] ?? Number.NEGATIVE_INFINITY) > at - limits.floodWindowMs;
    if (flooding) {
      verdicts.set(update, sender.noticed ? "drop" : "notice");
      sender.noticed = true;
    } else if (sender.pending === 0) {
      sender.noticed = false;
    }
    sender.pending += 1;
  };

  const settle = (update: Update) => {
    pendingTotal -= 1;
    const key = senderKey(update);
    const sender = key === undefined ? undefined : senders.get(key);
    if (sender) sender.pending -= 1;
  };

  const run = async (lane: ChatLane, key: string, update: Update): Promise<void> => {
    lane.active += 1;
    try {
      await handler?.(update);
    } finally {
      lane.active -= 1;
      settle(update);
      const next = closed ? undefined : lane.waiting.shift();
      if (next) void run(lane, key, next);
      else if (lane.active === 0 && lane.waiting.length === 0) lanes.delete(key);
    }
  };

  return {
    feed: (handle) => {
      handler = handle;
    },
    dispatch: async (update) => {
      if (closed) return;
      judge(update);
      pendingTotal += 1;
      const key = laneKey(update);
      // A dropped update does nothing that needs its chat's order: it skips the lane, so the
      // flood's excess is marked handled in a few batched writes instead of one by one.
      if (key === undefined || verdicts.get(update) === "drop") {
        try {
          await handler?.(update);
        } finally {
          settle(update);
        }
        return;
      }
      let lane = lanes.get(key);
      if (!lane) {
        lane = { active: 0, waiting: [] };
        lanes.set(key, lane);
      }
      if (lane.active < limits.slotsPerChat && lane.waiting.length === 0) {
        await run(lane, key, update);
      } else {
        lane.waiting.push(update);
      }
    },
    gate: async (ctx, next) => {
      const verdict = verdicts.get(ctx.update);
      if (verdict === undefined) return next();
      if (verdict === "notice") return next();
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    },
    notice: async (ctx, next) => {
      if (verdicts.get(ctx.update) !== "notice") return next();
      ctx.logger.warn({ from_id: ctx.from?.id }, "fairness.flood_dropped");
      const text = ctx.t("fairness.too_fast");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      if (ctx.chat) await ctx.reply(text).catch(() => undefined);
    },
    pending: () => pendingTotal,
    close: () => {
      closed = true;
      for (const lane of lanes.values()) {
        for (const update of lane.waiting) settle(update);
        lane.waiting = [];
      }
    },
  };
}

/** The chat an update belongs to, as `sequentialize` keys it (see `chatKey` in create-bot). */
function laneKey(update: Update): string | undefined {
  const { chat, from } = updateParties(update);
  return chat?.id.toString() ?? from?.id.toString();
}

function senderKey(update: Update): string | undefined {
  const { chat, from } = updateParties(update);
  return from?.id.toString() ?? chat?.id.toString();
}

function updateParties(update: Update): { chat?: { id: number }; from?: { id: number } } {
  const message =
    update.message ??
    update.edited_message ??
    update.channel_post ??
    update.edited_channel_post ??
    update.business_message ??
    update.edited_business_message;
  if (message) return { chat: message.chat, from: message.from };
  if (update.callback_query) {
    return { chat: update.callback_query.message?.chat, from: update.callback_query.from };
  }
  const member = update.my_chat_member ?? update.chat_member ?? update.chat_join_request;
  if (member) return { chat: member.chat, from: member.from };
  const other =
    update.inline_query ??
    update.chosen_inline_result ??
    update.shipping_query ??
    update.pre_checkout_query ??
    update.poll_answer;
  if (other && "from" in other) return { from: other.from };
  if (other && "user" in other) return { from: other.user };
  return {};
}
