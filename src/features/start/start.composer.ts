import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { escapeHtml } from "../../shared/html.ts";
import { isStaff, menuDeps, refreshCommandMenu, rolesOfActor } from "../command-menus.ts";

/**
 * /start without a code. With a code (a deep link) the invite feature answers; when no feature
 * recognises the code, the last handler here says so.
 */
export function createStartComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("start", async (ctx, next) => {
    if (ctx.match) return next();
    const roles = await rolesOfActor(ctx.deps.db, ctx.actor);
    const name = ctx.from?.first_name ?? "";
    if (roles.length === 0) {
      // No role yet: the user's id is what an administrator (or ADMIN_TELEGRAM_IDS) needs.
      await ctx.reply(
        [
          ctx.t("start.welcome", { name: escapeHtml(name) }),
          "",
          ctx.t("start.your_id", { id: ctx.from?.id }),
        ].join("\n"),
        { parse_mode: "HTML" },
      );
      return;
    }
    // Administrators come from the config, not from a grant: /start is where their menu appears.
    if (isStaff(roles) && ctx.actor) {
      await refreshCommandMenu(menuDeps(ctx), ctx.actor.telegramUserId);
    }
    await ctx.reply(ctx.t("start.welcome_back", { name }));
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
