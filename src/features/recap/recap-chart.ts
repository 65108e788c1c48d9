import { type RateChartInput, renderRateBarChart } from "../../charts/rate-bar-chart.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";
import { STATUS_PALETTE } from "../../shared/status-palette.ts";
import { type RecapData, recapRates } from "./recap-data.service.ts";

/** Attendance rate per working day and per host agency over the period so far (PNG). */
export function renderRecapChart(t: Translate, locale: Locale, data: RecapData): Promise<Buffer> {
  return renderRateBarChart(recapChartInput(t, locale, data));
}

/** The chart's series: rates from the one definition (domain/attendance-rate.ts). */
export function recapChartInput(t: Translate, locale: Locale, data: RecapData): RateChartInput {
  const rates = recapRates(data);
  return {
    title: t("recap.chart_title"),
    subtitle: data.program.name,
    panels: [
      {
        title: t("recap.chart_per_day"),
        bars: data.days.map((day, index) => ({
          // A day still open reads "so far"; its low rate is not yet a finding.
          label: data.closed[index]
            ? formatDateId(day, locale)
            : t("recap.chart_open_day", { date: formatDateId(day, locale) }),
          rate: rates.perDay[index] ?? null,
          pending: rates.perDayPending[index] ?? null,
        })),
        // Check-ins awaiting review: their own series, never part of the rate.
        pendingSeries: { label: t("recap.chart_pending"), color: STATUS_PALETTE.PENDING.fill },
      },
      {
        title: t("recap.chart_per_unit"),
        bars: rates.perUnit.map((unit) => ({
          label: unit.id === null ? t("recap.unplaced") : unit.label,
          rate: unit.rate,
        })),
      },
    ],
  };
}
