import { isValidClockTime, isValidIsoDate } from "../domain/time.ts";

/**
 * A calendar date as people type it in Indonesia (DD-MM-YYYY, DD/MM/YYYY) or as ISO
 * (YYYY-MM-DD); returns YYYY-MM-DD, or undefined when it is not a real date.
 */
export function parseDateInput(value: string): string | undefined {
  const text = value.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : local
      ? [local[3], local[2], local[1]]
      : [];
  if (!year || !month || !day) return undefined;
  const result = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isValidIsoDate(result) ? result : undefined;
}

/** HH:mm (also H:mm and HH.mm, as spreadsheets and people write it); undefined otherwise. */
export function parseTimeInput(value: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const result = `${match[1].padStart(2, "0")}:${match[2]}`;
  return isValidClockTime(result) ? result : undefined;
}

/** A decimal number, accepting the Indonesian decimal comma ("-7,2597"). */
export function parseDecimalInput(value: string): number | undefined {
  const text = value.trim().replace(",", ".");
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

export function parseWholeNumberInput(value: string): number | undefined {
  const text = value.trim();
  if (!/^\d{1,7}$/.test(text)) return undefined;
  return Number(text);
}
