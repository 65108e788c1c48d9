import { basename } from "node:path";
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { eraseOwnData, keepOwnData } from "./own-data.callbacks.ts";
import { erasePerson, exportPersonData } from "./own-data.service.ts";

/** /dataku and /hapusdata: a person's own data, to copy or to erase (UU 27/2022). */
export function createOwnDataComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType("private");

  privateChat.command("dataku", async (ctx) => {
    const personId = ctx.actor?.personId;
    const exported = personId
      ? await exportPersonData(ctx.deps.db, personId, ctx.deps.clock.now())
      : undefined;
    if (!exported) {
      await ctx.reply(ctx.t("own_data.no_data"));
      return;
    }
    await ctx.replyWithDocument(new InputFile(exported.content, exported.fileName), {
      caption: ctx.t("own_data.export_caption"),
    });
    // The received files themselves (final reports), as they are stored.
    for (const path of exported.files) {
      await ctx
        .replyWithDocument(new InputFile(path, basename(path)))
        .catch((error: unknown) =>
          ctx.logger.warn({ code: (error as { code?: string }).code }, "own_data.file_not_sent"),
        );
    }
    ctx.logger.info({ personId }, "own_data.exported");
  });

  privateChat.command("hapusdata", async (ctx) => {
    const personId = ctx.actor?.personId;
    if (!personId) {
      await ctx.reply(ctx.t("own_data.no_data"));
      return;
    }
    const keyboard = new InlineKeyboard()
      .text(ctx.t("own_data.erase_confirm_button"), eraseOwnData.build({ personId }))
      .row()
      .text(ctx.t("own_data.erase_cancel_button"), keepOwnData.build({}));
    await ctx.reply(ctx.t("own_data.erase_confirm"), {
      parse_mode: "HTML",
      reply_markup: keyboard,
    });
  });

  composer.callbackQuery(eraseOwnData.filter, async (ctx) => {
    const { personId } = eraseOwnData.values(ctx.match);
    // The button names the person it was made for: only that person, and only while they exist.
    if (!ctx.actor || !personId || ctx.actor.personId !== personId) {
      await ctx.answerCallbackQuery({ text: ctx.t("own_data.stale_button") });
      await ctx.reply(ctx.t("own_data.stale_button"));
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const result = await erasePerson(ctx.deps.db, personId, {
      now: ctx.deps.clock.now(),
      logger: ctx.logger,
      dataDir: ctx.deps.config.dataDir,
    });
    if (!result) {
      await ctx.reply(ctx.t("own_data.no_data"));
      return;
    }
    ctx.logger.info({ ...result.stores, files: result.filesDeleted }, "own_data.erased");
    await ctx.reply(ctx.t("own_data.erased"), { reply_markup: { remove_keyboard: true } });
  });

  composer.callbackQuery(keepOwnData.filter, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("own_data.erase_cancelled"));
  });

  return composer;
}
