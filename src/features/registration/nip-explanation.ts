import type { NipProblem } from "../../domain/nip.ts";

export interface Explanation {
  key: string;
  vars: Record<string, string | number>;
}

/**
 * Turns a NIP problem into the locale key and values that tell the person what exactly is
 * wrong, so they can find the typo instead of guessing. The birth-date code is split further:
 * a month that is not a month reads differently from a day the month does not have.
 */
export function explainNipProblem(problem: NipProblem): Explanation {
  switch (problem.code) {
    case "not_digits":
      return {
        key: "registration.nip.not_digits",
        vars: { characters: problem.invalidCharacters },
      };
    case "wrong_length":
      return { key: "registration.nip.wrong_length", vars: { length: problem.length } };
    case "bad_birth_date":
      return explainBirthDigits(problem.birthDigits);
    case "birth_date_in_future":
      return {
        key: "registration.nip.birth_date_in_future",
        vars: { date: dayMonthYear(problem.birthDate) },
      };
    case "age_out_of_range":
      return {
        key: "registration.nip.age_out_of_range",
        vars: { age: problem.age, minAge: problem.minAge, maxAge: problem.maxAge },
      };
    case "bad_sex_digit":
      return { key: "registration.nip.bad_sex_digit", vars: { digit: problem.digit } };
    case "zero_sequence":
      return { key: "registration.nip.zero_sequence", vars: {} };
    case "bad_appointment_month":
      return {
        key: "registration.nip.bad_appointment_month",
        vars: { month: problem.month, digits: problem.appointmentDigits },
      };
    case "appointment_before_18":
      return {
        key: "registration.nip.appointment_before_18",
        vars: {
          appointment: monthYear(problem.appointment),
          earliest: monthYear(problem.earliestAppointment),
        },
      };
    case "appointment_in_future":
      return {
        key: "registration.nip.appointment_in_future",
        vars: { appointment: monthYear(problem.appointment) },
      };
  }
}

function explainBirthDigits(digits: string): Explanation {
  const year = digits.slice(0, 4);
  const month = digits.slice(4, 6);
  const day = digits.slice(6, 8);
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) {
    return { key: "registration.nip.bad_birth_month", vars: { month, digits } };
  }
  return { key: "registration.nip.bad_birth_day", vars: { day, month, year, digits } };
}

/** "2010-01" → "01/2010": digits as they appear in the NIP, in the order people read dates. */
function monthYear(yearMonth: string): string {
  return `${yearMonth.slice(5, 7)}/${yearMonth.slice(0, 4)}`;
}

function dayMonthYear(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}
