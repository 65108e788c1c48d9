import type { DayCell } from "../../domain/attendance-rate.ts";
import { formatDateId } from "../../domain/time.ts";
import type { Locale, Translate } from "../../i18n/i18n.ts";

/** Number, date and status wording shared by the dossier and the program report. */

const numberFormats = new Map<string, Intl.NumberFormat>();

/** "4,25" (id) or "4.25" (en): at most two decimals. */
export function formatDecimal(value: number, locale: Locale, digits = 2): string {
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === "id" ? "id-ID" : "en-GB", {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** "Senin, 23 November 2026 s.d. Jumat, 4 Desember 2026". */
export function formatPeriod(t: Translate, locale: Locale, start: string, end: string): string {
  return t("documents.period_range", {
    start: formatDateId(start, locale),
    end: formatDateId(end, locale),
  });
}

/** "Jumat, 4 Desember 2026 14:05 WIB". */
export function formatMoment(
  locale: Locale,
  moment: { date: string; time: string },
  zoneLabel: string,
): string {
  return `${formatDateId(moment.date, locale)} ${moment.time} ${zoneLabel}`;
}

/** The status word of a day in the attendance calendar (the words /status uses). */
export function cellLabel(t: Translate, cell: DayCell): string {
  if (cell === null) return t("status.label.BELUM");
  return t(`status.label.${cell}`);
}
