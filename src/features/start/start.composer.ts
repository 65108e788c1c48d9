import { Composer } from "grammy";
import { rolesOf } from "../../bot/actor.ts";
import type { BotContext } from "../../bot/context.ts";

/**
 * /start without a code. With a code (a deep link) the invite feature answers; when no feature
 * recognises the code, the last handler here says so.
 */
export function createStartComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("start", async (ctx, next) => {
    if (ctx.match) return next();
    const roles = rolesOf(ctx.actor).filter((role) => role !== "participant");
    const key = roles.length > 0 || ctx.actor?.personId ? "start.welcome_back" : "start.welcome";
    await ctx.reply(ctx.t(key, { name: ctx.from?.first_name ?? "" }));
  });
  return composer;
}

export function createUnknownStartCodeComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("start", async (ctx) => {
    await ctx.reply(ctx.t("invite.invalid"));
  });
  return composer;
}
