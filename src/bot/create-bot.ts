import { sequentialize } from "@grammyjs/runner";
import { Bot, type Composer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import type { ChatFairness } from "./fairness.ts";
import type { FlowDefinition } from "./flows.ts";
import { attachContext } from "./middleware/attach-context.ts";
import { errorBoundary } from "./middleware/error-boundary.ts";
import { dispatchFlows } from "./middleware/flow-dispatch.ts";
import { inputSanity } from "./middleware/input-sanity.ts";
import { replyPacer } from "./reply-pacer.ts";
import { boundedAutoRetry, boundedNetworkRetry } from "./telegram-retry.ts";

export interface BotOptions {
  apiRoot: string;
  /** Skips getMe when known (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Feature composers in order; the fallback comes last. */
  features: Composer<BotContext>[];
  flows: FlowDefinition[];
  /** Drops what a flooding user sends beyond the limit (see fairness.ts). */
  fairness?: ChatFairness;
}

/** Wires the bot: no polling, no environment, no side effects. */
export function createBot(token: string, deps: AppDeps, options: BotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    client: { apiRoot: options.apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });

  // Replies are paced per chat and per group; bulk sends go through the delivery queue instead.
  bot.api.config.use(replyPacer({ maxConcurrent: 100, groupGapMs: 3000, privateChatGapMs: 100 }));
  // Outside the throttler, so a retried call is paced too; bounded, unlike its defaults.
  bot.api.config.use(boundedAutoRetry());
  bot.api.config.use(boundedNetworkRetry());

  // Before sequentialize: a dropped flood update does not wait for its chat's turn.
  if (options.fairness) bot.use(options.fairness.gate);
  bot.use(sequentialize(chatKey));
  bot.use(errorBoundary(deps));
  bot.use(attachContext(deps));
  if (options.fairness) bot.use(options.fairness.notice);
  bot.use(inputSanity());
  bot.use(dispatchFlows(options.flows));
  for (const feature of options.features) bot.use(feature);

  bot.catch((error) => {
    // Only errors meant for a retry reach here (see errorBoundary): the inbox keeps the update.
    throw error;
  });
  return bot;
}

/** Updates of one chat are handled in order; different chats run concurrently. */
export function chatKey(ctx: { chat?: { id: number }; from?: { id: number } }): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}
