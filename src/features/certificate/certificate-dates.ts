import { type DisplayLocale, formatDateId } from "../../domain/time.ts";

/** "4 Desember 2026" (id) or "4 December 2026" (en): the date without its weekday. */
export function formatDateLong(isoDate: string, locale: DisplayLocale): string {
  const full = formatDateId(isoDate, locale);
  return full.slice(full.indexOf(", ") + 2);
}

/** "23 November 2026 s.d. 4 Desember 2026" / "23 November 2026 to 4 December 2026". */
export function formatPeriod(startDate: string, endDate: string, locale: DisplayLocale): string {
  const joiner = locale === "id" ? " s.d. " : " to ";
  return `${formatDateLong(startDate, locale)}${joiner}${formatDateLong(endDate, locale)}`;
}
