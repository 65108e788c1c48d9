import type { ScheduleItem } from "../../generated/prisma/client.ts";
import type { Translate } from "../../i18n/i18n.ts";
import { escapeHtml } from "../../shared/html.ts";

/** "• 08:00–12:00 WIB Orientasi — Aula BPSDM" (HTML, coordinator text escaped). */
export function renderScheduleItem(item: ScheduleItem, zone: string): string {
  const time = item.endTime ? `${item.startTime}–${item.endTime}` : item.startTime;
  const place = item.place ? ` — ${escapeHtml(item.place)}` : "";
  return `• ${time} ${zone} <b>${escapeHtml(item.title)}</b>${place}`;
}

export function renderScheduleItems(
  t: Translate,
  items: ScheduleItem[],
  zone: string,
  emptyKey = "schedule.no_items",
): string[] {
  return items.length === 0 ? [t(emptyKey)] : items.map((item) => renderScheduleItem(item, zone));
}
