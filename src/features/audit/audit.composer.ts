import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatTimeWithZone, localDate } from "../../domain/time.ts";
import { escapeHtml } from "../../shared/html.ts";
import { requireRole } from "../access/require-role.ts";
import { actorNames, latestAuditEntries } from "./audit.service.ts";

const maxMessageLength = 4000;

/** /audit [n]: the latest audit entries, for administrators. */
export function createAuditComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("audit", async (ctx) => {
    if (!(await requireRole(ctx, ["admin"]))) return;
    const wanted = Number.parseInt(ctx.match.trim() || "20", 10);
    const limit = Number.isFinite(wanted) ? Math.min(Math.max(wanted, 1), 50) : 20;
    const entries = await latestAuditEntries(ctx.deps.db, limit);
    if (entries.length === 0) {
      await ctx.reply(ctx.t("audit.empty"));
      return;
    }
    const names = await actorNames(ctx.deps.db, entries);
    const lines = [ctx.t("audit.title", { count: entries.length })];
    for (const entry of entries) {
      // Administrators read the log from anywhere; WIB keeps one clock for everyone.
      const when = `${localDate(entry.createdAt, "Asia/Jakarta")} ${formatTimeWithZone(entry.createdAt, "Asia/Jakarta")}`;
      const actor = entry.actorId ? (names.get(entry.actorId) ?? "?") : ctx.t("audit.system");
      const program = entry.program?.name ? ` · ${escapeHtml(entry.program.name)}` : "";
      const line = `${when} · <b>${escapeHtml(entry.action)}</b> · ${escapeHtml(actor)}${program}`;
      if (lines.join("\n").length + line.length > maxMessageLength) break;
      lines.push(line);
    }
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  });
  return composer;
}
