import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { groupCommands } from "../command-catalog.ts";

const commandPattern = /^\/([A-Za-z0-9_]{1,32})(?:@(\w+))?(?:\s|$)/;

/**
 * Personal data (names, NIPs, phones, cards, recaps, audit entries) is shown in private chats only.
 * In a group or channel, a command not marked `inGroups` in the command catalog gets one polite
 * line pointing to a private chat with the bot, a button gets the same as an alert, and nothing
 * else is answered; no feature sees the update. Runs before every feature.
 */
export function createGroupGuardComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    const type = ctx.chat?.type;
    if (type === undefined || type === "private") return next();
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({
        text: ctx.t("access.private_only_button"),
        show_alert: true,
      });
      return;
    }
    const message = ctx.message ?? ctx.channelPost;
    if (!message) return next();
    const match = commandPattern.exec(message.text ?? message.caption ?? "");
    if (!match) return;
    const [, command = "", addressedTo] = match;
    // "/status@other_bot" is meant for another bot in the group.
    if (addressedTo && addressedTo.toLowerCase() !== ctx.me.username.toLowerCase()) return;
    if (groupCommands.has(command.toLowerCase())) return next();
    ctx.logger.info({ command: command.toLowerCase(), chat_type: type }, "access.group_refused");
    await ctx.reply(ctx.t("access.private_only", { bot: ctx.me.username }), {
      link_preview_options: { is_disabled: true },
    });
  });
  return composer;
}
