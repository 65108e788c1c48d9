import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";

/** Last in the chain: whatever nobody handled gets a helpful answer instead of silence. */
export function createFallbackComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("fallback.stale_button"), show_alert: false });
  });
  const privateChat = composer.chatType("private");
  privateChat.on("message::bot_command", async (ctx) => {
    await ctx.reply(ctx.t("fallback.unknown_command"));
  });
  privateChat.on("message", async (ctx) => {
    await ctx.reply(ctx.t("fallback.not_understood"));
  });
  return composer;
}
