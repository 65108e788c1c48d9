import { type ChartSegment, renderStackedBarChart } from "../../charts/stacked-bar-chart.ts";
import { formatDateId, formatTimeWithZone } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { STATUS_PALETTE } from "../../shared/status-palette.ts";
import type { StaffProgram } from "../shared/staff-program.service.ts";
import type { DailyStatus } from "./daily-status.service.ts";
import { missingLabel } from "./status.render.ts";

/** Okabe–Ito colours per status (shared/status-palette.ts): Hadir and Dinas luar told apart. */
const COLORS = {
  HADIR: STATUS_PALETTE.HADIR.fill,
  TERLAMBAT: STATUS_PALETTE.TERLAMBAT.fill,
  IZIN: STATUS_PALETTE.IZIN.fill,
  SAKIT: STATUS_PALETTE.SAKIT.fill,
  DINAS_LUAR: STATUS_PALETTE.DINAS_LUAR.fill,
  pending: STATUS_PALETTE.PENDING.fill,
  missing: STATUS_PALETTE.missing.fill,
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
    label:
      key === "missing"
        ? missingLabel(t, status.closed)
        : t(`status.label.${key === "pending" ? "PENDING" : key}`),
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
