/**
 * NIP (Nomor Induk Pegawai), the 18-digit civil-servant number.
 *
 * PNS layout (Perka BKN 22/2007): birth date YYYYMMDD, first appointment (TMT CPNS) YYYYMM,
 * sex 1/2, sequence 001–999. There is no checksum, so validation can only check plausibility.
 * PPPK numbers share the length but digits 13–14 are not a month; their layout is unverified,
 * so they pass a looser rule and are flagged with kind "PPPK".
 *
 * Results carry problem codes and details, never user-facing text: the bot translates them.
 */

import { daysInMonth, localDate, parseIsoDate } from "./time.ts";

export const NIP_LENGTH = 18;
export const MIN_AGE_YEARS = 18;
export const MAX_AGE_YEARS = 70;

export type NipKind = "PNS" | "PPPK";
export type Sex = "L" | "P";

export type NipProblem =
  | { code: "not_digits"; invalidCharacters: string }
  | { code: "wrong_length"; length: number }
  | { code: "bad_birth_date"; birthDigits: string }
  | { code: "birth_date_in_future"; birthDate: string }
  | { code: "age_out_of_range"; age: number; minAge: number; maxAge: number }
  | { code: "bad_sex_digit"; digit: string }
  | { code: "zero_sequence" }
  | { code: "bad_appointment_month"; appointmentDigits: string; month: string }
  | { code: "appointment_before_18"; appointment: string; earliestAppointment: string }
  | { code: "appointment_in_future"; appointment: string; currentMonth: string };

export interface ParsedNip {
  ok: true;
  nip: string;
  kind: NipKind;
  birthDate: string;
  /** "YYYY-MM"; absent for PPPK, whose layout is unverified. */
  appointment?: string;
  sex: Sex;
}

export type NipParseResult = ParsedNip | { ok: false; reason: NipProblem };

export interface ParseNipOptions {
  /** Zone whose calendar decides what "today" is; WIB unless told otherwise. */
  timeZone?: string;
}

// People type NIPs in the groups printed on ID cards: "19850312 201001 1 003".
// Unicode hyphens and dashes arrive when NIPs are pasted from documents.
const SEPARATORS = /[\s.\-\u2010-\u2015]/g;

/** Strips the spaces, dots and dashes people put between digit groups. */
export function normaliseNipInput(input: string): string {
  return input.replace(SEPARATORS, "");
}

export function parseNip(
  input: string,
  today: Date,
  options: ParseNipOptions = {},
): NipParseResult {
  const nip = normaliseNipInput(input);
  const invalidCharacters = [...new Set(nip.replace(/\d/g, ""))].join("");
  if (invalidCharacters.length > 0) return fail({ code: "not_digits", invalidCharacters });
  if (nip.length !== NIP_LENGTH) return fail({ code: "wrong_length", length: nip.length });

  const todayDate = localDate(today, options.timeZone ?? "Asia/Jakarta");
  const { year: todayYear, month: todayMonth, day: todayDay } = parseIsoDate(todayDate);

  const birthYear = Number(nip.slice(0, 4));
  const birthMonth = Number(nip.slice(4, 6));
  const birthDay = Number(nip.slice(6, 8));
  if (
    birthMonth < 1 ||
    birthMonth > 12 ||
    birthDay < 1 ||
    birthDay > daysInMonth(birthYear, birthMonth)
  ) {
    return fail({ code: "bad_birth_date", birthDigits: nip.slice(0, 8) });
  }
  const birthDate = `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`;
  if (birthDate > todayDate) return fail({ code: "birth_date_in_future", birthDate });

  const hadBirthdayThisYear =
    todayMonth > birthMonth || (todayMonth === birthMonth && todayDay >= birthDay);
  const age = todayYear - birthYear - (hadBirthdayThisYear ? 0 : 1);
  if (age < MIN_AGE_YEARS || age > MAX_AGE_YEARS) {
    return fail({ code: "age_out_of_range", age, minAge: MIN_AGE_YEARS, maxAge: MAX_AGE_YEARS });
  }

  const sexDigit = nip.charAt(14);
  if (sexDigit !== "1" && sexDigit !== "2") return fail({ code: "bad_sex_digit", digit: sexDigit });
  const sex: Sex = sexDigit === "1" ? "L" : "P";

  if (nip.slice(15) === "000") return fail({ code: "zero_sequence" });

  const appointmentYear = Number(nip.slice(8, 12));
  const appointmentMonthDigits = nip.slice(12, 14);
  const appointmentMonth = Number(appointmentMonthDigits);

  if (appointmentMonth < 1 || appointmentMonth > 12) {
    const plausiblePppkYear =
      appointmentYear >= birthYear + MIN_AGE_YEARS && appointmentYear <= todayYear;
    if (plausiblePppkYear) return { ok: true, nip, kind: "PPPK", birthDate, sex };
    return fail({
      code: "bad_appointment_month",
      appointmentDigits: nip.slice(8, 14),
      month: appointmentMonthDigits,
    });
  }

  const appointment = `${nip.slice(8, 12)}-${appointmentMonthDigits}`;
  const earliestAppointment = `${String(birthYear + MIN_AGE_YEARS).padStart(4, "0")}-${nip.slice(4, 6)}`;
  if (appointment < earliestAppointment) {
    return fail({ code: "appointment_before_18", appointment, earliestAppointment });
  }
  const currentMonth = todayDate.slice(0, 7);
  if (appointment > currentMonth) {
    return fail({ code: "appointment_in_future", appointment, currentMonth });
  }

  return { ok: true, nip, kind: "PNS", birthDate, appointment, sex };
}

/**
 * "19850312 201001 1 003", the grouping printed on civil-servant cards. Input that is not 18
 * digits after stripping separators is returned unchanged, so display code never throws.
 */
export function formatNip(nip: string): string {
  const digits = normaliseNipInput(nip);
  if (!/^\d{18}$/.test(digits)) return nip;
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}

function fail(reason: NipProblem): { ok: false; reason: NipProblem } {
  return { ok: false, reason };
}

/**
 * A NIP shortened for records that must not hold it in clear (audit details): the first four
 * and last four digits, "1975…0001". Anything that is not 18 digits shows only its length.
 */
export function maskNip(nip: string): string {
  if (!/^\d{18}$/.test(nip)) return `…(${nip.length})`;
  return `${nip.slice(0, 4)}…${nip.slice(-4)}`;
}
