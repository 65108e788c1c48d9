import { Composer } from "grammy";
import type { BotContext } from "../../bot/context.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";
import { requirePlacement } from "../shared/participant-placement.ts";
import { type AgendaDay, loadParticipantAgenda } from "./schedule.service.ts";
import { renderScheduleItems } from "./schedule-render.ts";

/** /jadwal: today's and this week's agenda in the host province's time zone. */
export function createScheduleComposer(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("jadwal", async (ctx) => {
    const placement = await requirePlacement(ctx);
    if (!placement) return;
    const agenda = await loadParticipantAgenda(ctx.deps.db, placement);
    const lines = [
      ctx.t("schedule.title", {
        unit: escapeHtml(placement.hostUnit.shortName ?? placement.hostUnit.name),
        zone: placement.zone,
      }),
      "",
    ];
    if (agenda.phase === "before") {
      lines.push(
        ctx.t("schedule.before_program", {
          date: formatDateId(agenda.week[0]?.date ?? placement.today, ctx.locale),
        }),
        "",
      );
    } else if (agenda.phase === "after") {
      lines.push(ctx.t("schedule.after_program"), "");
    }
    if (agenda.today) {
      lines.push(ctx.t("schedule.today", { date: formatDateId(agenda.today.date, ctx.locale) }));
      lines.push(...renderDayBody(ctx.t, agenda.today, placement.zone), "");
    }
    lines.push(ctx.t("schedule.this_week"));
    for (const day of agenda.week) {
      lines.push(renderDayHeading(ctx.t, day, ctx.locale));
      if (day.status.status === "working" || day.items.length > 0) {
        lines.push(...renderScheduleItems(ctx.t, day.items, placement.zone));
      }
    }
    await ctx.reply(lines.join("\n"), { parse_mode: "HTML" });
  });
  return composer;
}

function renderDayHeading(t: Translate, day: AgendaDay, locale: "id" | "en"): string {
  const date = formatDateId(day.date, locale);
  if (day.status.status === "weekend") return t("schedule.day_weekend", { date });
  if (day.status.status === "holiday") {
    return t("schedule.day_holiday", {
      date,
      name: escapeHtml(day.status.holidayName ?? t("schedule.holiday_unnamed")),
    });
  }
  return t("schedule.day", { date });
}

function renderDayBody(t: Translate, day: AgendaDay, zone: string): string[] {
  if (day.status.status === "weekend")
    return [t("schedule.today_weekend"), ...itemsIfAny(t, day, zone)];
  if (day.status.status === "holiday") {
    return [
      t("schedule.today_holiday", {
        name: escapeHtml(day.status.holidayName ?? t("schedule.holiday_unnamed")),
      }),
      ...itemsIfAny(t, day, zone),
    ];
  }
  return renderScheduleItems(t, day.items, zone);
}

function itemsIfAny(t: Translate, day: AgendaDay, zone: string): string[] {
  return day.items.length > 0 ? renderScheduleItems(t, day.items, zone) : [];
}
