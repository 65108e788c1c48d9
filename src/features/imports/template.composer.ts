import { Composer, InputFile } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { type ImportKind, importKinds, importKindWords } from "../../imports/import-kinds.ts";
import { importTemplateXlsx, templateFileBase } from "../../imports/import-templates.ts";
import { requireRole } from "../access/require-role.ts";

/**
 * `/template [peserta|instansi|penempatan|jadwal]`: the XLSX example files /impor reads, each
 * with a "Petunjuk" sheet. Only those who may import (administrators, coordinators) get them.
 */
export function createTemplateComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("template", async (ctx) => {
    if (!(await requireRole(ctx, ["admin", "coordinator"]))) return;
    const word = ctx.match.trim().toLowerCase();
    const chosen = word ? importKindWords[word] : undefined;
    if (word && !chosen) {
      await ctx.reply(ctx.t("templates.usage"));
      return;
    }
    const kinds: readonly ImportKind[] = chosen ? [chosen] : importKinds;
    await ctx.reply(ctx.t("templates.intro"));
    for (const kind of kinds) {
      const xlsx = await importTemplateXlsx(kind, ctx.t);
      await ctx.replyWithDocument(new InputFile(xlsx, `${templateFileBase(kind)}.xlsx`), {
        caption: ctx.t(`templates.caption.${kind}`),
      });
    }
    ctx.logger.info({ files: kinds.length }, "templates.sent");
  });
  return composer;
}
