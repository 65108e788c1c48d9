/**
 * Indonesia's 2026 days off (SKB 3 Menteri: Menag 1497/2025, Menaker 2/2025, MenPANRB 5/2025;
 * 17 national holidays and 8 cuti bersama days), used to seed the editable holiday table,
 * plus machine-proposed candidates for years nobody has entered yet.
 */

import type Holidays from "date-holidays";
import { lazyModule } from "../shared/lazy-module.ts";

/** The library carries every country's rules; it is loaded only when candidates are asked for. */
const holidaysLibrary = lazyModule<typeof Holidays>("date-holidays");

import { addDays } from "./time.ts";

export type HolidayKind = "national" | "cuti_bersama";

export interface Holiday {
  date: string;
  name: string;
  kind: HolidayKind;
}

/**
 * Dates checked against the published SKB list. The Islamic dates (Isra Mikraj, Idulfitri,
 * Iduladha, 1 Muharam, Maulid) follow the decree, which fixes them ahead by hisab; the
 * government can still move them after rukyat, so treat those five as the ones most likely
 * to change.
 */
export const HOLIDAYS_2026: readonly Holiday[] = Object.freeze([
  { date: "2026-01-01", name: "Tahun Baru 2026 Masehi", kind: "national" },
  { date: "2026-01-16", name: "Isra Mikraj Nabi Muhammad SAW", kind: "national" },
  { date: "2026-02-16", name: "Cuti Bersama Tahun Baru Imlek", kind: "cuti_bersama" },
  { date: "2026-02-17", name: "Tahun Baru Imlek 2577 Kongzili", kind: "national" },
  { date: "2026-03-18", name: "Cuti Bersama Hari Suci Nyepi", kind: "cuti_bersama" },
  { date: "2026-03-19", name: "Hari Suci Nyepi (Tahun Baru Saka 1948)", kind: "national" },
  { date: "2026-03-20", name: "Cuti Bersama Idulfitri 1447 H", kind: "cuti_bersama" },
  { date: "2026-03-21", name: "Idulfitri 1447 H", kind: "national" },
  { date: "2026-03-22", name: "Idulfitri 1447 H", kind: "national" },
  { date: "2026-03-23", name: "Cuti Bersama Idulfitri 1447 H", kind: "cuti_bersama" },
  { date: "2026-03-24", name: "Cuti Bersama Idulfitri 1447 H", kind: "cuti_bersama" },
  { date: "2026-04-03", name: "Wafat Yesus Kristus", kind: "national" },
  { date: "2026-04-05", name: "Kebangkitan Yesus Kristus (Paskah)", kind: "national" },
  { date: "2026-05-01", name: "Hari Buruh Internasional", kind: "national" },
  { date: "2026-05-14", name: "Kenaikan Yesus Kristus", kind: "national" },
  { date: "2026-05-15", name: "Cuti Bersama Kenaikan Yesus Kristus", kind: "cuti_bersama" },
  { date: "2026-05-27", name: "Iduladha 1447 H", kind: "national" },
  { date: "2026-05-28", name: "Cuti Bersama Iduladha 1447 H", kind: "cuti_bersama" },
  { date: "2026-05-31", name: "Hari Raya Waisak 2570 BE", kind: "national" },
  { date: "2026-06-01", name: "Hari Lahir Pancasila", kind: "national" },
  { date: "2026-06-16", name: "1 Muharam Tahun Baru Islam 1448 H", kind: "national" },
  { date: "2026-08-17", name: "Proklamasi Kemerdekaan Republik Indonesia", kind: "national" },
  { date: "2026-08-25", name: "Maulid Nabi Muhammad SAW", kind: "national" },
  { date: "2026-12-24", name: "Cuti Bersama Kelahiran Yesus Kristus", kind: "cuti_bersama" },
  { date: "2026-12-25", name: "Kelahiran Yesus Kristus (Natal)", kind: "national" },
]);

/** Why a proposed candidate needs a human look, as codes the bot can translate. */
export type CandidateReviewHint =
  /** The library computes the Hijri calendar arithmetically; it was a day off in 2025 and 2026. */
  | "islamic_date_estimate"
  /** The library calls Isra Mikraj "Maulid"; the name was corrected from its 27 Rajab rule. */
  | "renamed_from_library"
  /** The library has no Easter Sunday; derived as Good Friday + 2 days. */
  | "derived_from_good_friday";

export interface HolidayCandidate extends Holiday {
  source: "skb" | "date-holidays";
  needsReview: boolean;
  reviewHints: CandidateReviewHint[];
}

export const SEEDED_HOLIDAY_YEAR = 2026;

/**
 * Days off to offer an administrator for `year`. For 2026 this is the decreed table. For
 * other years it is what `date-holidays` knows, all marked for review: it has no cuti bersama
 * at all and has Nyepi and Waisak only up to 2027, so those must be added by hand.
 */
export function proposeHolidayCandidates(year: number): HolidayCandidate[] {
  if (!Number.isInteger(year)) throw new RangeError(`Expected a calendar year, got ${year}`);
  if (year === SEEDED_HOLIDAY_YEAR) {
    return HOLIDAYS_2026.map((holiday) => ({
      ...holiday,
      source: "skb",
      needsReview: false,
      reviewHints: [],
    }));
  }

  const candidates: HolidayCandidate[] = [];
  for (const holiday of new (holidaysLibrary())("ID").getHolidays(year, "id")) {
    if (holiday.type !== "public") continue;
    const date = holiday.date.slice(0, 10);
    const reviewHints: CandidateReviewHint[] = [];
    let name = holiday.name;
    if (isHijriRule(holiday.rule)) reviewHints.push("islamic_date_estimate");
    if (holiday.rule === "27 Rajab") {
      name = "Isra Mikraj Nabi Muhammad SAW";
      reviewHints.push("renamed_from_library");
    }
    candidates.push(candidate(date, name, reviewHints));
    if (holiday.rule === "easter -2") {
      candidates.push(
        candidate(addDays(date, 2), "Kebangkitan Yesus Kristus (Paskah)", [
          "derived_from_good_friday",
        ]),
      );
    }
  }
  return candidates
    .filter((item) => item.date.startsWith(`${year}-`))
    .sort((a, b) => compareStrings(a.date, b.date) || compareStrings(a.name, b.name));
}

function candidate(
  date: string,
  name: string,
  reviewHints: CandidateReviewHint[],
): HolidayCandidate {
  return { date, name, kind: "national", source: "date-holidays", needsReview: true, reviewHints };
}

const HIJRI_MONTHS = [
  "Muharram",
  "Safar",
  "Rabi al-awwal",
  "Rabi al-thani",
  "Jumada al-awwal",
  "Jumada al-thani",
  "Rajab",
  "Shaban",
  "Ramadan",
  "Shawwal",
  "Dhu al-Qidah",
  "Dhu al-Hijjah",
];

function isHijriRule(rule: string): boolean {
  return HIJRI_MONTHS.some((month) => rule.endsWith(` ${month}`));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
