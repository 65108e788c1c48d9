import { classifyCheckIn } from "../../domain/attendance.ts";
import { localDate, localTime } from "../../domain/time.ts";
import type { DayStatus } from "../../domain/working-days.ts";

export interface CheckInWindow {
  checkInOpensAt: string;
  checkInClosesAt: string;
  startOfDayAt: string;
}

export interface CheckInCalendar {
  startDate: string;
  endDate: string;
  statusOn(isoDate: string): DayStatus;
}

export type CheckInDay =
  | { kind: "before_program"; startDate: string }
  | { kind: "after_program"; endDate: string }
  | { kind: "weekend"; localDate: string }
  | { kind: "holiday"; localDate: string; holidayName: string | undefined }
  | { kind: "outside_window"; localDate: string; localTime: string; tooEarly: boolean }
  | { kind: "open"; localDate: string; localTime: string; status: "HADIR" | "TERLAMBAT" };

/**
 * Whether a check-in may be made at `at`, judged on the host province's wall clock: within the
 * program's dates, on a working day, inside the check-in window; and on time or late.
 */
export function evaluateCheckInDay(
  at: Date,
  timeZone: string,
  window: CheckInWindow,
  calendar: CheckInCalendar,
): CheckInDay {
  const today = localDate(at, timeZone);
  const time = localTime(at, timeZone);
  if (today < calendar.startDate) return { kind: "before_program", startDate: calendar.startDate };
  if (today > calendar.endDate) return { kind: "after_program", endDate: calendar.endDate };
  const status = calendar.statusOn(today);
  if (status.status === "weekend") return { kind: "weekend", localDate: today };
  if (status.status === "holiday") {
    return { kind: "holiday", localDate: today, holidayName: status.holidayName };
  }
  const classification = classifyCheckIn({
    localTime: time,
    startOfDay: window.startOfDayAt,
    windowStart: window.checkInOpensAt,
    windowEnd: window.checkInClosesAt,
  });
  if (classification === "OUTSIDE_WINDOW") {
    return {
      kind: "outside_window",
      localDate: today,
      localTime: time,
      tooEarly: time < window.checkInOpensAt,
    };
  }
  return { kind: "open", localDate: today, localTime: time, status: classification };
}

export interface LocationMessage {
  date: number;
  location?: {
    latitude: number;
    longitude: number;
    horizontal_accuracy?: number;
    live_period?: number;
  };
  venue?: unknown;
  forward_origin?: unknown;
}

export type LocationCheck =
  | { ok: true; latitude: number; longitude: number; accuracyM: number | null }
  | { ok: false; reason: "not_location" | "forwarded" | "venue" | "live" | "stale" };

/** A location older than this (by the message date) is not "current". */
export const MAX_LOCATION_AGE_SECONDS = 60;

/**
 * Accepts only the participant's own current location: not forwarded, not a place picked from
 * a list (venue), not a live location, and sent within the last minute.
 */
export function checkLocationMessage(message: LocationMessage, now: Date): LocationCheck {
  if (!message.location) return { ok: false, reason: "not_location" };
  if (message.forward_origin) return { ok: false, reason: "forwarded" };
  if (message.venue) return { ok: false, reason: "venue" };
  if (message.location.live_period !== undefined) return { ok: false, reason: "live" };
  const ageSeconds = Math.floor(now.getTime() / 1000) - message.date;
  if (ageSeconds > MAX_LOCATION_AGE_SECONDS) return { ok: false, reason: "stale" };
  const accuracy = message.location.horizontal_accuracy;
  return {
    ok: true,
    latitude: message.location.latitude,
    longitude: message.location.longitude,
    accuracyM: accuracy !== undefined && Number.isFinite(accuracy) ? accuracy : null,
  };
}

/** "350 m" or "1,2 km" (id) / "1.2 km" (en). */
export function formatDistance(metres: number, locale: "id" | "en"): string {
  if (metres < 1000) return `${Math.round(metres)} m`;
  const km = (metres / 1000).toFixed(1);
  return `${locale === "id" ? km.replace(".", ",") : km} km`;
}
