import { type ChartSegment, renderStackedBarChart } from "../../charts/stacked-bar-chart.ts";
import { formatDateId, formatTimeWithZone } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import type { DailyStatus } from "./daily-status.service.ts";
import type { StaffProgram } from "./staff-program.service.ts";
import { missingLabel } from "./status.render.ts";

const COLORS = {
  HADIR: "#2f9e44",
  TERLAMBAT: "#f59f00",
  IZIN: "#1c7ed6",
  SAKIT: "#ae3ec9",
  DINAS_LUAR: "#0ca678",
  missing: "#adb5bd",
} as const;

/** Today's status per host agency as a stacked bar chart (PNG). */
export function renderDailyStatusChart(
  t: Translate,
  locale: Locale,
  program: StaffProgram,
  status: DailyStatus,
  now: Date,
): Promise<Buffer> {
  const segments: ChartSegment[] = (Object.keys(COLORS) as (keyof typeof COLORS)[]).map((key) => ({
    key,
    color: COLORS[key],
    label: key === "missing" ? missingLabel(t, status.closed) : t(`status.label.${key}`),
  }));
  return renderStackedBarChart({
    title: t("status.chart_title", { date: formatDateId(status.day, locale) }),
    subtitle: `${program.name} · ${formatTimeWithZone(now, program.timeZone)}`,
    segments,
    rows: status.units.map((unit) => ({
      label: unit.hostUnitId === null ? t("status.unplaced") : unit.label,
      values: unit.counts,
    })),
  });
}
