import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { useLocale } from "../../bot/middleware/attach-context.ts";
import { isLocale } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { commandsFor } from "../command-catalog.ts";
import { isStaff, rolesOfActor } from "../command-menus.ts";
import { chooseLanguageButton } from "./core.callbacks.ts";
import { chooseLanguage } from "./core.service.ts";

/** /help, /id, /bahasa and /batal: what every user can do whatever their role. */
export function createCoreComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command("help", async (ctx) => {
    const roles = await rolesOfActor(ctx.deps.db, ctx.actor);
    const lines = commandsFor(roles).map(
      (entry) => `/${entry.command} — ${escapeHtml(ctx.t(entry.descriptionKey))}`,
    );
    const roleNames = roles.map((role) => ctx.t(`roles.${role}`)).join(", ");
    const rolesLine =
      roles.length > 0 ? ctx.t("help.roles", { roles: roleNames }) : ctx.t("help.no_role");
    const guide = isStaff(roles) ? ["", ctx.t("help.guide")] : [];
    await ctx.reply([ctx.t("help.title"), rolesLine, "", ...lines, ...guide].join("\n"), {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
  });

  composer.command("id", async (ctx) => {
    if (!ctx.from) return;
    await ctx.reply(ctx.t("core.your_id", { id: ctx.from.id }), { parse_mode: "HTML" });
  });

  composer.command("bahasa", async (ctx) => {
    const keyboard = new InlineKeyboard()
      .text(ctx.t("language.button_id"), chooseLanguageButton.build({ locale: "id" }))
      .text(ctx.t("language.button_en"), chooseLanguageButton.build({ locale: "en" }));
    await ctx.reply(ctx.t("language.choose"), { reply_markup: keyboard });
  });

  composer.callbackQuery(chooseLanguageButton.filter, async (ctx) => {
    const { locale } = chooseLanguageButton.values(ctx.match);
    if (!ctx.actor || !isLocale(locale)) {
      await ctx.answerCallbackQuery();
      return;
    }
    await chooseLanguage(ctx.deps.db, ctx.actor.telegramUserId, locale);
    useLocale(ctx, locale);
    await ctx.answerCallbackQuery({ text: ctx.t("language.changed") });
    await ctx.editMessageText(ctx.t("language.changed")).catch(() => undefined);
    const flow = await ctx.flow.current();
    if (flow) await ctx.reply(ctx.t("flow.resume_hint"));
  });

  composer.command("batal", async (ctx) => {
    const flow = await ctx.flow.current();
    if (!flow) {
      await ctx.reply(ctx.t("flow.nothing_to_cancel"));
      return;
    }
    await ctx.flow.end();
    await ctx.reply(ctx.t("flow.cancelled"), { reply_markup: { remove_keyboard: true } });
  });

  return composer;
}
