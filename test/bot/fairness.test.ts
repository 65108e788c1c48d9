import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { createChatFairness, fairnessLimits } from "../../src/bot/fairness.ts";

let nextId = 1;
function message(fromId: number, chatId = fromId): Update {
  return {
    update_id: nextId++,
    message: {
      message_id: nextId,
      date: 0,
      chat: { id: chatId, type: "private", first_name: "U" },
      from: { id: fromId, is_bot: false, first_name: "U" },
      text: "hai",
    },
  } as Update;
}
function press(fromId: number): Update {
  return {
    update_id: nextId++,
    callback_query: {
      id: `cq${nextId}`,
      chat_instance: "x",
      data: "a:b",
      from: { id: fromId, is_bot: false, first_name: "U" },
      message: {
        message_id: 1,
        date: 0,
        chat: { id: fromId, type: "private", first_name: "U" },
      },
    },
  } as Update;
}

/** A handler whose updates finish only when the test says so. */
function controllableHandler() {
  const running: Array<{ update: Update; finish: () => void }> = [];
  const started: number[] = [];
  const handle = (update: Update) =>
    new Promise<void>((resolve) => {
      started.push(update.update_id);
      running.push({ update, finish: resolve });
    });
  const finishOldest = async () => {
    running.shift()?.finish();
    // Let the finished update's continuation start the next one of its chat.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { handle, running, started, finishOldest };
}

/** What the gate and the notice middleware do with an update (the rest of the bot is `next`). */
async function passThrough(fairness: ReturnType<typeof createChatFairness>, update: Update) {
  const events: string[] = [];
  const ctx = {
    update,
    callbackQuery: update.callback_query,
    chat: update.message?.chat ?? update.callback_query?.message?.chat,
    from: update.message?.from ?? update.callback_query?.from,
    logger: { warn: () => undefined },
    t: (key: string) => key,
    answerCallbackQuery: async () => {
      events.push("answered");
      return true;
    },
    reply: async (text: string) => {
      events.push(`reply:${text}`);
    },
  } as unknown as BotContext;
  await fairness.gate(ctx, async () => {
    await fairness.notice(ctx, async () => {
      events.push("handled");
    });
  });
  return events;
}

describe("chat fairness", () => {
  it("lets one chat hold at most slotsPerChat updates, in order, while other chats start at once", async () => {
    const fairness = createChatFairness({ now: () => 0, limits: { floodUpdates: 1000 } });
    const handler = controllableHandler();
    fairness.feed(handler.handle);
    const flood = Array.from({ length: 50 }, () => message(1));
    const returned: number[] = [];
    for (const update of flood) {
      void fairness.dispatch(update).then(() => returned.push(update.update_id));
    }
    await Promise.resolve();
    expect(handler.running).toHaveLength(fairnessLimits.slotsPerChat);
    // The waiting ones gave their slot back to the caller (the runner) at once.
    await new Promise((resolve) => setImmediate(resolve));
    expect(returned).toHaveLength(50 - fairnessLimits.slotsPerChat);

    const other = message(2);
    void fairness.dispatch(other);
    expect(handler.started.at(-1)).toBe(other.update_id);

    while (handler.running.length > 0) await handler.finishOldest();
    const chatOne = handler.started.filter((id) => flood.some((u) => u.update_id === id));
    expect(chatOne).toEqual(flood.map((u) => u.update_id));
    expect(fairness.pending()).toBe(0);
  });

  it("drops what one user sends beyond the limit while a backlog waits, with exactly one notice", async () => {
    let now = 0;
    const fairness = createChatFairness({ now: () => now });
    const seen: Update[] = [];
    fairness.feed(async (update) => {
      seen.push(update);
    });
    // 700 arrive before any is handled (the dispatches run synchronously up to the handler).
    const updates = Array.from({ length: 700 }, () => message(7));
    await Promise.all(updates.map((update) => fairness.dispatch(update)));
    const outcomes = [];
    for (const update of updates) outcomes.push(await passThrough(fairness, update));
    const handled = outcomes.filter((events) => events.includes("handled")).length;
    const notices = outcomes.filter((events) => events.includes("reply:fairness.too_fast"));
    // The first arrives with nothing pending; the next `floodUpdates` count and pass.
    expect(handled).toBe(fairnessLimits.floodUpdates + 1);
    expect(notices).toHaveLength(1);
    // Every update reached the handler (the inbox marks the dropped ones handled, none replays).
    expect(seen).toHaveLength(700);

    // Someone else is not affected.
    const other = message(8);
    await fairness.dispatch(other);
    expect(await passThrough(fairness, other)).toEqual(["handled"]);

    // Later, at a human pace (each answered before the next), the same user is served again.
    now += fairnessLimits.floodWindowMs + 1;
    for (let i = 0; i < 30; i++) {
      const update = message(7);
      await fairness.dispatch(update);
      expect(await passThrough(fairness, update)).toEqual(["handled"]);
    }
  });

  it("answers a dropped button press so it stops spinning, without a reply", async () => {
    const fairness = createChatFairness({ now: () => 0, limits: { floodUpdates: 2 } });
    const seen: Update[] = [];
    fairness.feed(async (update) => {
      seen.push(update);
    });
    const presses = Array.from({ length: 6 }, () => press(9));
    await Promise.all(presses.map((update) => fairness.dispatch(update)));
    const outcomes = [];
    for (const update of presses) outcomes.push(await passThrough(fairness, update));
    expect(seen).toHaveLength(presses.length);
    expect(outcomes.slice(0, 3)).toEqual([["handled"], ["handled"], ["handled"]]);
    expect(outcomes[3]).toEqual(["answered", "reply:fairness.too_fast"]);
    expect(outcomes.slice(4)).toEqual([["answered"], ["answered"]]);
  });

  it("starts nothing more after close: what waited stays in the inbox", async () => {
    const fairness = createChatFairness({ now: () => 0 });
    const handler = controllableHandler();
    fairness.feed(handler.handle);
    for (let i = 0; i < 5; i++) void fairness.dispatch(message(3));
    await Promise.resolve();
    fairness.close();
    while (handler.running.length > 0) await handler.finishOldest();
    expect(handler.started).toHaveLength(fairnessLimits.slotsPerChat);
    expect(fairness.pending()).toBe(0);
  });
});
